"""Lens covered or blocked: a region of the view lost its detail (a hand, a bag, a tarp or
paint on the lens is out of focus, whatever its colour) while the rest kept it, or turned dark
and flat, unlike the reference view. Where the view had no detail to lose (a plain sky), a
block counts if it is soft, lit differently from the rest of the view and stays put.

If the rest of the view did not keep its detail, the whole picture went soft: that is blur,
not a cover. The score is the share of the frame newly covered; the region is the box around
those blocks.
"""

from __future__ import annotations

import cv2
import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.detail import detail_map
from stream_gateway.checks.measures import (
    COVER_BLOCKS,
    GAIN_LUMA,
    Gray,
    block_means,
    brightness_gain,
    covered_blocks,
)
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, Region, judge

LOST_RATIO = 0.12  # detail kept (detail.detail_ratio) by a cover's median block, at most
KEPT_RATIO = 0.5  # ... below which a block is soft; the rest of the view keeps this at least
_OPENING = np.ones((3, 3), np.uint8)
# Share of the detailed blocks that must lie outside the cover, still in focus: an on-screen
# clock (drawn sharp on any picture, about 5 % of them) alone does not make a soft view a cover.
KEPT_MIN = 0.15
# Gray levels (after the gain) by which a covered block's mean differs from the reference's: a
# hand or a tarp is another object, while a lost focus or drifting cloud keeps each block's
# mean and takes only its detail.
LUMA_CHANGE_MIN = 15.0
# Share of a cover's blocks that must show that change: the rest may be where the cover
# happens to match the view's brightness, or its soft edge.
CHANGED_SHARE_MIN = 0.5
# Detail kept (detail.detail_ratio) below which a block along the region that changed
# brightness is the cover's soft edge, half blended with the view; above it, the view itself.
EDGE_KEPT = 0.6
# Share of a region's blocks whose brightness moved LUMA_CHANGE_MIN since the previous sample
# above which the region is still moving: a cover, once in place, stays put, while drifting
# clouds and passing traffic change from one sample to the next.
MOVED_SHARE_MAX = 0.07
# Detail (detail.detail_map) below which a block is soft whatever the reference showed there: a
# cover sits far inside the lens's focus distance, so even a textured hand or tarp keeps only
# broad shading (about 3-15), while an edge in focus gives hundreds. A blank sky is as soft,
# so such a block counts only where it is lit differently from the rest of the view (after the
# gain: a re-exposed sky is no cover) and stays put since the previous sample (clouds drift).
SOFT_DETAIL = 16.0
# Detail above which a block is sharp: an edge in focus.
SHARP_DETAIL = 60.0
# Share of sharp blocks within a region's convex outline (rim left out) above which it is not
# one cover: nothing in focus shows through a cover, while a camera turned to a sky between
# masts or buildings shows them within it. A cover's wavy edge leaves a few view blocks in.
SHARP_SHARE_MAX = 0.15


def newly_covered(
    gray: Gray,
    reference: ReferenceView,
    ratio: npt.NDArray[np.float32],
    detail: npt.NDArray[np.float32] | None = None,
    previous: Gray | None = None,
) -> npt.NDArray[np.bool_]:
    """The blocks (measures.COVER_BLOCKS) covered now that were not in the reference view: the
    largest soft region, if it lost nearly all its detail while the rest kept it and mostly
    changed brightness; else those newly dark and flat (all of them if most changed
    brightness: one dark object, matching the view here and there; else only those changed,
    as a lost focus flattens a dark view without darkening it). `detail` is
    detail.detail_map(gray), computed here if not given; `previous`, the previous sample."""
    detail = detail_map(gray) if detail is None else detail
    luma = block_means(gray)
    raw, relit = brightness_moves(luma, reference)
    changed = raw | relit
    dark_flat = covered_blocks(gray) & ~reference.covered
    if not looks_other(dark_flat, changed):
        dark_flat &= changed
    judged = ~np.isnan(ratio)
    kept = np.where(judged, ratio, np.float32(0))
    settled_soft = relit & (detail < SOFT_DETAIL)
    if settled_soft.any():  # most samples have none: spare the previous sample's block means
        settled_soft &= still(gray, previous)
    # A block burnt out lost its detail to exposure (the over-exposure check's), not to a cover.
    soft = ((judged & (kept < KEPT_RATIO)) | settled_soft) & (luma < GAIN_LUMA[1])
    region = largest_region(dark_flat | soft)
    rich = judged & rich_blocks(reference.detail, judged)
    lost = np.where(
        region & (detail < SOFT_DETAIL) & (reference.detail > SHARP_DETAIL), np.float32(0), kept
    )
    if judged.any() and is_cover(region, judged, lost, rich) and looks_other(region, changed):
        return with_edge(region, changed & (kept < EDGE_KEPT))
    return dark_flat


