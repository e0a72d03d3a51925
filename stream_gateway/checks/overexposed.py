"""Over-exposed: part of the picture burnt out to (near) white because the exposure rose far
above the reference view's, not because the scene has a bright sky or lamp.

Burnt-out pixels alone do not tell: a bright scene after an auto-exposure step (up to about
1.6x) clips a quarter of gravel in sunlight, and a sky may always be burnt out. What over-
exposure adds is a rise of the whole picture against the reference: nearly every part of the
same view twice as bright or more, or burnt out, whether by gain (the iris stuck open) or by a
veil of light (flare); a camera turned to a brighter scene does not rise block by block.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import numpy.typing as npt

from events.schema import CheckName
from stream_gateway.checks.measures import Floats, Gray, block_means, nearest_rank
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

SATURATED_LUMA = 240  # 8-bit luma at which detail is gone
# Without a reference the rise cannot be told: only a picture burnt out over this share is
# over-exposed (a bright sky fills up to about a third of a street view).
BURNT_ALONE_SHARE = 0.4
# Mean luma of a 10 px block burnt out: such a block rose as far as it can, and one burnt out
# in the reference already (the sky) says nothing of the exposure.
BURNT_BLOCK = 230.0
BURNT_RISE = 16.0  # the rise a block that burnt out counts for: more than any threshold
# Gray levels added to both sides of a block's rise, so the near-black of a night sky (sensor
# noise) does not make a large ratio out of a few levels.
RISE_FLOOR = 20.0
# The rise must reach nearly all of the view: the block at this quantile (the tenth least
# risen) brighter by RISE_EVERYWHERE at least; a passing car or a lamp may not rise, but a
# brighter scene the camera turned to is darker than the old one in more places.
LEAST_RISEN = 0.1
RISE_EVERYWHERE = 1.2


def check_overexposed(
    gray: Gray, reference: ReferenceView | None, share_max: float, rise_min: float
) -> CheckResult:
    """Over-exposed: more than `share_max` of the pixels burnt out while the median block rose
    `rise_min` times the reference view's, and nearly every block rose;
    without a reference, `BURNT_ALONE_SHARE` burnt."""
    share = float(np.count_nonzero(gray >= SATURATED_LUMA)) / max(1, gray.size)
    if reference is None:
        return judge(CheckName.OVEREXPOSED, share, BURNT_ALONE_SHARE, fail_below=False)
    if share <= share_max:  # nothing to count: the rise need not be measured
        return judge(CheckName.OVEREXPOSED, share, share_max, fail_below=False)
    least, median = rise_quantiles(gray, reference)
    counted = share if median >= rise_min and least >= RISE_EVERYWHERE else 0.0
    result = judge(CheckName.OVEREXPOSED, counted, share_max, fail_below=False)
    return replace(result, detail={"burnt_share": round(share, 4), "rise": round(median, 3)})


def rise_quantiles(gray: Gray, reference: ReferenceView) -> tuple[float, float]:
    """The rise of the tenth least risen block and of the median one."""
    rises = block_rises(block_means(gray), reference.block_luma)
    return nearest_rank(rises, LEAST_RISEN), nearest_rank(rises, 0.5)


def block_rises(now: npt.NDArray[np.float32], reference: npt.NDArray[np.float16]) -> Floats:
    """How many times brighter each block is than in the reference view (one burnt out now
    counts as risen), leaving out those burnt out there already; [1] if all were."""
    before = reference.astype(np.float32)
    judged = before < BURNT_BLOCK
    if not judged.any():
        return np.ones(1, np.float32)
    ratio = (now + RISE_FLOOR) / (before + RISE_FLOOR)
    ratio[now >= BURNT_BLOCK] = BURNT_RISE
    return ratio[judged]
