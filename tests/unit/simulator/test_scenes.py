"""Scenes: deterministic, and each kind looks the way a checker's hard case should."""

import cv2
import numpy as np
import pytest

from simulator.scenes import SceneKind, build_scene, render

H, W = 360, 640
FRAMES = 250


def luma(frame: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY).astype(np.float64)


def body(frame: np.ndarray) -> np.ndarray:
    """The picture below the caption."""
    return luma(frame)[40:]


@pytest.mark.parametrize("kind", list(SceneKind))
def test_the_same_camera_and_frame_give_the_same_picture(kind):
    first = render(build_scene(2, W, H, kind), 7, FRAMES, 25)
    assert np.array_equal(first, render(build_scene(2, W, H, kind), 7, FRAMES, 25))
    assert first.shape == (H, W, 3)


@pytest.mark.parametrize("kind", list(SceneKind))
def test_every_scene_moves(kind):
    scene = build_scene(1, W, H, kind)
    a, b = body(render(scene, 0, FRAMES, 25)), body(render(scene, 50, FRAMES, 25))
    assert np.abs(a - b).mean() > 0.5


@pytest.mark.parametrize(
    "kind", [SceneKind.STREET, SceneKind.SQUARE, SceneKind.RAIN, SceneKind.BUSY_CROSSING]
)
def test_daylight_scenes_are_bright_and_textured(kind):
    picture = body(render(build_scene(3, W, H, kind), 0, FRAMES, 25))
    assert picture.mean() > 90 and picture.std() > 20


@pytest.mark.parametrize("camera", [1, 2, 3, 4])
def test_the_night_corridor_is_dim_but_lit_and_grainy(camera):
    scene = build_scene(camera, W, H, SceneKind.CORRIDOR_NIGHT)
    first, second = render(scene, 0, FRAMES, 25), render(scene, 1, FRAMES, 25)
    assert 45 <= luma(first).mean() <= 60
    flat = (slice(100, 110), slice(0, W))  # sensor noise: consecutive frames differ everywhere
    assert np.abs(luma(first)[flat] - luma(second)[flat]).mean() > 1.5


def sharpness(picture: np.ndarray) -> float:
    return float(cv2.Laplacian(picture, cv2.CV_64F).var())


def test_the_plain_wall_has_little_texture_and_slowly_changing_light():
    scene = build_scene(1, W, H, SceneKind.LOW_TEXTURE_WALL)
    wall = body(render(scene, 100, FRAMES, 25))[:200, 400:]
    street = body(render(build_scene(1, W, H, SceneKind.STREET), 100, FRAMES, 25))
    assert sharpness(wall) < sharpness(street) / 10
    means = [body(render(scene, i, FRAMES, 25))[:200, :40].mean() for i in (0, 1)]
    assert abs(means[0] - means[1]) < 1  # slow: no flicker from frame to frame


def test_the_busy_crossing_has_many_more_movers_than_the_street():
    street = build_scene(1, W, H, SceneKind.STREET)
    busy = build_scene(1, W, H, SceneKind.BUSY_CROSSING)
    assert len(busy.cars) + len(busy.pedestrians) >= 3 * (
        len(street.cars) + len(street.pedestrians)
    )


def test_rain_streaks_change_every_frame_on_a_street():
    scene = build_scene(1, W, H, SceneKind.RAIN)
    a, b = body(render(scene, 0, FRAMES, 25)), body(render(scene, 1, FRAMES, 25))
    sky = (slice(0, 60), slice(0, W))
    assert np.abs(a[sky] - b[sky]).mean() > 1
