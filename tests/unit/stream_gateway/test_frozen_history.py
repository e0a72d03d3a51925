"""The frozen check on a night view with a walker, and its look back past the previous
sample on a quiet view."""

import cv2
import numpy as np
import pytest
from camera_photos import SCENES, clock, moved, photo, sample
from photos import noisy

from events.schema import CheckName, Verdict
from stream_gateway.checks.frozen import QUIET, check_frozen, next_earlier
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()
NIGHT_GAIN, NIGHT_GAMMA, NIGHT_NOISE = 0.45, 1.6, 4.0
WALKER_W, WALKER_H = 7, 22  # px of a 320x180 sample: a person a few metres away


def night(bgr: np.ndarray) -> np.ndarray:
    """The view at night: gamma 1.6 and the gain turned down."""
    lifted = 255.0 * (bgr.astype(np.float32) / 255.0) ** NIGHT_GAMMA * NIGHT_GAIN
    return np.clip(lifted + 0.5, 0, 255).astype(np.uint8)


def with_walker(bgr: np.ndarray, x: int) -> np.ndarray:
    """A person in a dull red coat standing at `x`, feet near the bottom of the view."""
    out = bgr.copy()
    top = 140 - WALKER_H
    cv2.rectangle(out, (x, top), (x + WALKER_W, 140), (40, 40, 120), -1)
    cv2.circle(out, (x + WALKER_W // 2, top - 3), 3, (90, 110, 140), -1)
    return out


def grays(*pictures: np.ndarray) -> list[np.ndarray]:
    return [sample(picture)[0] for picture in pictures]


def night_frame(name: str, seed: int, seconds: int, walker_x: int | None = None) -> np.ndarray:
    view = night(photo(name))
    if walker_x is not None:
        view = with_walker(view, walker_x)
    return clock(noisy(view, NIGHT_NOISE, seed), seconds)


@pytest.mark.parametrize("name", SCENES)
def test_a_person_walking_through_a_night_view_is_life(name):
    before, after = grays(night_frame(name, 1, 61, 60), night_frame(name, 2, 63, 150))
    result = check_frozen(after, before, T)
    assert result is not None and result.verdict is Verdict.PASS, result and result.detail


@pytest.mark.parametrize("name", SCENES)
def test_a_frozen_night_view_with_noise_and_a_clock_is_frozen(name):
    before, after = grays(night_frame(name, 1, 61), night_frame(name, 2, 63))
    result = check_frozen(after, before, T)
    assert result is not None and result.verdict is Verdict.FAIL, result.detail


def test_a_clock_alone_is_not_taken_for_a_walker():
    before, after = grays(clock(photo("china"), 59), clock(photo("china"), 61))
    result = check_frozen(after, before, T)
    assert result is not None and result.detail is not None
    assert result.detail["moving_blocks"] == 0


def drifting(name: str, step_px: float, samples: int) -> list[np.ndarray]:
    """A quiet view drifting `step_px` per sample under heavy noise, the clock ticking."""
    view = photo(name)
    return grays(
        *(clock(noisy(moved(view, dx=i * step_px), 4, i), 60 + 2 * i) for i in range(samples))
    )


def patrolled(samples: list[np.ndarray]) -> list[CheckResult]:
    """The frozen check over consecutive samples as the sampler runs it."""
    previous: np.ndarray | None = None
    earlier: np.ndarray | None = None
    results = []
    for gray in samples:
        result = check_frozen(gray, previous, T, earlier)
        judged = [] if result is None else [result]
        earlier = next_earlier(earlier, previous, gray, judged)
        previous = gray
        results.extend(judged)
    return results


def test_a_slow_drift_too_small_between_two_samples_shows_over_three():
    samples = drifting("chelsea", 0.03, 3)
    alone = check_frozen(samples[2], samples[1], T)
    assert alone is not None and alone.failed
    looked_back = check_frozen(samples[2], samples[1], T, samples[0])
    assert looked_back is not None and not looked_back.failed
    assert looked_back.detail is not None and looked_back.detail[QUIET] == 1.0


def test_a_stalled_picture_stays_frozen_however_far_back_the_check_looks():
    view = photo("flower")
    samples = grays(*(clock(noisy(view, 3, i), 60 + 2 * i) for i in range(6)))
    assert all(result.failed for result in patrolled(samples))


def test_a_freeze_after_plenty_of_life_is_caught_at_once():
    view = photo("coffee")
    live = [moved(view, dx=2 * i) for i in range(3)]
    stalled = [live[-1]] * 3
    samples = grays(*(clock(p, 60 + 2 * i) for i, p in enumerate(live + stalled)))
    verdicts = [result.verdict for result in patrolled(samples)]
    assert verdicts == [Verdict.PASS] * 2 + [Verdict.FAIL] * 3


def frozen_result(failed: bool, quiet: bool) -> CheckResult:
    verdict = Verdict.FAIL if failed else Verdict.PASS
    return CheckResult(CheckName.FROZEN, verdict, 0.5, 1.0, detail={QUIET: float(quiet)})


A, B, C = (np.full((4, 4), value, np.uint8) for value in (1, 2, 3))


def test_a_run_that_looks_frozen_keeps_its_first_sample():
    assert next_earlier(A, B, C, [frozen_result(failed=True, quiet=False)]) is A


def test_faint_life_lets_the_next_check_look_back_to_the_previous_sample():
    assert next_earlier(A, B, C, [frozen_result(failed=False, quiet=True)]) is B


def test_plenty_of_life_or_no_frozen_verdict_starts_afresh():
    assert next_earlier(A, B, C, [frozen_result(failed=False, quiet=False)]) is C
    assert next_earlier(A, B, C, []) is C
