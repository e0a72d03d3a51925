"""The picture type every module passes around: an H x W x 3 BGR uint8 array."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]


def black_frame(width: int, height: int) -> Frame:
    return np.zeros((height, width, 3), dtype=np.uint8)
