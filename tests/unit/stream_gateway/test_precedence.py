"""Each masking rule of the suite, both ways, on real photos: the fault it must report once,
and the fault it must never hide."""

import cv2
import numpy as np
import pytest
from photos import gray, noisy, view

from events.schema import CheckName as C
from events.schema import Verdict
from stream_gateway.checks.reference import reference_view
from stream_gateway.checks.suite import check_frame
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()
SCENES = ["china.jpg", "coffee", "chelsea"]
OTHER = {"china.jpg": "flower.jpg", "coffee": "brick", "chelsea": "china.jpg"}


def verdicts(
    picture: np.ndarray, scene: str, sensor_noise: float = 0.0, before: np.ndarray | None = None
) -> dict[C, Verdict]:
    """The picture's verdicts against the scene's reference view, taken by a camera with the
    given sensor noise (its reference shows that noise too), after `before` (the scene)."""
    reference = noisy(view(scene), sensor_noise, seed=5) if sensor_noise else view(scene)
    previous = noisy(view(scene) if before is None else before, 2, seed=9)  # a live camera
    ref = reference_view(gray(reference), reference)
    results = check_frame(gray(picture), picture, gray(previous), ref, T)
    return {r.check: r.verdict for r in results}


def failing(
    picture: np.ndarray, scene: str, sensor_noise: float = 0.0, before: np.ndarray | None = None
) -> set[C]:
    found = verdicts(picture, scene, sensor_noise, before)
    return {check for check, v in found.items() if v is Verdict.FAIL}


def tinted(bgr: np.ndarray) -> np.ndarray:
    out = bgr.astype(int)
    out[:, :, 2] += 70
    out[:, :, 0] -= 30
    return np.clip(out, 0, 255).astype(np.uint8)


def defocused(scene: str) -> np.ndarray:
    """Strong defocus: Gaussian sigma 6 px at 640 px wide, then the 320 px sample."""
    wide = cv2.GaussianBlur(view(scene, width=640), (0, 0), 6)
    return cv2.resize(wide, (320, 180), interpolation=cv2.INTER_AREA)


