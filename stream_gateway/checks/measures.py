"""Image measures the checks share: each vectorised, on a ~320 px gray or BGR frame."""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

Gray = npt.NDArray[np.uint8]
Bgr = npt.NDArray[np.uint8]

STRUCTURE_SIZE = (160, 90)  # half the sample: noise and fine texture averaged away
STRUCTURE_SMOOTHING = (3, 3)
STRUCTURE_GRID = (3, 4)  # rows, columns of blocks compared one by one
FLAT_BLOCK = 120.0  # edge energy (root of summed squares) below which a block is blank
COVER_BLOCKS = (32, 18)  # 10 px blocks on a 320x180 sample
COVER_LUMA_MAX = 45.0  # a covering hand or bag is dark ...
COVER_STD_MAX = 6.0  # ... and flat, unlike a dark but detailed night scene


def sharpness(gray: Gray) -> float:
    """Variance of the Laplacian: high for crisp edges, falls as focus is lost."""
    return float(cv2.Laplacian(gray, cv2.CV_32F).var())


def structure(gray: Gray) -> npt.NDArray[np.float16]:
    """The scene's layout as signed edge gradients (x, y), lightly smoothed.

    Signed, not magnitudes: under a pan the horizon, kerbs and road lines stay where they
    were, so edge strength barely changes; the direction of every vertical edge does.
    Half precision: a reference is kept per camera and NCC needs no more.
    """
    small = cv2.resize(gray, STRUCTURE_SIZE, interpolation=cv2.INTER_AREA).astype(np.float32)
    gx = cv2.GaussianBlur(cv2.Sobel(small, cv2.CV_32F, 1, 0), STRUCTURE_SMOOTHING, 0)
    gy = cv2.GaussianBlur(cv2.Sobel(small, cv2.CV_32F, 0, 1), STRUCTURE_SMOOTHING, 0)
    return np.stack([gx, gy], axis=-1).astype(np.float16)


def similarity(a: npt.NDArray[np.float16], b: npt.NDArray[np.float16]) -> float:
    """Median over a grid of blocks of the normalised cross-correlation, -1..1.

    The median ignores what passes through a few blocks (traffic, a person); a turned camera
    changes them all. Normalising per block makes it blind to brightness and gain.
    """
    return float(np.median(_block_ncc(_blocks(a), _blocks(b))))


def _blocks(layout: npt.NDArray[np.float16]) -> npt.NDArray[np.float32]:
    rows, cols = STRUCTURE_GRID
    height, width, channels = layout.shape
    height, width = height // rows * rows, width // cols * cols
    shape = (rows, height // rows, cols, width // cols, channels)
    grid = layout[:height, :width].astype(np.float32).reshape(shape).transpose(0, 2, 1, 3, 4)
    return grid.reshape(rows * cols, -1)


def _block_ncc(a: npt.NDArray[np.float32], b: npt.NDArray[np.float32]) -> npt.NDArray[np.float64]:
    da = a - a.mean(axis=1, keepdims=True)
    db = b - b.mean(axis=1, keepdims=True)
    norm_a = np.sqrt((da * da).sum(axis=1))
    norm_b = np.sqrt((db * db).sum(axis=1))
    flat_a, flat_b = norm_a < FLAT_BLOCK, norm_b < FLAT_BLOCK
    ncc = (da * db).sum(axis=1) / np.maximum(norm_a * norm_b, 1e-9)
    # Two blank blocks are alike; a blank block against a detailed one is not.
    return np.where(flat_a & flat_b, 1.0, np.where(flat_a | flat_b, 0.0, ncc)).astype(np.float64)


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
