"""Frozen picture: two samples seconds apart show the same image, give or take fresh noise.

"The same picture" is judged on the difference of the two samples read at half size with a
3x3 blur (about a 1 px blur of the sample), on a grid of 10x10 px blocks:
- the noise floor comes from the samples themselves: the lower quartile of the blocks' change
  (the difference of two noisy copies of one picture is noise of spread ~ sqrt(2) sigma
  everywhere, so its quartile is its level); a block changed when it is above
  `frozen_noise_factor` x that floor plus `frozen_diff_max` gray levels: a stalled encoder
  that codes the same picture again at another quantiser moves textured blocks by a level or
  so, where anything that moved changes them by tens;
- the blocks that change alone (an on-screen clock: 3-8 blocks, under 2 % of the frame) are
  allowed: frozen needs at most `frozen_changed_share_max` of the blocks changed. A clock's
  digits change within one line of text, so changed blocks in a touching group taller than
  that (`frozen_moving_blocks_min`: a person of 20 px walking past a dim corridor, a car) are
  life however few;
- a floor too high to be noise (`frozen_floor_max`) is a picture that changed everywhere.

A live view with nothing moving still shows life that a frozen picture never has, too faint
for any one block but plain over the whole frame once the noise floor is known. The changed
blocks (the clock) are left out of both measures:
- light: daylight drifts by a few per cent over tens of seconds (clouds, the sun) and auto
  exposure steps. The blocks' signed change is fitted as a smooth gain field times the
  picture (gain, gain gradient across and down, plus an offset); the light changed when the
  fit is well above what the residual noise would fit by chance (`frozen_light_significance_min`,
  a ratio of explained to residual variance per term) and above `frozen_light_change_min`
  gray levels RMS;
- movement: sway and zoom breathing move the whole picture by a fraction of a pixel. One
  Lucas-Kanade fit over the frame (shift and zoom) gives the movement; its covariance comes
  from how the blocks' own evidence scatters about the fit (pixel noise is correlated within
  a block by the blur and compression, so a per-pixel error would be too small by 2-3x). It
  moved when shift and zoom together stand `frozen_shift_significance_min` standard errors
  out and above `frozen_shift_min_px`. Together, because on a view with little texture (fog,
  sky, night) a shift and a zoom look alike: each alone is uncertain, the movement is not.
A median brightness step (`frozen_brightness_step_min`) still counts on its own.

The score is how much life the pair shows, as a multiple of the least that counts (the largest
of changed share, brightness step, light and movement, each over its limit): frozen below 1.
An indoor view under constant light with nothing moving and a camera that does not sway is,
from its samples, the same as a stalled picture with fresh noise: the check says frozen there.
A uniform frame (black, grey test card) has too little texture to tell, so the check does not
apply there and the dark check speaks for it.

One pair is not always enough: at night (noise of 3-5 levels, a dark low-contrast view) a
slow drift of a tenth of a pixel between samples stays under the noise. It adds up, where a
stalled picture stays the same however far back one looks, so when the pair shows no life the
check also compares the sample with an earlier one (`next_earlier` keeps it in the sampler):
the first of a run of frozen-looking samples, or the previous-but-one after faint life
(`frozen_quiet_life_max`). After plenty of life it does not look back, so a freeze on a busy
view is caught at its first scored sample; on a quiet view it may take one sample more.
"""

from __future__ import annotations

import dataclasses
import functools

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
Mask = npt.NDArray[np.bool_]

CHANGE_GRID = (32, 18)  # columns, rows: 10x10 px blocks on a 320x180 sample
BLUR_SIZE = (3, 3)  # at half size: takes the edge off pixel noise before blocks and gradients
FLOOR_QUANTILE = 0.25  # the block whose change is the noise floor
FIT_POINTS_MIN = 32  # unchanged blocks (or pixels) needed before a fit is believed
TINY = 1e-9  # keeps a ratio finite on a bit-exact pair
OSD_TEXT_ROWS = 2  # block rows (20 px of 180) a line of on-screen text may touch
QUIET = "quiet"  # detail key: 1 when the life found was faint, so the next check may look back


def check_frozen(
    gray: Gray, previous: Gray | None, t: CheckThresholds, earlier: Gray | None = None
) -> CheckResult | None:
    """Frozen against the previous sample and, when that finds no life, against `earlier`
    (see `next_earlier`). The detail's `quiet` says whether the life found was faint."""
    result = _judged(gray, previous, t)
    if result is None:
        return None
    if result.failed and earlier is not None and earlier is not previous:
        against_earlier = _judged(gray, earlier, t)
        if against_earlier is not None and not against_earlier.failed:
            return _marked(against_earlier, quiet=True)
    quiet = not result.failed and result.score < t.frozen_quiet_life_max
    return _marked(result, quiet)


