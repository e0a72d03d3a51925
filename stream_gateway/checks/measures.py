"""Image measures the checks share: each vectorised, on a ~320 px gray or BGR frame."""

from __future__ import annotations

import math

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]

COVER_BLOCKS = (32, 18)  # 10 px blocks on a 320x180 sample
COVER_LUMA_MAX = 45.0  # a covering hand or bag is dark ...
COVER_STD_MAX = 6.0  # ... and flat, unlike a dark but detailed night scene
_IMMERKAER = np.array([[1, -2, 1], [-2, 4, -2], [1, -2, 1]], np.float32)


def sharpness(gray: Gray) -> float:
    """Variance of the Laplacian: high for crisp edges, falls as focus is lost."""
    return float(cv2.Laplacian(gray, cv2.CV_32F).var())


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


def noise_sigma(gray: Gray) -> float:
    """Immerkaer's fast estimate of the noise standard deviation, in gray levels."""
    height, width = int(gray.shape[0]), int(gray.shape[1])
    if height < 3 or width < 3:
        return 0.0
    response = cv2.filter2D(gray.astype(np.float32), -1, _IMMERKAER)[1:-1, 1:-1]
    total = float(np.abs(response).sum())
    return math.sqrt(math.pi / 2) * total / (6.0 * (width - 2) * (height - 2))


def stripe_level(gray: Gray) -> float:
    """How far row brightness swings around its smooth trend: interference bands."""
    rows = gray.mean(axis=1, dtype=np.float64).astype(np.float32).reshape(-1, 1)
    if rows.shape[0] < 8:
        return 0.0
    trend = cv2.GaussianBlur(rows, (1, 31), 0)
    return float((rows - trend).std())
