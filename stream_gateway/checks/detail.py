"""Fine detail per block against the reference view: what blur and a cover both take away.

A block's detail is the mean squared Laplacian of the picture after a 3x3 median, so sensor
noise and salt and pepper add little of their own; it is compared block by block with the same
block of the reference, after the gain (exposure scales detail with brightness). Blur takes
detail from every block, a cover from a region while the rest keeps its focus; an on-screen
clock or a car changes a few blocks, which the median over blocks ignores.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from stream_gateway.checks.measures import COVER_BLOCKS, Gray, brightness_gain

Floats = npt.NDArray[np.float32]

DETAIL_MIN = 4.0  # mean squared Laplacian of a block with detail to lose (blank sky: ~0)
# Blocks compared as 3x3 neighbourhoods: drift and sway of a block (10 px) move point-like
# detail (stars, a lamp, a car's edge) from one block to the next, not out of the neighbourhood.
NEIGHBOURHOOD = (3, 3)


def detail_map(gray: Gray) -> Floats:
    """Per block of measures.COVER_BLOCKS, the mean squared Laplacian of the median-filtered
    picture."""
    smooth = cv2.medianBlur(gray, 3)
    # 16-bit holds a 3x3 Laplacian of 8-bit exactly, at half the cost of 32-bit floats
    laplacian = cv2.Laplacian(smooth, cv2.CV_16S)
    energy = cv2.multiply(laplacian, laplacian, dtype=cv2.CV_32F)
    return np.asarray(cv2.resize(energy, COVER_BLOCKS, interpolation=cv2.INTER_AREA), np.float32)


def detail_ratio(
    detail: Floats, block_luma: Floats, reference_detail: Floats, reference_luma: Floats
) -> Floats:
    """Per block (and its neighbours), the detail kept as a share of the reference's after the
    gain; NaN where the reference had none to lose."""
    now = np.asarray(cv2.blur(detail, NEIGHBOURHOOD), np.float32)
    before = np.asarray(cv2.blur(reference_detail, NEIGHBOURHOOD), np.float32)
    gain = brightness_gain(block_luma, reference_luma)
    expected = before * np.float32(gain * gain)
    ratio = now / np.maximum(expected, np.float32(1e-6))
    return np.where(before >= DETAIL_MIN, ratio, np.nan).astype(np.float32)