def next_earlier(
    earlier: Gray | None, previous: Gray | None, gray: Gray, results: list[CheckResult]
) -> Gray:
    """The sample the next frozen check falls back on. Between two samples a quiet view's slow
    drift or light change can stay under the noise, yet it adds up over several, where a
    stalled picture stays the same however far back one looks. So a run of samples that look
    frozen keeps its first sample, and after faint life the next check may look back past the
    previous sample. After plenty of life a sample that looks frozen is a stop: no looking back.
    """
    frozen = next((r for r in results if r.check is CheckName.FROZEN), None)
    if frozen is None or frozen.detail is None:
        return gray
    if frozen.failed:
        return earlier if earlier is not None else (previous if previous is not None else gray)
    if frozen.detail[QUIET] and previous is not None:
        return previous
    return gray


def _marked(result: CheckResult, quiet: bool) -> CheckResult:
    return dataclasses.replace(result, detail={**(result.detail or {}), QUIET: float(quiet)})


def _judged(gray: Gray, previous: Gray | None, t: CheckThresholds) -> CheckResult | None:
    if previous is None or previous.shape != gray.shape:
        return None
    if float(cv2.meanStdDev(gray)[1][0, 0]) < t.frozen_min_texture:
        return None
    now, before = _blurred(gray), _blurred(previous)
    difference = now - before
    planes = cv2.merge([np.abs(difference), difference, (now + before) * 0.5])
    blocks = _blocks(np.asarray(planes, np.float32))
    change, signed, mean = blocks[:, :, 0], blocks[:, :, 1], blocks[:, :, 2]
    changed = _changed(change, t)
    light, light_significance = _light_change(signed, mean, ~changed)
    moves = _movement(now, before, difference, ~changed)
    scale = gray.shape[1] / now.shape[1]  # px of the sample per px of the blurred half
    detail = {
        "changed_share": float(changed.mean()),
        "moving_blocks": float(_moving_blocks(changed)),
        "brightness_step": abs(quantile(signed, 0.5)),
        "light_change": light,
        "light_significance": light_significance,
        "shift_px": moves[0] * scale,
        "zoom_px": moves[1] * scale,
        "movement_significance": moves[2],
    }
    life = _life(detail, t)
    verdict = Verdict.FAIL if life < 1.0 else Verdict.PASS
    return CheckResult(CheckName.FROZEN, verdict, life, 1.0, detail=detail)


def _life(detail: dict[str, float], t: CheckThresholds) -> float:
    """How much life the pair shows, as a multiple of the least that counts."""
    light = min(
        detail["light_change"] / t.frozen_light_change_min,
        detail["light_significance"] / t.frozen_light_significance_min,
    )
    movement = min(
        max(detail["shift_px"], detail["zoom_px"]) / t.frozen_shift_min_px,
        detail["movement_significance"] / t.frozen_shift_significance_min,
    )
    return max(
        detail["changed_share"] / t.frozen_changed_share_max,
        detail["moving_blocks"] / t.frozen_moving_blocks_min,
        detail["brightness_step"] / t.frozen_brightness_step_min,
        light,
        movement,
    )


def _blurred(gray: Gray) -> Floats:
    """Half size (area average) and a 3x3 Gaussian: about a 1 px blur of the sample, for a
    quarter of the work."""
    height, width = gray.shape
    half = cv2.resize(gray, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA)
    blurred = cv2.GaussianBlur(half.astype(np.float32), BLUR_SIZE, 0)
    return np.asarray(blurred, np.float32)


def _blocks(values: Floats) -> Floats:
    return np.asarray(cv2.resize(values, CHANGE_GRID, interpolation=cv2.INTER_AREA), np.float32)


def _changed(change: Floats, t: CheckThresholds) -> Mask:
    """Blocks whose mean absolute (blurred) difference is above the noise floor."""
    floor = quantile(change, FLOOR_QUANTILE)
    if floor > t.frozen_floor_max:
        return np.ones(change.shape, np.bool_)  # no noise is that strong: it all changed
    return np.asarray(change > t.frozen_noise_factor * floor + t.frozen_diff_max, np.bool_)


def _moving_blocks(changed: Mask) -> int:
    """Changed blocks in groups taller than a line of on-screen text: something that moved
    or appeared (a person walking past), where a clock's digits change within one line and a
    frozen picture's chance outliers stand alone."""
    stats = cv2.connectedComponentsWithStats(changed.astype(np.uint8), connectivity=8)[2][1:]
    tall = stats[:, cv2.CC_STAT_HEIGHT] > OSD_TEXT_ROWS
    return int(stats[tall, cv2.CC_STAT_AREA].sum())


def _light_change(signed: Floats, mean: Floats, keep: Mask) -> tuple[float, float]:
    """RMS (gray levels) of the smooth light change that best explains the blocks' signed
    change, and its significance: explained over residual variance, per fitted term."""
    across, down = _block_positions(mean.shape)
    terms = [np.ones_like(mean), mean, mean * across, mean * down]  # offset, gain, gradients
    fitted = _least_squares([term[keep] for term in terms], signed[keep])
    if fitted is None:
        return 0.0, 0.0
    explained, residual, count = fitted
    return float(np.sqrt(explained / count)), explained / len(terms) / (residual + TINY)


