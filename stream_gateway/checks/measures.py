"""Image measures the checks share: each vectorised, on a ~320 px gray or BGR frame."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

GREY_SATURATION = 1.0  # saturation() below which a picture is infrared grey (Cb = Cr = 128)
COLOURFUL_SATURATION = 2.0  # ... and above which a reference view was taken in colour
COVER_BLOCKS = (32, 18)  # 10 px blocks on a 320x180 sample
COVER_LUMA_MAX = 45.0  # a covering hand or bag is dark ...
COVER_STD_MAX = 6.0  # ... and flat, unlike a dark but detailed night scene
_PIXEL_RUN = np.ones((1, 3), np.uint8)  # one pixel's three channels, in a row of BGR values


def sharpness(gray: Gray) -> float:
    """Variance of the Laplacian: high for crisp edges, falls as focus is lost."""
    # 16-bit holds a 3x3 Laplacian of 8-bit exactly, at half the cost; NumPy's var: 3x slower
    deviation = cv2.meanStdDev(cv2.Laplacian(gray, cv2.CV_16S))[1]
    return float(deviation[0, 0]) ** 2


def block_means(gray: Gray) -> npt.NDArray[np.float32]:
    """Mean luma of each 10 px block (COVER_BLOCKS)."""
    return grid_means(gray, COVER_BLOCKS)


def grid_means(gray: Gray, grid: tuple[int, int]) -> Floats:
    """Mean of each block of a grid (columns, rows): OpenCV's area resize of the picture as
    floats, to the bit. Blocks of whole pixels are summed from the integral image (exact in
    integers) and scaled as OpenCV does, at a third of the cost."""
    (columns, rows), (height, width) = grid, gray.shape[:2]
    if gray.ndim != 2 or height % rows or width % columns:
        means = cv2.resize(gray.astype(np.float32), grid, interpolation=cv2.INTER_AREA)
        return np.asarray(means, np.float32)
    step_y, step_x = height // rows, width // columns
    corners = cv2.integral(gray)[::step_y, ::step_x]
    sums = corners[1:, 1:] - corners[:-1, 1:] - corners[1:, :-1] + corners[:-1, :-1]
    return sums.astype(np.float32) * (np.float32(1) / np.float32(step_y * step_x))


def nearest_rank(values: npt.NDArray[np.floating], quantile: float) -> float:
    """The value at `quantile` by nearest rank (np.quantile, interpolating, costs 4x)."""
    flat = values.ravel()
    rank = round(quantile * (flat.size - 1))
    return float(np.partition(flat, rank)[rank])


def block_stats(gray: Gray) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    as_float = gray.astype(np.float32)
    mean = block_means(gray)
    mean_sq = cv2.resize(as_float * as_float, COVER_BLOCKS, interpolation=cv2.INTER_AREA)
    std = np.sqrt(np.maximum(mean_sq - mean * mean, 0)).astype(np.float32)
    return mean, std


def covered_blocks(gray: Gray) -> npt.NDArray[np.bool_]:
    mean, std = block_stats(gray)
    return (mean < COVER_LUMA_MAX) & (std < COVER_STD_MAX)


def channel_balance(bgr: Bgr) -> tuple[float, float, float]:
    """Each channel's share of the mean colour, in percent: exposure and gain scale all three
    alike and leave it, a tint (a failing IR-cut filter, a colour channel lost) moves it."""
    blue, green, red = cv2.mean(bgr)[:3]
    total = max(blue + green + red, 1e-6)
    return 100 * blue / total, 100 * green / total, 100 * red / total


def saturation(bgr: Bgr) -> float:
    """Mean spread of a pixel's channels (max - min), gray levels: near 0 in infrared grey."""
    # Each row read as one run of values, b g r b g r ...: the 1x3 neighbourhood of every
    # green value is its own pixel's three channels (twice as fast as splitting them).
    values = bgr.reshape(bgr.shape[0], -1)
    spread = cv2.subtract(cv2.dilate(values, _PIXEL_RUN), cv2.erode(values, _PIXEL_RUN))
    return float(cv2.mean(np.ascontiguousarray(spread[:, 1::3]))[0])


def region_means(planes: Floats, grid: tuple[int, int]) -> Floats:
    """Means of (count, height, width) planes over a grid (columns, rows) of equal regions,
    by OpenCV's area resize (a matrix product was faster, but NumPy's BLAS threads hang a
    process forked after them: bench.vqd_accuracy's worker pool)."""
    means = [cv2.resize(plane, grid, interpolation=cv2.INTER_AREA) for plane in planes]
    return np.asarray(means, np.float32)


def stacked_products(pairs: list[tuple[npt.NDArray[Any], npt.NDArray[Any]]]) -> Floats:
    """The element-wise product of each pair, stacked (each written in place: no copying)."""
    first = pairs[0][0]
    stack = np.empty((len(pairs), *first.shape), np.float32)
    for index, (a, b) in enumerate(pairs):
        np.multiply(a, b, out=stack[index])
    return stack


GAIN_LUMA = (16.0, 230.0)  # mean gray of a block whose ratio tells the gain: not black, not burnt


def brightness_gain(now: Floats, reference: Floats) -> float:
    """How much brighter the picture is than the reference (1/4..4), from two maps of block
    means: the median lit block's ratio, so clipped highlights and a passing car do not decide
    it, and noise (mean 0) does not move it."""
    low, high = GAIN_LUMA
    lit = (reference > low) & (reference < high) & (now < high)
    if not lit.any():
        return 1.0
    ratio = (now[lit] / reference[lit]).ravel()
    middle = ratio.size // 2
    return float(np.clip(np.partition(ratio, middle)[middle], 0.25, 4.0))
