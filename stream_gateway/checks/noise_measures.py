"""Noise statistics of one sample, kept per block so scene texture can be subtracted.

Every measure is an energy (a variance, gray levels squared) or a share, so noise adds to what
the scene already had: the excess over the reference view is `now - gain² x reference`, and a
camera that is always a little noisy, or a busy view of gravel, starts from its own level.
Residuals are Immerkaer's second-difference response scaled so white noise of spread sigma
gives sigma: smooth gradients give none, edges and fine texture some (subtracted per block).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

from stream_gateway.checks.measures import brightness_gain

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

# Immerkaer's kernel, [[1, -2, 1], [-2, 4, -2], [1, -2, 1]] / 6, applied as the outer product
# of its two halves (cheaper): the sum of its squared weights is 36, so /6 keeps white noise
# at sigma.
_IMMERKAER_X = np.array([1, -2, 1], np.float32)
_IMMERKAER_Y = _IMMERKAER_X / np.float32(6.0)
NOISE_GRID = (20, 10)  # columns, rows of blocks: 16x18 px on a 320x180 sample, 8x9 at 1/2
LUMA_SCALES = (1, 2)  # H.264 and the downscale to the sample leave noise coarser than 1 px
CHROMA_GRID = (10, 5)  # coarser: chroma is smooth in a real scene and H.264 halves it
CHROMA_SCALES = (2, 4)  # grain blotches of 2-8 px are fine at 1/4 of the sample's size
CLIP_HIGH, CLIP_LOW = 250, 5  # a channel this bright or dark has lost its colour
CLIP_CHANGE_MAX = 0.02  # share of a block newly clipped from which its colour edges are new
GAIN_STEP_MIN = 0.1  # change of gain² (about 5 % of brightness) from which clipping is the gain's
VALID_SHARE_MIN = 0.25  # blocks left unclipped below which colour noise is not judged
IMPULSE_LEVEL = 48  # gray levels from the 3x3 median: a salt or pepper pixel, not texture
STRIPE_TREND_STEP = 30  # rows (columns) between the points of the trend a band stands out of
STRIPE_ACROSS = 16  # segment means along a row (column) whose median is the row's offset
# (whole pixels per block at 320x180: OpenCV's area resize is several times slower otherwise)


@dataclass(frozen=True, slots=True)
class NoiseLevels:
    """A sample's noise statistics; the reference view keeps the same for its camera."""

    luma: tuple[Floats, ...]  # mean squared residual per block (NOISE_GRID), per LUMA_SCALES
    chroma: tuple[Floats, ...]  # the same for Cr + Cb, one map per CHROMA_SCALES
    impulses: float  # share of pixels far from their 3x3 median
    stripes: float  # squared spread of the row and column offsets
    brightness: Floats  # mean gray per block (NOISE_GRID): the layout, and how gain scales it
    shape: tuple[int, int]  # the sample's height, width: the statistics hold for it only
    clipped: Floats  # share of pixels per block (CHROMA_GRID) with a channel burnt out or black


def residual(gray: Floats) -> Floats:
    response = cv2.sepFilter2D(
        gray, cv2.CV_32F, _IMMERKAER_X, _IMMERKAER_Y, borderType=cv2.BORDER_REFLECT
    )
    return np.asarray(response, np.float32)


def block_mean(values: Floats, grid: tuple[int, int]) -> Floats:
    if grid == (values.shape[1], values.shape[0]):  # the same size: a copy
        return np.array(values, np.float32)
    return np.asarray(cv2.resize(values, grid, interpolation=cv2.INTER_AREA), np.float32)


@dataclass(frozen=True, slots=True)
class Picture:
    """What several measures read from one gray sample, worked out once."""

    gray: Gray
    luma: Floats
    median: Gray  # 3x3 median
    residuals: list[Floats]  # luma_residuals
    brightness: Floats  # mean per block (NOISE_GRID)


def picture(gray: Gray) -> Picture:
    luma = gray.astype(np.float32)
    median = np.asarray(cv2.medianBlur(gray, 3), np.uint8)
    return Picture(gray, luma, median, luma_residuals(luma), block_mean(luma, NOISE_GRID))


def true_share(mask: npt.NDArray[np.bool_]) -> float:
    """The share of True: np.mean's value, several times faster."""
    return np.count_nonzero(mask) / max(1, mask.size)


def quantile(values: Floats, share: float) -> float:
    """The value at `share` of the sorted values (nearest rank): cheaper than np.quantile."""
    flat = values.ravel()
    rank = min(flat.size - 1, int(share * flat.size))
    return float(np.partition(flat, rank)[rank])


def noise_levels(
    gray: Gray, bgr: Bgr, impulse_level: float = IMPULSE_LEVEL, now: Picture | None = None
) -> NoiseLevels:
    now = now or picture(gray)
    return NoiseLevels(
        luma=tuple(block_mean(np.square(r), NOISE_GRID) for r in now.residuals),
        chroma=chroma_energy(bgr),
        impulses=true_share(impulses(now, impulse_level)),
        stripes=stripe_energy(now.luma),
        brightness=now.brightness,
        shape=(int(gray.shape[0]), int(gray.shape[1])),
        clipped=clipped_share(bgr),
    )


