"""Dark against the reference view on real photos: light lost is dark; a camera turned to a
darker scene it exposes well is not (that is scene change)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis.extra.numpy import arrays
from photos import gray, view

from events.schema import Verdict
from stream_gateway.checks.dark import check_dark
from stream_gateway.checks.reference import reference_view
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()


def dark(picture: np.ndarray, reference: np.ndarray) -> CheckResult:
    ref = reference_view(gray(reference), reference)
    return check_dark(
        gray(picture), T.dark_luma_max, ref, T.dark_ratio_min, None, T.dark_contrast_kept_max
    )


def night(bgr: np.ndarray) -> np.ndarray:
    """A darker scene, well exposed: its mid-tones deep, its highlights still bright."""
    return (255 * (bgr / 255.0) ** 3).astype(np.uint8)


@pytest.mark.parametrize("scene", ["gravel", "china.jpg", "brick"])
@pytest.mark.parametrize("gain", [0.3, 0.15, 0.06])
def test_a_view_that_lost_its_light_is_dark(scene, gain):
    result = dark((view(scene) * gain).astype(np.uint8), view(scene))
    assert result.failed
    assert result.detail is not None and result.detail["contrast_kept"] < 0.5


@pytest.mark.parametrize("scene", ["gravel", "brick"])
def test_a_camera_turned_to_a_darker_scene_with_its_contrast_is_not_dark(scene):
    result = dark(night(view("camera")), view(scene))
    assert result.score < result.threshold  # darker than the bound ...
    assert result.verdict is Verdict.PASS  # ... but not too dark to see


def test_a_plain_wall_that_lost_its_light_is_dark():
    wall = np.full((180, 320, 3), 150, np.uint8)
    assert dark((wall * 0.3).astype(np.uint8), wall).failed


@settings(max_examples=30, deadline=None)
@given(arrays(np.uint8, (180, 320)), arrays(np.uint8, (180, 320)))
def test_any_picture_gets_a_verdict_against_any_reference(now, before):
    ref = reference_view(before, np.repeat(before[:, :, None], 3, axis=2))
    result = check_dark(now, T.dark_luma_max, ref, T.dark_ratio_min, None, 0.5)
    assert result.verdict in (Verdict.PASS, Verdict.FAIL)
    assert np.isfinite(result.score)
