"""Too dark: the mean luma of the frame lies below the threshold (black is the extreme)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.result import CheckResult, judge


def check_dark(gray: npt.NDArray[np.uint8], luma_max: float) -> CheckResult:
    return judge(CheckName.DARK, float(gray.mean()), luma_max, fail_below=True)