def clipped_share(bgr: Bgr) -> Floats:
    """Per block (CHROMA_GRID), the share of pixels with a channel burnt out or black."""
    unclipped = cv2.inRange(bgr, (CLIP_LOW + 1,) * 3, (CLIP_HIGH - 1,) * 3)
    return 1.0 - block_mean(unclipped.astype(np.float32), CHROMA_GRID) / np.float32(255.0)


def chroma_energy(bgr: Bgr) -> tuple[Floats, ...]:
    """Cr + Cb residual energy per block at every CHROMA_SCALES (H.264 keeps chroma at half
    size: there is no finer colour noise to read)."""
    height, width = bgr.shape[:2]
    half = cv2.resize(bgr, (max(3, width // 2), max(3, height // 2)), interpolation=cv2.INTER_AREA)
    ycrcb = cv2.cvtColor(half, cv2.COLOR_BGR2YCrCb)
    chroma = np.empty((*ycrcb.shape[:2], 2), np.uint8)  # Cr, Cb
    cv2.mixChannels([ycrcb], [chroma], [1, 0, 2, 1])  # (a NumPy slice copies slowly)
    chroma = chroma.astype(np.float32)
    maps = []
    for scale in CHROMA_SCALES:
        size = (max(3, width // scale), max(3, height // scale))
        scaled = block_mean(chroma, size)
        energy = np.square(residual(scaled)).reshape(size[1], size[0], 2)
        blocks = block_mean(energy, CHROMA_GRID).reshape(*CHROMA_GRID[::-1], 2)
        maps.append(blocks[:, :, 0] + blocks[:, :, 1])
    return tuple(maps)


def impulses(now: Picture, level: float = IMPULSE_LEVEL) -> npt.NDArray[np.bool_]:
    """Pixels far from their 3x3 median: salt, pepper, or a point of fine detail."""
    return np.asarray(cv2.absdiff(now.gray, now.median) > level)


def fresh_impulse_share(now: Picture, before: Picture, level: float) -> float:
    """Share of pixels that are impulses now with none within 1 px in the previous sample:
    salt and pepper fall somewhere new every time, a scene's bright points stay put."""
    seen = cv2.dilate(impulses(before, level).astype(np.uint8), np.ones((3, 3), np.uint8))
    return true_share(impulses(now, level) & (seen == 0))


def stripe_energy(luma: Floats) -> float:
    """Squared spread of the rows' and columns' offsets from the smooth trend.

    The offset of a row is the median along it of the image less its vertical trend: a band
    lifts the whole row, a scene edge only part of it. Rows and columns add.
    """
    height, width = luma.shape
    rows = block_mean(luma, (min(width, STRIPE_ACROSS), height))
    columns = block_mean(luma, (width, min(height, STRIPE_ACROSS)))
    row_offsets = _middle(_less_trend(rows, axis=0))
    column_offsets = _middle(np.ascontiguousarray(_less_trend(columns, axis=1).T))
    return float(np.mean(np.square(row_offsets)) + np.mean(np.square(column_offsets)))


def _middle(values: Floats) -> Floats:
    """The median (upper, for an even count) of every row."""
    half = values.shape[1] // 2
    return np.partition(values, half, axis=1)[:, half]


def _less_trend(image: Floats, axis: int) -> Floats:
    """The image less its smooth trend along `axis` (resampled every STRIPE_TREND_STEP px)."""
    height, width = image.shape
    if axis == 0:
        coarse = (width, max(2, height // STRIPE_TREND_STEP))
    else:
        coarse = (max(2, width // STRIPE_TREND_STEP), height)
    trend = cv2.resize(block_mean(image, coarse), (width, height), interpolation=cv2.INTER_LINEAR)
    return np.asarray(image - trend, np.float32)


def luma_residuals(luma: Floats) -> list[Floats]:
    """Residuals at every LUMA_SCALES, times the scale: white noise gives sigma at each."""
    height, width = luma.shape
    out = []
    for scale in LUMA_SCALES:
        size = (max(3, width // scale), max(3, height // scale))
        scaled = residual(block_mean(luma, size))
        out.append(scaled * np.float32(scale) if scale != 1 else scaled)
    return out


def fresh_energy(now: Picture, before: Picture) -> list[Floats]:
    """Per block, the part of the residual energy that the previous sample does not share.

    Structure that stays put gives the same residual in both samples (their product is its
    energy); fresh noise gives uncorrelated residuals (their product averages to 0).
    """
    pairs = zip(now.residuals, before.residuals, strict=True)
    return [block_mean(n * (n - b), NOISE_GRID) for n, b in pairs]


def gain(now: Picture, reference: NoiseLevels) -> float:
    """How much brighter the scene is than the reference: exposure and gain scale the scene's
    texture, and its noise, by as much."""
    return brightness_gain(now.brightness, reference.brightness)


def excess_sigma(
    now: Floats, reference: Floats, gain_sq: float, valid: npt.NDArray[np.bool_]
) -> float:
    """The lower-quartile valid block's energy above the reference's, as a spread (levels):
    noise lifts every block, structure (a car, a new highlight) only some."""
    if valid.mean() < VALID_SHARE_MIN:
        return 0.0
    excess = quantile((now - gain_sq * reference)[valid], 0.25)
    return float(np.sqrt(max(0.0, excess)))


def stripe_change(now: Picture, before: Picture) -> float:
    """The stripe energy of the change between two samples, per sample: rolling bands and
    interference move between samples, the scene's own rows do not."""
    return stripe_energy(now.luma - before.luma) / 2.0