def with_edge(region: npt.NDArray[np.bool_], edge: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The region and the blocks along it in `edge`: a cover's soft edge, half blended with
    the view, keeps some of its detail but not its brightness."""
    ring = cv2.dilate(region.astype(np.uint8), _OPENING).astype(bool)
    return np.asarray(region | (ring & edge))


def brightness_changed(gray: Gray, reference: ReferenceView) -> npt.NDArray[np.bool_]:
    """The blocks whose mean brightness moved LUMA_CHANGE_MIN or more, as it is or after the
    gain: a large dark cover lowers the gain itself, so its blocks seem unchanged after it."""
    raw, relit = brightness_moves(block_means(gray), reference)
    return np.asarray(raw | relit)


def brightness_moves(
    luma: npt.NDArray[np.float32], reference: ReferenceView
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_]]:
    """The blocks (their means, `luma`) whose mean brightness moved LUMA_CHANGE_MIN or more: as
    it is, and after the gain (lit differently from the rest of the view, not only re-exposed
    with it)."""
    before = reference.block_luma.astype(np.float32)
    gain = np.float32(brightness_gain(luma, before))
    raw = np.abs(luma - before) >= LUMA_CHANGE_MIN
    return np.asarray(raw), np.asarray(np.abs(luma - before * gain) >= LUMA_CHANGE_MIN)


def looks_other(region: npt.NDArray[np.bool_], changed: npt.NDArray[np.bool_]) -> bool:
    """Most of the region shows another brightness: something in front of the lens, not the
    same view out of focus."""
    return bool(changed[region].mean() >= CHANGED_SHARE_MIN) if region.any() else False


def is_cover(
    region: npt.NDArray[np.bool_],
    judged: npt.NDArray[np.bool_],
    kept: npt.NDArray[np.float32],
    rich: npt.NDArray[np.bool_] | None = None,
) -> bool:
    """A cover takes nearly all the detail of its region while the rest of the view keeps its
    focus; softness everywhere is blur, a few soft blocks in a sharp view are traffic. The
    detail is compared on the `rich` blocks (all judged ones by default); the rest of the view
    is counted on all judged ones, as a large cover may hide most of the rich ones."""
    rich = judged if rich is None else rich
    inside, outside = rich & region, rich & ~region
    if not inside.any() or not outside.any() or (judged & ~region).sum() < KEPT_MIN * judged.sum():
        return False
    return bool(np.median(kept[inside]) < LOST_RATIO and np.median(kept[outside]) >= KEPT_RATIO)


def out_of_focus(region: npt.NDArray[np.bool_], detail: npt.NDArray[np.float32]) -> bool:
    """Nearly no block within the region's outline (its convex hull) shows an edge in focus:
    nothing can be seen in focus through a cover close to the lens, while a camera turned to
    another scene shows soft sky or wall between sharp masts and buildings. The rim is left
    out: there a soft edge blends with the view in focus behind it."""
    hull = np.zeros(region.shape, np.uint8)
    cv2.fillConvexPoly(hull, cv2.convexHull(cv2.findNonZero(region.astype(np.uint8))), 1)
    inside = cv2.erode(hull, _OPENING).astype(bool)
    inside = inside if inside.any() else region
    return bool((detail[inside] > SHARP_DETAIL).mean() <= SHARP_SHARE_MAX)


def still(gray: Gray, previous: Gray | None) -> npt.NDArray[np.bool_]:
    """The blocks whose brightness stayed within LUMA_CHANGE_MIN since the previous sample (all
    without one): a cover stays put, drifting clouds do not."""
    if previous is None:
        return np.ones(COVER_BLOCKS[::-1], bool)
    return np.asarray(np.abs(block_means(gray) - block_means(previous)) < LUMA_CHANGE_MIN)


def rich_blocks(
    detail: npt.NDArray[np.float32], judged: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    """The reference's more detailed half of the judged blocks: there focus is told from sensor
    noise, which a blur leaves (it is added after the lens) and which a near-blank block is."""
    if not judged.any():
        return np.zeros_like(judged)
    return np.asarray(detail >= np.median(detail[judged]))


def largest_region(blocks: npt.NDArray[np.bool_]) -> npt.NDArray[np.bool_]:
    """The largest connected region of blocks, once single blocks and thin lines are opened
    away: a cover is one large patch, a car that left a detailed spot a few scattered ones."""
    opened = cv2.morphologyEx(blocks.astype(np.uint8), cv2.MORPH_OPEN, _OPENING)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(opened, connectivity=4)
    if count <= 1:
        return np.zeros_like(blocks)
    biggest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
    return np.asarray(labels == biggest)


def moved_share(gray: Gray, previous: Gray | None, region: npt.NDArray[np.bool_]) -> float:
    """The share of the region's blocks whose brightness moved LUMA_CHANGE_MIN or more since the
    previous sample (0 without one). The rim is left out: a cover's soft edge shows the view
    behind it, which may move while the cover stays put."""
    if previous is None or not region.any():
        return 0.0
    inside = cv2.erode(region.astype(np.uint8), _OPENING).astype(bool)
    inside = inside if inside.any() else region
    moved = np.abs(block_means(gray) - block_means(previous))[inside]
    return float((moved >= LUMA_CHANGE_MIN).mean())


def check_covered(
    newly: npt.NDArray[np.bool_] | None,
    share_max: float,
    moving_share_max: float = 1.0,
    moved: float = 0.0,
) -> CheckResult | None:
    """A region that settled counts from share_max; one still moving since the previous sample
    (a cover arriving, or clouds and traffic passing) only from moving_share_max."""
    if newly is None:
        return None
    share = float(newly.mean())
    bound = share_max if moved <= MOVED_SHARE_MAX else max(share_max, moving_share_max)
    return judge(CheckName.COVERED, share, bound, fail_below=False, region=bounding(newly))


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
