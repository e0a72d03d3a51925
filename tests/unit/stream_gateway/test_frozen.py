"""The frozen check on real photographs rendered as a camera's compressed samples."""

import cv2
import numpy as np
import pytest
from camera_photos import SCENES, clock, moved, photo, sample, with_cars
from photos import gained, noisy

from events.schema import Verdict
from stream_gateway.checks.frozen import check_frozen
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()


def judged(before: np.ndarray, after: np.ndarray):
    result = check_frozen(sample(after)[0], sample(before)[0], T)
    assert result is not None
    return result


FROZEN = {
    "identical samples": lambda p: (p, p),
    "fresh sensor noise, sigma 2": lambda p: (noisy(p, 2, 1), noisy(p, 2, 2)),
    "fresh sensor noise, sigma 4": lambda p: (noisy(p, 4, 1), noisy(p, 4, 2)),
    "a ticking clock": lambda p: (clock(p, 61), clock(p, 67)),
    "a clock turning the minute": lambda p: (clock(p, 119), clock(p, 124)),
    "noise and a clock": lambda p: (
        clock(noisy(p, 3, 1), 61),
        clock(noisy(p, 3, 2), 67),
    ),
}


@pytest.mark.parametrize("name", SCENES)
@pytest.mark.parametrize("case", FROZEN)
def test_a_frozen_picture_is_frozen_despite_fresh_noise_and_a_clock(name, case):
    before, after = FROZEN[case](photo(name))
    result = judged(before, after)
    assert result.verdict is Verdict.FAIL, result.detail


LIVE = {
    "traffic": lambda p: (
        with_cars(noisy(p, 2, 1), 1),
        with_cars(noisy(p, 2, 2), 2),
    ),
    "a 1 px sway": lambda p: (noisy(p, 2, 1), noisy(moved(p, dx=1), 2, 2)),
    "a 0.5 px sway": lambda p: (noisy(p, 2, 1), noisy(moved(p, 0.4, 0.3), 2, 2)),
    "a 0.5 % zoom": lambda p: (noisy(p, 2, 1), noisy(moved(p, zoom=1.005), 2, 2)),
    "an exposure step of 5 %": lambda p: (
        noisy(p, 2, 1),
        noisy(gained(p, 1.05), 2, 2),
    ),
    "a clock and a sway": lambda p: (clock(p, 61), clock(moved(p, dy=1), 67)),
    "a 0.1 px sway": lambda p: (noisy(p, 2, 1), noisy(moved(p, 0.1), 2, 2)),
    "daylight 1 % brighter": lambda p: (
        noisy(p, 2, 1),
        noisy(gained(p, 1.01), 2, 2),
    ),
    "a cloud shadow 1 % deeper on one side": lambda p: (
        clock(noisy(p, 2, 1), 61),
        clock(noisy(shaded(p, 0.01), 2, 2), 67),
    ),
}


def shaded(bgr: np.ndarray, depth: float) -> np.ndarray:
    """Light falling off from left to right by `depth`: the edge of a cloud's shadow."""
    gain = np.linspace(1.0, 1.0 - depth, bgr.shape[1], dtype=np.float32)[None, :, None]
    return np.clip(bgr * gain + 0.5, 0, 255).astype(np.uint8)


@pytest.mark.parametrize("name", SCENES)
@pytest.mark.parametrize("case", LIVE)
def test_a_live_picture_is_not_frozen(name, case):
    before, after = LIVE[case](photo(name))
    result = judged(before, after)
    assert result.verdict is Verdict.PASS, result.detail


def test_a_camera_turned_to_another_scene_is_not_frozen():
    assert not judged(photo("coffee"), photo("gravel")).failed


def test_the_score_tells_how_much_life_the_pair_shows():
    still = judged(photo("china"), photo("china"))
    swayed = judged(photo("china"), moved(photo("china"), dx=1))
    assert still.score < 1.0 < swayed.score
    assert swayed.detail is not None and swayed.detail["shift_px"] > T.frozen_shift_min_px


@pytest.mark.parametrize("name", SCENES)
def test_fresh_noise_alone_is_neither_light_change_nor_movement(name):
    before, after = noisy(photo(name), 3, 1), noisy(photo(name), 3, 2)
    detail = judged(before, after).detail
    assert detail is not None
    assert detail["light_significance"] < T.frozen_light_significance_min
    assert detail["movement_significance"] < T.frozen_shift_significance_min


def foggy(bgr: np.ndarray) -> np.ndarray:
    """The view through fog: the detail washed out, half the contrast left."""
    soft = cv2.GaussianBlur(bgr.astype(np.float32), (0, 0), FOG_BLUR_PX)
    return np.clip(soft / 2 + 64, 0, 255).astype(np.uint8)


FOG_BLUR_PX = 3
FOG_SCENES = ("coffee", "chelsea", "rocket", "china", "flower", "gravel")  # the others
# are too uniform in fog to judge: the check leaves them to the dark check


@pytest.mark.parametrize("name", FOG_SCENES)
def test_a_foggy_view_swaying_a_fifth_of_a_pixel_is_live(name):
    fog = foggy(photo(name))
    result = judged(noisy(fog, 2, 1), noisy(moved(fog, 0.2, 0.1), 2, 2))
    assert result.verdict is Verdict.PASS, result.detail


@pytest.mark.parametrize("name", FOG_SCENES)
def test_fresh_noise_on_a_foggy_view_is_not_movement(name):
    fog = foggy(photo(name))
    detail = judged(noisy(fog, 3, 1), noisy(fog, 3, 2)).detail
    assert detail is not None
    assert detail["movement_significance"] < T.frozen_shift_significance_min


def test_a_uniform_frame_is_left_to_the_dark_check():
    grey = np.full((180, 320), 128, np.uint8)
    assert check_frozen(grey, grey.copy(), T) is None
