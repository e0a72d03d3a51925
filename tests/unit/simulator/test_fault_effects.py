"""apply_fault on synthetic pictures: each fault has the property a checker would look for."""

import cv2
import numpy as np
import pytest

from simulator.fault_effects import MAX_PAN, apply_fault, scene_width
from simulator.faults import FaultKind
from simulator.frames import Frame

H, W = 180, 320


def textured(seed: int = 1, width: int = W) -> Frame:
    """A mid-grey picture with sharp random blocks: plenty of edges, mean luma ~ 128."""
    rng = np.random.default_rng(seed)
    small = rng.integers(40, 216, size=(H // 6, width // 8, 3), dtype=np.uint8)
    return cv2.resize(small, (width, H), interpolation=cv2.INTER_NEAREST)


def luma(frame: Frame) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY).astype(np.float64)


def sharpness(frame: Frame) -> float:
    return float(cv2.Laplacian(luma(frame), cv2.CV_64F).var())


def test_normal_leaves_the_picture_alone():
    frame = textured()
    assert np.array_equal(apply_fault(frame, FaultKind.NORMAL, 1.0, 0), frame)


def test_black_is_black():
    assert apply_fault(textured(), FaultKind.BLACK, 1.0, 0).max() == 0


def test_blur_gets_stronger_with_severity_until_nothing_is_sharp():
    frame = textured()
    values = [sharpness(apply_fault(frame, FaultKind.BLUR, s, 0)) for s in (0.25, 0.5, 1.0)]
    assert sharpness(frame) > values[0] > values[1] > values[2]
    assert values[2] < sharpness(frame) / 200


@pytest.mark.parametrize(("severity", "target"), [(0.25, 40), (1.0, 10)])
def test_dark_brings_mean_luma_down_to_its_target(severity, target):
    assert luma(apply_fault(textured(), FaultKind.DARK, severity, 0)).mean() == pytest.approx(
        target, abs=3
    )


@pytest.mark.parametrize(("severity", "target"), [(0.25, 200), (1.0, 245)])
def test_overexpose_brightens_and_saturates(severity, target):
    out = apply_fault(textured(), FaultKind.OVEREXPOSE, severity, 0)
    assert luma(out).mean() == pytest.approx(target, abs=6)
    assert (out == 255).any(axis=2).mean() > 0.3  # highlights clipped


@pytest.mark.parametrize("severity", [0.25, 0.5, 0.75, 1.0])
def test_cover_hides_about_severity_of_the_picture_from_the_bottom(severity):
    out = apply_fault(textured(), FaultKind.COVER, severity, 0)
    dark = luma(out) < 40  # the textured input has no pixel below 40
    assert dark.mean() == pytest.approx(severity, abs=0.03)
    assert dark[-1].all()  # it comes in from the bottom edge
    assert luma(out)[dark].std() > 1  # an object with some texture, not a flat fill


def test_color_cast_tints_red_more_with_severity():
    def red_excess(severity: float) -> float:
        out = apply_fault(textured(), FaultKind.COLOR_CAST, severity, 0).astype(float)
        return float(out[..., 2].mean() - out[..., :2].mean())

    assert 0 < red_excess(0.25) < red_excess(0.5) < red_excess(1.0)
    assert red_excess(1.0) > 100


def test_noise_adds_snow_that_changes_every_frame():
    flat = np.full((H, W, 3), 128, np.uint8)
    first = apply_fault(flat, FaultKind.NOISE, 1.0, 0)
    weak = apply_fault(flat, FaultKind.NOISE, 0.25, 0)
    assert luma(first).std() > 40 > luma(weak).std() > 10
    assert not np.array_equal(first, apply_fault(flat, FaultKind.NOISE, 1.0, 1))
    assert np.array_equal(first, apply_fault(flat, FaultKind.NOISE, 1.0, 0))  # pure


def test_stripes_are_horizontal_bands_that_roll():
    flat = np.full((H, W, 3), 128, np.uint8)
    out = luma(apply_fault(flat, FaultKind.STRIPES, 1.0, 0))
    assert out.std(axis=1).max() < 1  # each row is even: the bands are horizontal
    assert out.mean(axis=1).std() > 40
    later = luma(apply_fault(flat, FaultKind.STRIPES, 1.0, 5))
    assert not np.array_equal(out, later)
    weak = luma(apply_fault(flat, FaultKind.STRIPES, 0.25, 0))
    assert weak.mean(axis=1).std() < out.mean(axis=1).std() / 3


def test_shift_shows_another_part_of_the_wider_scene():
    scene = textured(width=scene_width(W))
    normal = apply_fault(scene, FaultKind.NORMAL, 1.0, 0, view_width=W)
    assert np.array_equal(normal, scene[:, :W])
    shifted = apply_fault(scene, FaultKind.SHIFT, 1.0, 0, view_width=W)
    pan = round(MAX_PAN * W)
    assert np.array_equal(shifted, scene[:, pan : pan + W])
    half = apply_fault(scene, FaultKind.SHIFT, 0.5, 0, view_width=W)
    assert np.array_equal(half, scene[:, pan // 2 : pan // 2 + W])


def test_shift_refuses_a_scene_too_narrow_to_pan_in():
    with pytest.raises(ValueError, match="pan"):
        apply_fault(textured(), FaultKind.SHIFT, 1.0, 0)


@pytest.mark.parametrize("kind", list(FaultKind))
def test_every_kind_keeps_the_picture_size_and_type(kind):
    out = apply_fault(textured(width=scene_width(W)), kind, 0.5, 3, view_width=W)
    assert out.shape == (H, W, 3) and out.dtype == np.uint8
