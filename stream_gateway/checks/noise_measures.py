"""Noise statistics of one sample, kept per block so scene texture can be subtracted.

Every measure is an energy (a variance, gray levels squared) or a share, so noise adds to what
the scene already had: the excess over the reference view is `now - gain² x reference`, and a
camera that is always a little noisy, or a busy view of gravel, starts from its own level.
Residuals are Immerkaer's second-difference response scaled so white noise of spread sigma
gives sigma: smooth gradients give none, edges and fine texture some (subtracted per block).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace

import cv2
import numpy as np
import numpy.typing as npt

from stream_gateway.checks.measures import brightness_gain, grid_means

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

# Immerkaer's kernel, [[1, -2, 1], [-2, 4, -2], [1, -2, 1]] / 6, applied as the outer product
# of its two halves (cheaper): the sum of its squared weights is 36, so /6 keeps white noise
# at sigma.
_IMMERKAER_X = np.array([1, -2, 1], np.float32)
_IMMERKAER_Y = _IMMERKAER_X / np.float32(6.0)
NOISE_GRID = (20, 10)  # columns, rows of blocks: 16x18 px on a 320x180 sample
CHROMA_GRID = (10, 5)  # coarser: chroma is smooth in a real scene and H.264 halves it
# Grain blotches of 2-8 px are fine at 1/4 of the sample's size, where a scene's own colour
# detail (and what x264 does to it) has mostly gone; at 1/2 a drifting view's colour edges
# still count as much as faint grain.
CHROMA_SCALE = 4
# The flattest tenth of the blocks: noise lifts every block alike, while texture changes
# (zoom, drift, x264's bit-rate, traffic) are proportional to the texture and show least there.
FLAT_SHARE = 0.1
# Gray levels a pixel stands above (below) every one of its 8 neighbours: a salt (pepper)
# pixel. A lens spreads every point of a scene over several pixels and a scene's fine detail
# comes in lines and edges (a railing, a roof's tiles) that share their level along them, so
# no scene point stands alone like this; an impulse does, even after x264 has softened it.
IMPULSE_LEVEL = 16
# The 8 neighbours of a pixel: dilating (eroding) with it gives their highest (lowest) level.
_RING = np.array([[1, 1, 1], [1, 0, 1], [1, 1, 1]], np.uint8)
STRIPE_TREND_STEP = 30  # rows (columns) between the points of the trend a band stands out of
STRIPE_ACROSS = 16  # segment means along a row (column) whose median is the row's offset
# Band periods judged, px at the sample: finer is pixel noise; coarser than half a 180-row
# sample is the scene's own light (and the trend above takes most of it anyway).
STRIPE_PERIODS = (3.0, 90.0)
# (whole pixels per block at 320x180: OpenCV's area resize is several times slower otherwise)
# A camera's own level is the mean of this many samples that passed (a minute or so of
# patrol): one sample's flattest blocks vary by a third with the encoder's bit budget and the
# view's drift, and the first keyframe of a stream, the reference, is often the cleanest.
LEARNT_SAMPLES = 16


@dataclass(frozen=True, slots=True)
class NoiseLevels:
    """A sample's noise statistics; the reference view keeps the same for its camera."""

    luma: Floats  # mean squared residual per block (NOISE_GRID)
    chroma: Floats  # the same for Cr + Cb at 1/CHROMA_SCALE, per block (CHROMA_GRID)
    impulses: float  # share of pixels far from their 3x3 median
    stripes: tuple[Floats, Floats]  # stripe_spectra: the rows' and the columns' offsets
    brightness: Floats  # mean gray per block (NOISE_GRID): the layout, and how gain scales it
    shape: tuple[int, int]  # the sample's height, width: the statistics hold for it only
    flat_luma: float  # the flattest blocks' luma energy (FLAT_SHARE); a reference's is learnt
    flat_chroma: float  # the same for chroma
    learnt_from: int = 1  # the samples the flat levels are the mean of


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
    highest: Gray  # the highest of each pixel's 8 neighbours
    lowest: Gray  # the lowest
    residual: Floats  # Immerkaer's residual of luma
    brightness: Floats  # mean per block (NOISE_GRID)


def picture(gray: Gray) -> Picture:
    luma = gray.astype(np.float32)
    highest = np.asarray(cv2.dilate(gray, _RING), np.uint8)
    lowest = np.asarray(cv2.erode(gray, _RING), np.uint8)
    return Picture(gray, luma, highest, lowest, residual(luma), grid_means(gray, NOISE_GRID))


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
    luma = block_mean(np.square(now.residual), NOISE_GRID)
    chroma = chroma_energy(bgr)
    return NoiseLevels(
        luma=luma,
        chroma=chroma,
        impulses=true_share(impulses(now, impulse_level)),
        stripes=stripe_spectra(now.luma),
        brightness=now.brightness,
        shape=(int(gray.shape[0]), int(gray.shape[1])),
        flat_luma=quantile(luma, FLAT_SHARE),
        flat_chroma=quantile(chroma, FLAT_SHARE),
    )


