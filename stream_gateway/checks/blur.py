"""Blur / lost focus: edges much softer than in the reference view."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, sharpness
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

FEATURELESS = 1.0  # reference sharpness floor: a blank view cannot lose much focus


BLOCKS_MIN = 12  # blocks with detail in the reference needed to judge block by block


def check_blur(
    gray: Gray,
    reference: ReferenceView | None,
    ratio_min: float,
    detail_kept: npt.NDArray[np.float32] | None = None,
) -> CheckResult | None:
    """Blurred when the median block kept less than `ratio_min` of its detail
    (detail.detail_ratio); a view with too few detailed blocks by the whole picture's
    sharpness."""
    if reference is None:
        return None
    judged = detail_kept[~np.isnan(detail_kept)] if detail_kept is not None else None
    if judged is not None and judged.size >= BLOCKS_MIN:
        ratio = float(np.median(judged))
    else:
        ratio = sharpness(gray) / max(reference.sharpness, FEATURELESS)
    return judge(CheckName.BLUR, ratio, ratio_min, fail_below=True)
