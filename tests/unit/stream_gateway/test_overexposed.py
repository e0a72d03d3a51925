"""Over-exposure on real photos: the same view burnt out and washed out is caught; an
auto-exposure step, a sky always burnt out and a brighter scene the camera turned to are not."""

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
