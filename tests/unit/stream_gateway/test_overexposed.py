"""Over-exposure on real photos: the same view burnt out and washed out is caught; an
auto-exposure step, a sky always burnt out, a brighter scene the camera turned to, a pale view
stepped up a little and a switch to infrared at dusk are not."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import arrays
from photos import gray, view

from events.schema import Verdict
from stream_gateway.checks.overexposed import check_overexposed
from stream_gateway.checks.reference import reference_view
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()
SCENES = ["china.jpg", "coffee", "gravel", "brick"]


def exposed(bgr: np.ndarray, gain: float, offset: float = 0.0) -> np.ndarray:
    return np.clip(bgr.astype(np.float32) * gain + offset, 0, 255).astype(np.uint8)


def against(picture: np.ndarray, reference: np.ndarray) -> CheckResult:
    ref = reference_view(gray(reference), reference)
    return check_overexposed(gray(picture), ref, T.overexposed_share_max, T.overexposed_rise_min)


@pytest.mark.parametrize("scene", SCENES)
@pytest.mark.parametrize(("gain", "offset"), [(1.7, 50), (2.4, 80), (4.0, 0)])
def test_the_same_view_burnt_or_washed_out_is_overexposed(scene, gain, offset):
    result = against(exposed(view(scene), gain, offset), view(scene))
    assert result.failed
    assert result.detail is not None and result.detail["rise"] >= T.overexposed_rise_min


@pytest.mark.parametrize("scene", SCENES)
def test_an_auto_exposure_step_that_burns_out_highlights_is_not_overexposed(scene):
    assert not against(exposed(view(scene), 1.5), view(scene)).failed


def test_a_sky_burnt_out_in_the_reference_too_is_the_scene():
    sky = view("china.jpg")
    sky[:70] = 255
    assert not against(sky, sky).failed


@pytest.mark.parametrize(("scene", "other"), [("coffee", "gravel"), ("china.jpg", "gravel")])
def test_a_brighter_scene_the_camera_turned_to_is_not_overexposed(scene, other):
    brighter = exposed(view(other), 1.3, 20)
    assert not against(brighter, view(scene)).failed


def pale(bgr: np.ndarray) -> np.ndarray:
    """The view near white by nature (pale wood, sand, snow), its texture kept: mean ~210."""
    return (165 + 0.35 * bgr.astype(np.float32)).astype(np.uint8)


@pytest.mark.parametrize("gain", [1.15, 1.2])
def test_a_pale_view_stepped_up_a_little_keeps_its_texture_and_is_not_overexposed(gain):
    stepped = exposed(pale(view("gravel")), gain)
    assert float((gray(stepped) >= 240).mean()) > 0.5  # most pixels at the top ...
    assert not against(stepped, pale(view("gravel"))).failed  # ... but not clipped flat


@pytest.mark.parametrize(("gain", "offset"), [(1.7, 50), (2.4, 80)])
def test_a_pale_view_burnt_out_is_overexposed(gain, offset):
    assert against(exposed(pale(view("gravel")), gain, offset), pale(view("gravel"))).failed


def infrared(bgr: np.ndarray, gain: float) -> np.ndarray:
    """The view in infrared grey after an exposure step: a brighter contrast curve."""
    curve = 1.25 * (255 * (np.arange(256) / 255) ** 0.75 - 128) + 140
    lut = np.clip(curve, 0, 255).astype(np.uint8)
    return np.repeat(gray(lut[exposed(bgr, gain)])[:, :, None], 3, axis=2)


def against_colour(picture: np.ndarray, reference: np.ndarray) -> CheckResult:
    ref = reference_view(gray(reference), reference)
    share, rise = T.overexposed_share_max, T.overexposed_rise_min
    return check_overexposed(gray(picture), ref, share, rise, picture)


@pytest.mark.parametrize("scene", ["rocket", "chelsea", "coffee"])
def test_a_switch_to_infrared_at_dusk_is_not_overexposed(scene):
    dusk = exposed(view(scene), 0.75)
    assert not against_colour(infrared(view(scene), 1.6), dusk).failed


def test_an_infrared_picture_burnt_out_is_overexposed():
    dusk = exposed(view("rocket"), 0.75)
    assert against_colour(infrared(view("rocket"), 6.0), dusk).failed


def test_without_a_reference_only_a_mostly_burnt_picture_is_overexposed():
    burnt = gray(exposed(view("china.jpg"), 4.0))
    bright_sky = gray(view("china.jpg"))
    bright_sky[:60] = 255  # a third of the picture
    assert check_overexposed(burnt, None, T.overexposed_share_max, 1.7).failed
    assert not check_overexposed(bright_sky, None, T.overexposed_share_max, 1.7).failed


@settings(max_examples=30, deadline=None)
@given(arrays(np.uint8, (180, 320)), arrays(np.uint8, (180, 320)))
def test_any_picture_gets_a_verdict_against_any_reference(now, before):
    ref = reference_view(before, np.repeat(before[:, :, None], 3, axis=2))
    result = check_overexposed(now, ref, T.overexposed_share_max, T.overexposed_rise_min)
    assert result.verdict in (Verdict.PASS, Verdict.FAIL)
    assert np.isfinite(result.score) and 0 <= result.score <= 1
