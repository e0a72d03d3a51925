"""The view's shift and zoom against the reference view, on real photos seen by a 320x180
camera: recovered when the camera sways, refused when it shows another scene."""

import numpy as np
import pytest
from photos import gained, gray, infrared, noisy, view, with_traffic

from events.schema import Verdict
from stream_gateway.checks.alignment import (
    _feature_estimate,
    _not_moved,
    align,
    alignment_reference,
)
from stream_gateway.checks.scene_change import check_scene_change
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()
PHOTOS = ["coffee", "chelsea", "rocket", "camera", "brick", "gravel", "grass", "china.jpg"]
SHIFTS = [0.005, 0.01, 0.02, 0.03, 0.05, 0.10]


def reference(name: str, **kwargs: float):
    return alignment_reference(gray(view(name, **kwargs)))


def verdict(picture: np.ndarray, name: str, **kwargs: float) -> Verdict:
    result = check_scene_change(align(gray(picture), reference(name, **kwargs)), T)
    assert result is not None
    return result.verdict


@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize("shift", SHIFTS)
def test_a_shift_of_the_view_is_recovered_within_a_percent(name, shift):
    ref = reference(name)
    for dx, dy in [(shift, 0.0), (0.0, -shift), (-shift, shift)]:
        found = align(gray(view(name, dx, dy)), ref)
        assert found.dx == pytest.approx(dx, abs=0.01)
        assert found.dy == pytest.approx(dy, abs=0.01)
        assert found.scale == pytest.approx(1.0, abs=0.01)
        assert found.judgeable and found.agreement > 0.8


@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize("zoom", [0.98, 0.99, 1.01, 1.02, 1.03])
def test_a_zoom_of_the_view_is_recovered_within_a_hundredth(name, zoom):
    found = align(gray(view(name, 0.01, -0.01, zoom)), reference(name))
    assert found.scale == pytest.approx(zoom, abs=0.01)
    assert found.dx == pytest.approx(0.01, abs=0.01)
    assert found.dy == pytest.approx(-0.01, abs=0.01)


def test_displacement_and_overlap_are_shares_of_the_frame():
    found = align(gray(view("china.jpg", -0.1, 0.05)), reference("china.jpg"))
    assert found.displacement == pytest.approx(0.1, abs=0.01)
    assert found.overlap == pytest.approx(0.9 * 0.95, abs=0.02)


SWAY = {"dx": 0.025, "dy": -0.02, "zoom": 1.025}  # inside the 3 % tolerated by default


@pytest.mark.parametrize("name", PHOTOS)
@pytest.mark.parametrize(
    "life",
    [
        pytest.param(lambda bgr: noisy(bgr, 4), id="sensor noise"),
        pytest.param(lambda bgr: gained(bgr, 0.7), id="gain -30%"),
        pytest.param(lambda bgr: gained(bgr, 1.3), id="gain +30%"),
        pytest.param(infrared, id="IR grey"),
    ],
)
def test_a_swaying_camera_in_changing_light_passes(name, life):
    picture = noisy(life(view(name, **SWAY)), 4, seed=1)
    assert verdict(picture, name) is Verdict.PASS


# Traffic moves the zoom estimate by up to 0.01, so the sway here stays 1 % inside the
# tolerance. Not "rocket": its only structure is the rocket, which these boxes hide (a known
# limit: a scene of one object behind traffic reads as another scene).
CALM_SWAY = {"dx": 0.02, "dy": -0.015, "zoom": 1.02}


@pytest.mark.parametrize("name", [name for name in PHOTOS if name != "rocket"])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_swaying_camera_with_traffic_over_a_fifth_of_the_view_passes(name, seed):
    picture = noisy(with_traffic(view(name, **CALM_SWAY), 0.2, seed), 4, seed=1)
    assert verdict(picture, name) is Verdict.PASS


@pytest.mark.parametrize("name", PHOTOS)
def test_another_photo_is_another_scene(name):
    other = PHOTOS[(PHOTOS.index(name) + 3) % len(PHOTOS)]
    result = check_scene_change(align(gray(view(other)), reference(name)), T)
    assert result is not None and result.verdict is Verdict.FAIL
    assert result.detail is not None and result.detail["agreement"] < T.scene_agreement_min


@pytest.mark.parametrize("name", ["china.jpg", "flower.jpg", "coffee", "rocket"])
@pytest.mark.parametrize("pan", [0.15, 0.35])
def test_a_pan_within_one_wide_photo_fails(name, pan):
    assert verdict(view(name, -pan, fill=0.45), name, fill=0.45) is Verdict.FAIL


@pytest.mark.parametrize("name", ["china.jpg", "camera"])
def test_a_drift_past_the_tolerance_fails_and_says_how_far(name):
    result = check_scene_change(align(gray(view(name, 0.06)), reference(name)), T)
    assert result is not None and result.verdict is Verdict.FAIL
    assert result.score == pytest.approx(0.06, abs=0.01)
    assert result.threshold == T.scene_drift_max + T.scene_sway_margin


@pytest.mark.parametrize("name", ["china.jpg", "camera"])
def test_wind_shake_on_top_of_the_tolerated_drift_passes(name):
    result = check_scene_change(align(gray(view(name, 0.035)), reference(name)), T)
    assert result is not None and result.verdict is Verdict.PASS


def test_a_zoom_past_the_tolerance_fails():
    result = check_scene_change(
        align(gray(view("china.jpg", zoom=1.06)), reference("china.jpg")), T
    )
    assert result is not None and result.verdict is Verdict.FAIL


@pytest.mark.parametrize("level", [0, 128])
def test_a_uniform_or_black_frame_cannot_be_judged(level):
    flat = np.full((180, 320), level, np.uint8)
    found = align(flat, reference("coffee"))
    assert not found.judgeable
    result = check_scene_change(found, T)
    assert result is not None and result.verdict is Verdict.UNKNOWN


def test_a_blank_reference_cannot_judge_any_view():
    blank = alignment_reference(np.full((180, 320), 90, np.uint8))
    result = check_scene_change(align(gray(view("coffee")), blank), T)
    assert result is not None and result.verdict is Verdict.UNKNOWN


def test_a_noisy_blank_wall_cannot_be_judged():
    wall = noisy(np.full((180, 320, 3), 120, np.uint8), 4)
    found = align(gray(wall), alignment_reference(gray(noisy(wall, 4, seed=2))))
    assert not found.judgeable


@pytest.mark.parametrize("name", ["brick", "gravel"])
@pytest.mark.parametrize("shift", [(0.02, -0.01), (-0.15, 0.0)])
def test_point_features_place_a_repeating_view(name, shift):
    # What a far shift on a repeating wall is checked against, near or far.
    found = _feature_estimate(gray(view(name, *shift)), reference(name))
    assert found is not None
    assert found[1:] == pytest.approx(shift, abs=0.01)


def test_a_repeat_that_agrees_as_usual_where_it_was_has_not_moved():
    # A brick wall one period away agrees about as well as where it is, which agrees as usual.
    assert _not_moved(still=0.9, moved=0.95, expected=0.95)


def test_a_pan_off_a_plain_view_agreeing_by_chance_where_it_was_has_moved():
    # A rocket against a plain sky panned 15 %: the sky still agrees somewhat where it was,
    # far below what the view usually reaches; the far shift is the camera's.
    assert not _not_moved(still=0.6, moved=0.68, expected=0.98)
    assert not _not_moved(still=0.5, moved=0.9, expected=0.6)
