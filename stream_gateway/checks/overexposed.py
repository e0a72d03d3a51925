"""Over-exposed: part of the picture burnt out to (near) white because the exposure rose far
above the reference view's, not because the scene has a bright sky or lamp.

Burnt-out pixels alone do not tell: a bright scene after an auto-exposure step (up to about
1.6x) clips a quarter of gravel in sunlight, and a sky may always be burnt out. What over-
exposure adds is a rise of the whole picture against the reference: nearly every part of the
same view twice as bright or more, or burnt out, whether by gain (the iris stuck open) or by a
veil of light (flare); a camera turned to a brighter scene does not rise block by block.

The rise is read where the reference left room to show it: a block bright there already clips
after any small step up, so its clipping says nothing of how far the exposure rose (pale wood,
sand or snow stepped up 1.2x burn out as a fault's 2x would). Where the reference leaves too
little room, or the camera switched to infrared since (the scene reflects infrared otherwise and
the camera renders it with its own curve, so the reference's brightness no longer tells the
exposure), only a picture mostly clipped flat, its detail gone, is over-exposed.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from events.schema import CheckName
from stream_gateway.checks.measures import Bgr, Floats, Gray, block_means, block_stats, nearest_rank
from stream_gateway.checks.reference import ReferenceView, switched_mode
from stream_gateway.checks.result import CheckResult, judge

SATURATED_LUMA = 240  # 8-bit luma at which detail is gone
# Without a reference the rise cannot be told: only a picture burnt out over this share is
# over-exposed (a bright sky fills up to about a third of a street view).
BURNT_ALONE_SHARE = 0.4
# Mean luma of a 10 px block burnt out: such a block rose as far as it can, and one burnt out
# in the reference already (the sky) says nothing of the exposure.
BURNT_BLOCK = 230.0
# ... and clipped flat (gray levels of standard deviation): clipping leaves only the sensor
# noise below white (sigma 1-3.5, halved by the clip), a bright texture keeps more.
CLIPPED_STD = 4.0
BURNT_RISE = 16.0  # the rise a block that burnt out counts for: more than any threshold
# Gray levels added to both sides of a block's rise, so the near-black of a night sky (sensor
# noise) does not make a large ratio out of a few levels.
RISE_FLOOR = 20.0
# The rise must reach nearly all of the view: the block at this quantile (the tenth least
# risen) brighter by RISE_EVERYWHERE at least; a passing car or a lamp may not rise, but a
# brighter scene the camera turned to is darker than the old one in more places.
LEAST_RISEN = 0.1
RISE_EVERYWHERE = 1.2
# Share of the view that must have room to show the rise: on fewer blocks, passing objects
# would decide it.
ROOM_MIN = 0.1


def check_overexposed(
    gray: Gray,
    reference: ReferenceView | None,
    share_max: float,
    rise_min: float,
    bgr: Bgr | None = None,
) -> CheckResult:
    """Over-exposed: more than `share_max` of the pixels burnt out while the reference's blocks
    with room to rise `rise_min` times did so (the median; nearly all of them by
    `RISE_EVERYWHERE`); where they are too few, or for a rise seen after a switch to infrared
    (told when `bgr` is given), `BURNT_ALONE_SHARE` of the blocks clipped flat; without a
    reference, `BURNT_ALONE_SHARE` of the pixels burnt."""
    share = float(np.count_nonzero(gray >= SATURATED_LUMA)) / max(1, gray.size)
    if reference is None:
        return judge(CheckName.OVEREXPOSED, share, BURNT_ALONE_SHARE, fail_below=False)
    if share <= share_max:  # nothing to count: the rise need not be measured
        return judge(CheckName.OVEREXPOSED, share, share_max, fail_below=False)
    before = reference.block_luma.astype(np.float32)
    room = before <= (BURNT_BLOCK + RISE_FLOOR) / rise_min - RISE_FLOOR
    if np.count_nonzero(room) < ROOM_MIN * room.size:
        return by_clipping(gray, share)
    rises = block_rises(block_means(gray), before)
    least = nearest_rank(rises[before < BURNT_BLOCK], LEAST_RISEN)
    median = nearest_rank(rises[room], 0.5)
    risen = median >= rise_min and least >= RISE_EVERYWHERE
    if risen and bgr is not None and switched_mode(bgr, reference):
        return by_clipping(gray, share)
    result = judge(CheckName.OVEREXPOSED, share if risen else 0.0, share_max, fail_below=False)
    return replace(result, detail={"burnt_share": round(share, 4), "rise": round(median, 3)})


def by_clipping(gray: Gray, share: float) -> CheckResult:
    """Over-exposed when `BURNT_ALONE_SHARE` of the blocks are clipped flat: bright, their
    detail gone."""
    mean, spread = block_stats(gray)
    clipped = float(np.mean((mean >= BURNT_BLOCK) & (spread < CLIPPED_STD)))
    result = judge(CheckName.OVEREXPOSED, clipped, BURNT_ALONE_SHARE, fail_below=False)
    return replace(result, detail={"burnt_share": round(share, 4), "clipped": round(clipped, 4)})


def block_rises(now: Floats, before: Floats) -> Floats:
    """How many times brighter each block is than in the reference view; one burnt out now
    counts as risen (as far as it can)."""
    ratio = (now + RISE_FLOOR) / (before + RISE_FLOOR)
    ratio[now >= BURNT_BLOCK] = BURNT_RISE
    return ratio
