"""The full diagnosis suite on synthetic frames: each fault caught, its look-alikes not."""

import cv2
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from events.schema import CheckName as C
from events.schema import Verdict
from stream_gateway.checks.blur import check_blur
from stream_gateway.checks.color_cast import check_color_cast
from stream_gateway.checks.covered import check_covered, newly_covered
from stream_gateway.checks.noise import check_noise
from stream_gateway.checks.overexposed import check_overexposed
from stream_gateway.checks.reference import ReferenceView, reference_view
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.scene_change import check_scene_change
from stream_gateway.checks.suite import aligned, check_frame, detail_kept
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()
W, H = 320, 180


def wide_scene(seed: int = 3, width: int = 2 * W) -> np.ndarray:
    """A street-like BGR panorama: sky gradient, buildings with windows, road."""
    rng = np.random.default_rng(seed)
    img = np.zeros((H, width, 3), np.uint8)
    img[:70] = np.linspace(200, 150, 70, dtype=np.uint8)[:, None, None]
    x = 0
    while x < width:
        w, h = int(rng.integers(20, 50)), int(rng.integers(50, 110))
        colour = tuple(int(c) for c in rng.integers(60, 200, 3))
        cv2.rectangle(img, (x, 120 - h), (x + w, 120), colour, -1)
        for wy in range(125 - h, 115, 10):
            for wx in range(x + 4, x + w - 4, 8):
                cv2.rectangle(img, (wx, wy), (wx + 3, wy + 5), (40, 40, 60), -1)
        x += w + int(rng.integers(2, 8))
    img[120:] = (90, 90, 95)
    for lx in range(0, width, 40):
        cv2.line(img, (lx, 150), (lx + 20, 150), (230, 230, 230), 2)
    return img


PANORAMA = wide_scene()
SCENE = PANORAMA[:, :W].copy()


