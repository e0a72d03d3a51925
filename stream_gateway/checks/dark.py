"""Too dark: the mean luma of the frame lies below the threshold (black is the extreme)."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

# Whatever the reference, a picture brighter than this is never called dark.
RELATIVE_CEILING = 60.0


def check_dark(
    gray: npt.NDArray[np.uint8],
    luma_max: float,
    reference: ReferenceView | None = None,
    ratio_min: float = 0.0,
) -> CheckResult:
    """Dark below `luma_max`, or below `ratio_min` of the reference view's brightness."""
    threshold = luma_max
    if reference is not None and ratio_min > 0:
        threshold = max(luma_max, min(ratio_min * reference.luma, RELATIVE_CEILING))
    return judge(CheckName.DARK, float(gray.mean()), threshold, fail_below=True)