def chroma_energy(bgr: Bgr) -> Floats:
    """Cr + Cb residual energy per block at 1/CHROMA_SCALE that the luma residual does not
    explain (H.264 keeps chroma at half size: there is no finer colour noise to read).

    Grain is colour of its own; a colour cast, or a coloured object, colours the scene's
    texture, so its chroma follows the luma: per block, the part of the chroma proportional
    to the luma is left out (a least-squares fit: E[c²] - E[cy]²/E[y²]).
    """
    height, width = bgr.shape[:2]
    size = (max(3, width // CHROMA_SCALE), max(3, height // CHROMA_SCALE))
    small = block_mean(bgr.astype(np.float32), size)
    found = residual(np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2YCrCb), np.float32))
    grid = CHROMA_GRID[::-1]
    energy = block_mean(np.square(found), CHROMA_GRID).reshape(*grid, 3)
    shared = block_mean(found[:, :, :1] * found[:, :, 1:], CHROMA_GRID).reshape(*grid, 2)
    luma_energy = np.maximum(energy[:, :, :1], 1e-6)
    chroma = energy[:, :, 1:] - np.square(shared) / luma_energy
    return np.asarray(chroma.sum(axis=2), np.float32)


def impulses(now: Picture, level: float = IMPULSE_LEVEL) -> npt.NDArray[np.bool_]:
    """Pixels more than `level` above all their 8 neighbours (salt) or below them (pepper)."""
    salt = cv2.subtract(now.gray, now.highest) > level
    pepper = cv2.subtract(now.lowest, now.gray) > level
    return np.asarray(salt | pepper)


def fresh_impulse_share(now: Picture, before: Picture, level: float) -> float:
    """Share of pixels that are impulses now with none within 1 px in the previous sample:
    salt and pepper fall somewhere new every time, a scene's bright points stay put."""
    seen = cv2.dilate(impulses(before, level).astype(np.uint8), np.ones((3, 3), np.uint8))
    return true_share(impulses(now, level) & (seen == 0))


def stripe_spectra(luma: Floats) -> tuple[Floats, Floats]:
    """The power spectra of the rows' and the columns' offsets from the smooth trend.

    The offset of a row is the median along it of the image less its vertical trend: a band
    lifts the whole row, a scene edge only part of it. Interference is periodic: its power
    gathers at one period, where a scene's rows spread theirs over all of them.
    """
    height, width = luma.shape
    rows = block_mean(luma, (min(width, STRIPE_ACROSS), height))
    columns = block_mean(luma, (width, min(height, STRIPE_ACROSS)))
    row_offsets = _middle(_less_trend(rows, axis=0))
    column_offsets = _middle(np.ascontiguousarray(_less_trend(columns, axis=1).T))
    return _band_power(row_offsets), _band_power(column_offsets)


def _band_power(offsets: Floats) -> Floats:
    """Power per frequency, as the mean square a sinusoid of that frequency adds (amplitude
    A: A²/2), 0 outside STRIPE_PERIODS."""
    size = offsets.size
    power = 2.0 * np.square(np.abs(np.fft.rfft(offsets - offsets.mean()))) / (size * size)
    power[_outside_periods(size)] = 0.0
    return np.asarray(power, np.float32)


@functools.cache
def _outside_periods(size: int) -> npt.NDArray[np.bool_]:
    """The frequencies of a real spectrum of `size` values whose period is not judged."""
    periods = size / np.maximum(np.arange(size // 2 + 1), 1e-9)
    shortest, longest = STRIPE_PERIODS
    outside = np.asarray((periods < shortest) | (periods > longest))
    outside.flags.writeable = False  # shared by every call
    return outside


def stripe_excess(
    now: tuple[Floats, Floats], reference: tuple[Floats, Floats], gain_sq: float
) -> float:
    """The strongest band's power above the reference's at its period, rows or columns."""
    pairs = zip(now, reference, strict=True)
    return max(float(np.max(n - gain_sq * r)) for n, r in pairs)


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


def fresh_energy(now: Picture, before: Picture) -> Floats:
    """Per block, the part of the residual energy that the previous sample does not share.

    Structure that stays put gives the same residual in both samples (their product is its
    energy); fresh noise gives uncorrelated residuals (their product averages to 0).
    """
    n, b = now.residual, before.residual
    return block_mean(n * (n - b), NOISE_GRID)


def learnt(reference: NoiseLevels, flat_luma: float, flat_chroma: float) -> NoiseLevels:
    """The reference's flat levels after a sample that passed, whose own levels (at the
    reference's exposure) were these: the mean of the last LEARNT_SAMPLES or so."""
    count = min(reference.learnt_from + 1, LEARNT_SAMPLES)
    return replace(
        reference,
        flat_luma=reference.flat_luma + (flat_luma - reference.flat_luma) / count,
        flat_chroma=reference.flat_chroma + (flat_chroma - reference.flat_chroma) / count,
        learnt_from=count,
    )


def gain(now: Picture, reference: NoiseLevels) -> float:
    """How much brighter the scene is than the reference: exposure and gain scale the scene's
    texture, and its noise, by as much."""
    return brightness_gain(now.brightness, reference.brightness)


def stripe_change(now: Picture, before: Picture) -> float:
    """The strongest band's power in the change between two samples, per sample: rolling
    bands and interference move between samples, the scene's own rows do not."""
    return max(float(np.max(power)) for power in stripe_spectra(now.luma - before.luma)) / 2.0
