"""Lens covered or blocked: a region of the view lost its detail (a hand, a bag, a tarp or
paint on the lens is out of focus, whatever its colour) while the rest kept it, or turned dark
and flat, unlike the reference view.

If no block kept its detail, the whole picture went soft: that is blur, not a cover. The score
is the share of the frame newly covered; the region is the box around those blocks.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, covered_blocks
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, Region, judge

LOST_RATIO = 0.12  # detail kept (detail.detail_ratio) below which a block is covered
KEPT_RATIO = 0.5  # ... and from which a block is still in focus
_OPENING = np.ones((3, 3), np.uint8)
KEPT_MIN = 0.08  # share of the blocks with detail that must stay in focus for a cover


def newly_covered(
    gray: Gray, reference: ReferenceView, ratio: npt.NDArray[np.float32]
) -> npt.NDArray[np.bool_]:
    """The blocks (measures.COVER_BLOCKS) covered now that were not in the reference view."""
    dark_flat = covered_blocks(gray) & ~reference.covered
    judged = ~np.isnan(ratio)
    # Blocks still in focus, thin strips (an on-screen clock, drawn sharp on any picture)
    # opened away: if too few are left, everything went soft: blur (or dark), not a cover.
    in_focus = np.zeros_like(dark_flat)
    in_focus[judged] = ratio[judged] >= KEPT_RATIO
    in_focus = cv2.morphologyEx(in_focus.astype(np.uint8), cv2.MORPH_OPEN, _OPENING) > 0
    if not judged.any() or float(in_focus.sum()) / float(judged.sum()) < KEPT_MIN:
        return dark_flat
    lost = np.zeros_like(dark_flat)
    lost[judged] = ratio[judged] < LOST_RATIO
    return largest_region(dark_flat | lost)


def largest_region(blocks: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The largest connected region of blocks, once single blocks and thin lines are opened
    away: a cover is one large patch, a car that left a detailed spot a few scattered ones."""
    opened = cv2.morphologyEx(blocks.astype(np.uint8), cv2.MORPH_OPEN, _OPENING)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=4)
    if count <= 1:
        return np.zeros_like(blocks)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.asarray(labels == biggest)


def check_covered(newly: npt.NDArray[np.bool_] | None, share_max: float) -> CheckResult | None:
    if newly is None:
        return None
    share = float(newly.mean())
    return judge(CheckName.COVERED, share, share_max, fail_below=False, region=bounding(newly))


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
