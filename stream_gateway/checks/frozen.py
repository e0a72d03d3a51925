"""Frozen picture: two samples seconds apart show the same image, give or take fresh noise.

"The same picture" is judged on a grid of 10x10 px blocks of the difference, read at half size
with a 3x3 blur (about a 1 px blur of the sample):
- the noise floor comes from the samples themselves: the lower quartile of the blocks' change
  (the difference of two noisy copies of one picture is noise of spread ~ sqrt(2) sigma
  everywhere, so its quartile is its level); a block changed when it is above
  `frozen_noise_factor` x that floor plus `frozen_diff_max` gray levels (compression);
- the blocks that change alone (an on-screen clock: 3-8 blocks, under 1.5 % of the frame) are
  allowed: frozen needs at most `frozen_changed_share_max` of the blocks changed. A single car
  of 30x15 px touches about 2 %: a view whose only life is one small car is on the edge;
- a floor too high to be noise (`frozen_floor_max`) is a picture that changed everywhere.

A truly static live view with nothing moving cannot be told from a frozen one with fresh noise
from one pair of samples. Real fixed cameras show life that a frozen picture lacks, and the
check counts it: an exposure or brightness step (the median block's signed change above
`frozen_brightness_step_min`), and sway or zoom breathing, a sub-pixel shift of the textured
regions (a 4x4 grid of Lucas-Kanade estimates; their median above `frozen_shift_min_px`).

The score is how much life the pair shows, as a multiple of the least that counts (the largest
of changed share, brightness step and shift, each over its limit): frozen below 1. A uniform
frame (black, grey test card) has too little texture to tell, so the check does not apply
there and the dark check speaks for it.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from events.schema import CheckName, Verdict
from stream_gateway.checks.measures import region_means, stacked_products
from stream_gateway.checks.noise_measures import quantile
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.thresholds import CheckThresholds

Gray = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

CHANGE_GRID = (32, 18)  # columns, rows: 10x10 px blocks on a 320x180 sample
SHIFT_GRID = (4, 4)  # regions, each with its own shift, so zoom (opposite shifts) shows too
BLUR_SIZE = (3, 3)  # at half size: takes the edge off pixel noise before blocks and gradients
FLOOR_QUANTILE = 0.25  # the block whose change is the noise floor
SHIFT_TEXTURE_MIN = 4.0  # mean squared gradient (gray/px)² a region needs for a shift estimate
SHIFT_REGIONS_MIN = 3  # textured regions needed before a shift is believed


def check_frozen(gray: Gray, previous: Gray | None, t: CheckThresholds) -> CheckResult | None:
    if previous is None or previous.shape != gray.shape:
        return None
    if float(cv2.meanStdDev(gray)[1][0, 0]) < t.frozen_min_texture:
        return None
    now = _blurred(gray)
    before = _blurred(previous)
    scale = gray.shape[1] / now.shape[1]  # px of the sample per px of the blurred half
    difference = now - before
    blocks = _blocks(np.asarray(cv2.merge([np.abs(difference), difference]), np.float32))
    detail = {
        "changed_share": _changed_share(blocks[:, :, 0], t),
        "brightness_step": abs(quantile(blocks[:, :, 1], 0.5)),
        "shift_px": _median_shift(now, before, difference) * scale,
    }
    life = max(
        detail["changed_share"] / t.frozen_changed_share_max,
        detail["brightness_step"] / t.frozen_brightness_step_min,
        detail["shift_px"] / t.frozen_shift_min_px,
    )
    verdict = Verdict.FAIL if life < 1.0 else Verdict.PASS
    return CheckResult(CheckName.FROZEN, verdict, life, 1.0, detail=detail)


def _blurred(gray: Gray) -> Floats:
    """Half size (area average) and a 3x3 Gaussian: about a 1 px blur of the sample, for a
    quarter of the work."""
    height, width = gray.shape
    half = cv2.resize(gray, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(half.astype(np.float32), BLUR_SIZE, 0)
    return np.asarray(blurred, np.float32)


def _blocks(values: Floats) -> Floats:
    return np.asarray(cv2.resize(values, CHANGE_GRID, interpolation=cv2.INTER_AREA), np.float32)


def _changed_share(change: Floats, t: CheckThresholds) -> float:
    """Share of blocks whose mean absolute (blurred) difference is above the noise floor."""
    floor = quantile(change, FLOOR_QUANTILE)
    if floor > t.frozen_floor_max:
        return 1.0  # no noise is that strong: the whole picture changed
    changed = change > t.frozen_noise_factor * floor + t.frozen_diff_max
    return float(changed.mean())


def _median_shift(now: Floats, before: Floats, difference: Floats) -> float:
    """Median over textured regions of the shift that best explains the difference (px)."""
    mean = (now + before) * 0.5
    gx = cv2.Sobel(mean, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)
    gy = cv2.Sobel(mean, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
    pairs = [(gx, gx), (gy, gy), (gx, gy), (gx, difference), (gy, difference)]
    xx, yy, xy, xd, yd = region_means(stacked_products(pairs), SHIFT_GRID).reshape(5, -1)
    determinant = xx * yy - xy * xy
    textured = (np.minimum(xx, yy) > SHIFT_TEXTURE_MIN) & (determinant > 1e-6)
    if int(textured.sum()) < SHIFT_REGIONS_MIN:
        return 0.0
    safe = np.where(textured, determinant, 1.0)
    shift_x = (yy * xd - xy * yd) / safe
    shift_y = (xx * yd - xy * xd) / safe
    return quantile(np.hypot(shift_x, shift_y)[textured], 0.5)
