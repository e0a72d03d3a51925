"""Frozen picture: two samples taken apart in time are (almost) the same image.

A uniform frame (black, grey test card) carries too little texture to tell a frozen
picture from a live one, so the check does not apply there; the dark check speaks for it.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.result import CheckResult, judge


def check_frozen(
    gray: npt.NDArray[np.uint8],
    previous: npt.NDArray[np.uint8] | None,
    diff_max: float,
    min_texture: float,
) -> CheckResult | None:
    if previous is None or previous.shape != gray.shape:
        return None
    if float(gray.std()) < min_texture:
        return None
    mean_abs_diff = float(cv2.absdiff(gray, previous).mean())
    return judge(CheckName.FROZEN, mean_abs_diff, diff_max, fail_below=True)