def covered(bgr: np.ndarray, share: float, textured: bool = False) -> np.ndarray:
    """A hand or bag over the left `share` of the lens: dark, out of focus."""
    out = bgr.copy()
    width = int(out.shape[1] * share)
    rng = np.random.default_rng(3)
    if textured:  # a dark patterned object, blurred by being on the lens
        pattern = rng.integers(0, 60, (out.shape[0] // 8, width // 8 + 1, 1))
        patch = cv2.resize(pattern.astype(np.uint8), (width, out.shape[0]))
        out[:, :width] = cv2.GaussianBlur(patch, (0, 0), 3)[:, :, None]
    else:
        out[:, :width] = rng.integers(10, 16, (out.shape[0], width, 1))
    return out


@pytest.mark.parametrize("scene", SCENES)
def test_the_clean_swaying_view_passes_everything(scene):
    picture = noisy(view(scene, 0.015, -0.01, 1.01), 3)
    assert failing(picture, scene, sensor_noise=3) == set()


@pytest.mark.parametrize("scene", SCENES)
def test_a_colour_cast_on_the_same_view_is_colour_cast_not_scene_change(scene):
    results = verdicts(tinted(view(scene)), scene)
    assert results[C.COLOR_CAST] is Verdict.FAIL
    assert results[C.SCENE_CHANGE] is Verdict.PASS


@pytest.mark.parametrize("scene", SCENES)
def test_a_colour_cast_view_of_another_scene_is_scene_change(scene):
    found = failing(tinted(view(OTHER[scene])), scene)
    assert found == {C.SCENE_CHANGE}  # the reference's colours no longer apply


@pytest.mark.parametrize("scene", SCENES)
def test_strong_defocus_of_the_same_view_is_blur_not_scene_change(scene):
    results = verdicts(defocused(scene), scene)
    assert results[C.BLUR] is Verdict.FAIL
    assert results[C.SCENE_CHANGE] is Verdict.PASS


@pytest.mark.parametrize("scene", SCENES)
def test_a_defocused_view_of_another_scene_is_scene_change(scene):
    assert failing(defocused(OTHER[scene]), scene) == {C.SCENE_CHANGE}


# A textured cover over 80 % of the lens adds detail where the view had little (a plain sky):
# it counts there as soft, lit differently and still (covered.SOFT_DETAIL).
COVERS = [(0.3, False), (0.5, False), (0.8, False), (0.3, True), (0.5, True), (0.8, True)]


@pytest.mark.parametrize("scene", SCENES)
@pytest.mark.parametrize(("share", "textured"), COVERS)  # covered_share_max is 0.2
def test_a_partly_covered_lens_is_covered_neither_dark_nor_scene_change(scene, share, textured):
    picture = covered(view(scene), share, textured)
    found = failing(picture, scene, before=picture)  # a cover in place
    assert C.COVERED in found
    assert C.DARK not in found and C.SCENE_CHANGE not in found


@pytest.mark.parametrize("scene", SCENES)
def test_a_partly_covered_lens_turned_to_another_scene_is_scene_change(scene):
    found = failing(covered(view(OTHER[scene]), 0.3), scene)
    assert C.SCENE_CHANGE in found


@pytest.mark.parametrize("scene", SCENES)
def test_a_black_frame_is_dark_only(scene):
    assert failing(np.zeros_like(view(scene)), scene) == {C.DARK}
    assert failing(covered(view(scene), 1.0), scene) == {C.DARK}


@pytest.mark.parametrize("scene", SCENES)
def test_a_picture_dimmed_to_a_quarter_is_dark_not_covered(scene):
    dim = (view(scene) * 0.25).astype(np.uint8)
    assert failing(dim, scene) == {C.DARK}


@pytest.mark.parametrize("scene", SCENES)
def test_a_burnt_out_picture_is_overexposed_only(scene):
    burnt = np.clip(view(scene).astype(int) * 4, 0, 255).astype(np.uint8)
    assert failing(burnt, scene) == {C.OVEREXPOSED}


@pytest.mark.parametrize("scene", SCENES)
def test_snow_on_the_same_view_is_not_scene_change(scene):
    results = verdicts(noisy(view(scene), 25), scene)
    assert results[C.NOISE] is Verdict.FAIL
    assert results[C.SCENE_CHANGE] is Verdict.PASS


@pytest.mark.parametrize("scene", SCENES)
def test_snow_on_another_scene_is_scene_change(scene):
    assert C.SCENE_CHANGE in failing(noisy(view(OTHER[scene]), 25), scene)


@pytest.mark.parametrize("scene", SCENES)
def test_a_turned_camera_masks_the_checks_against_the_reference(scene):
    turned = defocused(OTHER[scene])
    turned = tinted((turned * 0.8).astype(np.uint8))
    results = verdicts(turned, scene)
    assert results[C.SCENE_CHANGE] is Verdict.FAIL
    assert not {C.COLOR_CAST, C.BLUR, C.COVERED, C.NOISE} & results.keys()


def striped(bgr: np.ndarray, amplitude: float) -> np.ndarray:
    """Analogue interference: six bright and dark bands rolling down the picture (on a
    picture a little dimmer, so the bright bands do not burn out, which would mask all)."""
    bands = amplitude * np.sin(2 * np.pi * (np.arange(bgr.shape[0]) + 7) / 30)
    return np.clip(bgr * 0.7 + bands[:, None, None], 0, 255).astype(np.uint8)


@pytest.mark.parametrize("scene", SCENES)
@pytest.mark.parametrize("amplitude", [22, 45, 90])
def test_interference_bands_on_the_same_view_are_not_scene_change(scene, amplitude):
    assert verdicts(striped(view(scene), amplitude), scene)[C.SCENE_CHANGE] is Verdict.PASS


@pytest.mark.parametrize("scene", SCENES)
def test_interference_bands_on_another_scene_are_scene_change(scene):
    assert C.SCENE_CHANGE in failing(striped(view(OTHER[scene]), 45), scene)


@pytest.mark.parametrize("scene", SCENES)
def test_a_bright_but_not_burnt_out_view_of_another_scene_is_scene_change(scene):
    bright = np.clip(view("gravel") * 1.3 + 20, 0, 255).astype(np.uint8)
    results = verdicts(bright, scene)
    assert results[C.OVEREXPOSED] is Verdict.PASS
    assert results[C.SCENE_CHANGE] is Verdict.FAIL
