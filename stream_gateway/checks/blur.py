"""Blur / lost focus: edges much softer than in the reference view."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, sharpness
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

FEATURELESS = 1.0  # reference sharpness floor: a blank view cannot lose much focus


BLOCKS_MIN = 12  # blocks with detail in the reference needed to judge block by block
# Quantile of the reference's block detail from which a block is judged: the detailed half.
RICH_QUANTILE = 0.5


def check_blur(
    gray: Gray,
    reference: ReferenceView | None,
    ratio_min: float,
    detail_kept: npt.NDArray[np.float32] | None = None,
) -> CheckResult | None:
    """Blurred when the median of the reference's more detailed blocks kept less than
    `ratio_min` of its detail (detail.detail_ratio); a view with too few detailed blocks by the
    whole picture's sharpness."""
    if reference is None:
        return None
    kept = None if detail_kept is None else kept_by_detailed(reference.detail, detail_kept)
    if kept is not None and kept.size >= BLOCKS_MIN:
        ratio = median(kept)
    else:
        ratio = sharpness(gray) / max(reference.sharpness, FEATURELESS)
    return judge(CheckName.BLUR, ratio, ratio_min, fail_below=True)


def kept_by_detailed(
    reference_detail: npt.NDArray[np.float32], detail_kept: npt.NDArray[np.float32]
) -> npt.NDArray[np.float32]:
    """The detail kept by the judged blocks among the reference's more detailed ones: their
    detail is mostly the view's, which a lost focus takes, while a plainer block's is mostly
    sensor noise, added after the lens and kept by a blur."""
    judged = ~np.isnan(detail_kept)
    if not judged.any():
        return detail_kept[judged]
    # np.quantile's interpolated floor lies above the value ranked just below this one and
    # no higher than this one: this value picks the same blocks, at a third of the cost
    rated = reference_detail[judged]
    rank = math.ceil(RICH_QUANTILE * (rated.size - 1))
    floor = float(np.partition(rated, rank)[rank])
    return detail_kept[judged & (reference_detail >= floor)]


def median(values: npt.NDArray[np.float32]) -> float:
    """np.median's value (the mean of the middle two, for an even count), from a partition."""
    high = values.size // 2
    if values.size % 2:
        return float(np.partition(values, high)[high])
    ordered = np.partition(values, [high - 1, high])
    return float((ordered[high - 1] + ordered[high]) / np.float32(2))