def gray(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


REFERENCE = reference_view(gray(SCENE), SCENE)


def with_car(bgr: np.ndarray, x: int) -> np.ndarray:
    out = bgr.copy()
    cv2.rectangle(out, (x, 135), (x + 30, 150), (30, 30, 200), -1)
    return out


def blur(picture: np.ndarray, reference: ReferenceView) -> CheckResult:
    kept = detail_kept(picture, reference)
    result = check_blur(picture, reference, T.blur_ratio_min, kept)
    assert result is not None
    return result


def cover(picture: np.ndarray, reference: ReferenceView) -> CheckResult:
    kept = detail_kept(picture, reference)
    assert kept is not None
    result = check_covered(newly_covered(picture, reference, kept), T.covered_share_max)
    assert result is not None
    return result


def test_a_defocused_picture_is_blurred():
    soft = gray(cv2.GaussianBlur(SCENE, (0, 0), 3))
    assert blur(soft, REFERENCE).failed


def test_the_same_view_with_traffic_is_sharp():
    now = gray(with_car(SCENE, 100))
    assert not blur(now, REFERENCE).failed


def test_a_plain_wall_is_not_blurred_against_its_own_reference():
    wall = np.full((H, W, 3), 150, np.uint8)
    cv2.line(wall, (0, 90), (W, 92), (140, 140, 140), 1)
    ref = reference_view(gray(wall), wall)
    assert not blur(gray(wall), ref).failed


def test_burnt_out_picture_is_overexposed_and_a_bright_sky_is_not():
    burnt = np.clip(SCENE.astype(int) * 3, 0, 255).astype(np.uint8)
    assert check_overexposed(
        gray(burnt), None, T.overexposed_share_max, T.overexposed_rise_min
    ).failed
    assert not check_overexposed(
        gray(SCENE), None, T.overexposed_share_max, T.overexposed_rise_min
    ).failed


def covered(share: float) -> np.ndarray:
    out = SCENE.copy()
    width = int(W * share)
    rng = np.random.default_rng(1)
    out[:, :width] = rng.integers(10, 16, (H, width, 1), dtype=np.uint8)
    return out


@pytest.mark.parametrize("share", [0.3, 0.6, 1.0])
def test_a_covered_share_is_measured_with_its_region(share):
    result = cover(gray(covered(share)), REFERENCE)
    assert result.failed
    assert result.score == pytest.approx(share, abs=0.05)
    assert result.region is not None
    x, _, w, h = result.region
    assert x == 0 and w == pytest.approx(share, abs=0.05) and h == 1


def test_a_night_scene_with_dark_areas_is_not_covered_against_its_reference():
    night = (SCENE * 0.35).astype(np.uint8)
    night[:70] = 12
    ref = reference_view(gray(night), night)
    assert not cover(gray(with_car(night, 50)), ref).failed


def test_a_tinted_picture_has_a_colour_cast():
    tinted = SCENE.astype(int)
    tinted[:, :, 2] += 70
    tinted = np.clip(tinted, 0, 255).astype(np.uint8)
    assert check_color_cast(tinted, REFERENCE, T.color_cast_max).failed
    assert not check_color_cast(with_car(SCENE, 10), REFERENCE, T.color_cast_max).failed


def test_snow_and_stripes_are_noise_and_the_clean_view_is_not():
    rng = np.random.default_rng(5)
    snow = np.clip(SCENE + rng.normal(0, 20, (H, W, 1)), 0, 255).astype(np.uint8)
    rows = 25 * np.sin(np.arange(H) / 3.0)[:, None, None]
    stripes = np.clip(SCENE + rows, 0, 255).astype(np.uint8)
    assert check_noise(gray(snow), snow, None, REFERENCE, T).failed
    assert check_noise(gray(stripes), stripes, None, REFERENCE, T).failed
    car = with_car(SCENE, 200)
    assert not check_noise(gray(car), car, gray(SCENE), REFERENCE, T).failed


def test_a_turned_camera_is_a_scene_change():
    turned = gray(PANORAMA[:, 190 : 190 + W])
    result = check_scene_change(aligned(turned, REFERENCE), T)
    assert result is not None and result.failed


@pytest.mark.parametrize("gain", [0.3, 0.6, 1.4])
def test_day_night_and_gain_changes_are_not_a_scene_change(gain):
    lit = np.clip(SCENE.astype(float) * gain, 0, 255).astype(np.uint8)
    result = check_scene_change(aligned(gray(with_car(lit, 60)), REFERENCE), T)
    assert result is not None and result.verdict is Verdict.PASS


def test_scene_change_needs_a_reference():
    assert check_scene_change(aligned(gray(SCENE), None), T) is None


def failing(frame_bgr: np.ndarray, previous: np.ndarray | None = None) -> list[C]:
    results = check_frame(gray(frame_bgr), frame_bgr, previous, REFERENCE, T)
    return [r.check for r in results if r.verdict is Verdict.FAIL]


def test_the_clean_view_passes_every_check():
    assert failing(with_car(SCENE, 150), gray(with_car(SCENE, 100))) == []


def test_one_fault_is_reported_once():
    assert failing(np.zeros_like(SCENE), gray(SCENE)) == [C.DARK]
    assert failing(covered(1.0), gray(SCENE)) == [C.DARK]
    assert failing(covered(0.5), gray(SCENE)) == [C.COVERED]
    assert failing(cv2.GaussianBlur(SCENE, (0, 0), 4), gray(SCENE)) == [C.BLUR]
    assert failing(PANORAMA[:, 190 : 190 + W].copy(), gray(SCENE)) == [C.SCENE_CHANGE]


@settings(max_examples=60, deadline=None)
@given(
    arrays(np.uint8, st.tuples(st.integers(1, 48), st.integers(1, 48), st.just(3))),
    arrays(np.uint8, st.tuples(st.integers(1, 48), st.integers(1, 48), st.just(3))),
)
def test_every_check_gives_a_finite_verdict_on_any_frames(frame, earlier):
    ref = reference_view(gray(earlier), earlier)
    for result in check_frame(gray(frame), frame, gray(earlier), ref, T):
        assert result.verdict in (Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN)
        assert np.isfinite(result.score)


def test_a_resolution_change_mid_stream_is_judged_not_crashed():
    small = cv2.resize(with_car(SCENE, 40), (160, 90))
    results = check_frame(gray(small), small, gray(SCENE), REFERENCE, T)
    assert {r.check for r in results} >= {C.DARK, C.BLUR, C.SCENE_CHANGE}
    assert C.FROZEN not in {r.check for r in results}  # no previous sample of that size


def test_a_picture_dimmed_to_a_third_of_its_reference_is_dark():
    dimmed = (SCENE * 0.3).astype(np.uint8)
    assert failing(dimmed, gray(SCENE)) == [C.DARK]


def test_a_night_corridor_at_its_usual_dimness_is_not_dark():
    corridor = np.clip(SCENE * 0.4, 0, 255).astype(np.uint8)
    ref = reference_view(gray(corridor), corridor)
    results = check_frame(gray(with_car(corridor, 30)), corridor, gray(corridor), ref, T)
    assert not [r for r in results if r.failed]
