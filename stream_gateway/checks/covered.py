"""Lens covered or blocked: dark, featureless blocks that the reference view did not have.

The score is the share of the frame newly covered; the region is the box around those blocks.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, covered_blocks
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, Region, judge


def check_covered(
    gray: Gray,
    reference: ReferenceView | None,
    share_max: float,
    blocks: npt.NDArray[np.bool_] | None = None,
) -> CheckResult | None:
    """`blocks`: `covered_blocks(gray)` where the caller has it already."""
    if reference is None:
        return None
    if blocks is None:
        blocks = covered_blocks(gray)
    baseline = reference.covered_share
    share = max(0.0, float(blocks.mean()) - baseline)
    return judge(CheckName.COVERED, share, share_max, fail_below=False, region=bounding(blocks))


def bounding(blocks: npt.NDArray[np.bool_]) -> Region | None:
    rows, cols = np.nonzero(blocks)
    if rows.size == 0:
        return None
    height, width = blocks.shape
    top, left = rows.min() / height, cols.min() / width
    return (
        float(left),
        float(top),
        float((cols.max() + 1) / width - left),
        float((rows.max() + 1) / height - top),
    )
