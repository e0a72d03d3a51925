"""Too dark: the picture lost most of the brightness its reference view has (black is the
extreme); without a reference, or with the relative bound off, below an absolute luma.

Judged against the reference, not one absolute number, because many views are dark by nature
(a night street, a starry sky, a storm): what an operator needs to know is that the picture
went dark, not that it is.

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
# Below this share of the frame left visible, a cover is (nearly) total: the whole picture is
# judged, lest a few blocks dark in the reference too decide.
VISIBLE_MIN = 0.1


def check_dark(
    gray: npt.NDArray[np.uint8],
    luma_max: float,
    reference: ReferenceView | None = None,
    ratio_min: float = 0.0,
    visible: npt.NDArray[np.bool_] | None = None,
) -> CheckResult:
    """Dark below `ratio_min` of the reference view's brightness (counted up to
    `RELATIVE_CEILING`), or below `luma_max` when there is no reference or `ratio_min` is 0.

    `visible`, on the grid of `measures.COVER_BLOCKS`, limits both to the blocks not covered.
    """
    luma = float(gray.mean())
    base = reference.luma if reference is not None else 0.0
    if visible is not None and reference is not None and float(visible.mean()) >= VISIBLE_MIN:
        luma = float(block_stats(gray)[0][visible].mean())
        base = float(reference.block_luma[visible].astype(np.float32).mean())
    threshold = luma_max
    if reference is not None and ratio_min > 0:
        threshold = min(ratio_min * base, RELATIVE_CEILING)
    return judge(CheckName.DARK, luma, threshold, fail_below=True)
