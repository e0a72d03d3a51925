"""Image measures the checks share: each vectorised, on a ~320 px gray or BGR frame."""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]
Floats = npt.NDArray[np.float32]

COVER_BLOCKS = (32, 18)  # 10 px blocks on a 320x180 sample
COVER_LUMA_MAX = 45.0  # a covering hand or bag is dark ...
COVER_STD_MAX = 6.0  # ... and flat, unlike a dark but detailed night scene


def sharpness(gray: Gray) -> float:
    """Variance of the Laplacian: high for crisp edges, falls as focus is lost."""
    # 16-bit holds a 3x3 Laplacian of 8-bit exactly, at half the cost; NumPy's var: 3x slower
    deviation = cv2.meanStdDev(cv2.Laplacian(gray, cv2.CV_16S))[1]
    return float(deviation[0, 0]) ** 2


def block_stats(gray: Gray) -> tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]:
    as_float = gray.astype(np.float32)
    mean = np.asarray(
        cv2.resize(as_float, COVER_BLOCKS, interpolation=cv2.INTER_AREA), dtype=np.float32
    )
    mean_sq = cv2.resize(as_float * as_float, COVER_BLOCKS, interpolation=cv2.INTER_AREA)
    std = np.sqrt(np.maximum(mean_sq - mean * mean, 0)).astype(np.float32)
    return mean, std


def covered_blocks(gray: Gray) -> npt.NDArray[np.bool_]:
    mean, std = block_stats(gray)
    return (mean < COVER_LUMA_MAX) & (std < COVER_STD_MAX)


def mean_chroma(bgr: Bgr) -> tuple[float, float]:
    """Mean (a, b) of CIELAB, centred on neutral grey."""
    lab = cv2.cvtColor(bgr, cv2.COLOR_BGR2LAB)
    means = cv2.mean(lab)
    return float(means[1]) - 128.0, float(means[2]) - 128.0


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