def _movement(now: Floats, before: Floats, difference: Floats, keep: Mask) -> list[float]:
    """Shift and zoom of the whole picture (px at half size; the zoom as the displacement it
    gives at the left and right edges), and how many standard errors the movement stands out."""
    mean = (now + before) * 0.5
    gx = cv2.Sobel(mean, cv2.CV_32F, 1, 0, ksize=3, scale=0.125)
    gy = cv2.Sobel(mean, cv2.CV_32F, 0, 1, ksize=3, scale=0.125)
    across, down = _pixel_positions(mean.shape)
    terms = [gx, gy, across * gx + down * gy, difference]
    rows, columns = _upper_triangle(len(terms))
    pairs = [(terms[i], terms[j]) for i, j in zip(rows, columns, strict=True)]
    # products summed by block first, so the changed blocks (the clock) drop out of the sums
    by_block = region_means(stacked_products(pairs), CHANGE_GRID)[:, keep]
    if by_block.shape[1] < FIT_POINTS_MIN:
        return [0.0, 0.0, 0.0]
    per_block = _symmetric(by_block, len(terms))
    coefficients, significance = _fitted_motion(per_block)
    shift = float(np.hypot(coefficients[0], coefficients[1]))
    return [shift, abs(float(coefficients[2])), significance]


def _fitted_motion(per_block: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], float]:
    """Least-squares motion (shift across, down, zoom) from each block's products of the terms
    and the target (the target last, blocks on the last axis), and how many standard errors
    the three stand out together (the Wald statistic, with a block-wise sandwich covariance)."""
    size = per_block.shape[0] - 1
    total = per_block.sum(axis=2)
    gram, moments = total[:size, :size], total[:size, size]
    coefficients = (cv2.invert(gram, flags=cv2.DECOMP_SVD)[1] * moments).sum(axis=1)
    fitted = (per_block[:size, :size] * coefficients[None, :, None]).sum(axis=1)
    scores = np.ascontiguousarray(per_block[:size, size] - fitted)  # each block's evidence left
    scatter = cv2.mulTransposed(scores, False, dtype=cv2.CV_64F)
    # the covariance is gram^-1 scatter gram^-1 and gram coefficients = moments, so the
    # coefficients over their covariance is moments over the scatter
    inverse = cv2.invert(scatter, flags=cv2.DECOMP_SVD)[1]
    wald = float(((inverse * moments).sum(axis=1) * moments).sum())
    return coefficients, float(np.sqrt(max(wald, 0.0)))


def _symmetric(upper: Floats, size: int) -> npt.NDArray[np.float64]:
    """The symmetric matrices whose upper triangles, row by row, are `upper`'s rows (one
    matrix per column of `upper`, stacked on the last axis)."""
    rows, columns = _upper_triangle(size)
    matrix = np.empty((size, size, upper.shape[1]), np.float64)
    matrix[rows, columns] = upper
    matrix[columns, rows] = upper
    return matrix


@functools.cache
def _upper_triangle(size: int) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    rows, columns = np.triu_indices(size)
    return rows, columns


def _least_squares(terms: list[Floats], target: Floats) -> tuple[float, float, int] | None:
    """The fit's explained sum of squares, the residual variance and the count of points."""
    count = target.size
    if count < FIT_POINTS_MIN:
        return None
    # by OpenCV: NumPy's matrix products run on BLAS threads that hang a process forked
    # after them (see measures.region_means)
    columns = np.stack([*terms, target], axis=1).astype(np.float32)
    products = cv2.mulTransposed(columns, True, dtype=cv2.CV_64F)
    size = len(terms)
    gram, moments = products[:size, :size], products[:size, size]
    inverse = cv2.invert(gram, flags=cv2.DECOMP_SVD)[1]
    explained = float(((inverse * moments).sum(axis=1) * moments).sum())
    residual = max(float(products[size, size]) - explained, 0.0) / (count - size)
    return explained, residual, count


@functools.cache
def _block_positions(shape: tuple[int, ...]) -> tuple[Floats, Floats]:
    """Each block's centre, across and down from the frame's centre, in frame widths."""
    rows, columns = shape
    across = (np.arange(columns, dtype=np.float32) + 0.5) / columns - 0.5
    down = ((np.arange(rows, dtype=np.float32) + 0.5) / rows - 0.5) * rows / columns
    grid = np.meshgrid(across, down)
    return np.asarray(grid[0], np.float32), np.asarray(grid[1], np.float32)


@functools.cache
def _pixel_positions(shape: tuple[int, ...]) -> tuple[Floats, Floats]:
    """Each pixel's position from the centre, in half widths: a zoom of z moves a pixel by
    z x its position x the half width, so the fitted zoom term is the edges' displacement."""
    height, width = shape
    half = width / 2
    across = (np.arange(width, dtype=np.float32) - (width - 1) / 2) / half
    down = (np.arange(height, dtype=np.float32) - (height - 1) / 2) / half
    grid = np.meshgrid(across, down)
    return np.asarray(grid[0], np.float32), np.asarray(grid[1], np.float32)
