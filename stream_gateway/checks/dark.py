"""Too dark: the mean luma of the frame lies below the threshold (black is the extreme).

Of a partly covered lens only the part still visible is judged, against the same part of the
reference view: a hand over half the lens is a cover, not a dark picture.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.measures import block_stats
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

# Whatever the reference, a picture brighter than this is never called dark.
RELATIVE_CEILING = 60.0


def check_dark(
    gray: npt.NDArray[np.uint8],
    luma_max: float,
    reference: ReferenceView | None = None,
    ratio_min: float = 0.0,
    visible: npt.NDArray[np.bool_] | None = None,
) -> CheckResult:
    """Dark below `luma_max`, or below `ratio_min` of the reference view's brightness.

    `visible`, on the grid of `measures.COVER_BLOCKS`, limits both to the blocks not covered.
    """
    luma = float(gray.mean())
    base = reference.luma if reference is not None else 0.0
    if visible is not None and reference is not None and visible.any():
        luma = float(block_stats(gray)[0][visible].mean())
        base = float(reference.block_luma[visible].astype(np.float32).mean())
    threshold = luma_max
    if reference is not None and ratio_min > 0:
        threshold = max(luma_max, min(ratio_min * base, RELATIVE_CEILING))
    return judge(CheckName.DARK, luma, threshold, fail_below=True)
