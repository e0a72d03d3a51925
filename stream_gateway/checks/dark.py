"""Too dark: the picture lost most of the brightness its reference view has (black is the
extreme); without a reference, or with the relative bound off, below an absolute luma.

Judged against the reference, not one absolute number, because many views are dark by nature
(a night street, a starry sky, a storm): what an operator needs to know is that the picture
went dark, not that it is.

Of a partly covered lens only the part still visible is judged, against the same part of the
reference view: a hand over half the lens is a cover, not a dark picture.

Too dark means too dark to see: light lost dims the contrast with the brightness (both scale
with the exposure), while a camera turned to a darker scene it exposes well keeps its contrast
(a starry sky after a street is darker on the whole, its stars as bright as the lamps were).
"""

from __future__ import annotations

from dataclasses import replace

import cv2
import numpy as np
import numpy.typing as npt

from events.schema import CheckName, Verdict
from stream_gateway.checks.measures import block_means, nearest_rank
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

# Whatever the reference, a picture brighter than this is never called dark.
RELATIVE_CEILING = 60.0
# Below this share of the frame left visible, a cover is (nearly) total: the whole picture is
# judged, lest a few blocks dark in the reference too decide.
VISIBLE_MIN = 0.1
# Contrast is the spread of the blocks' brightness between these quantiles: a lamp or the OSD
# clock, bright in a dimmed picture too, stays outside them.
CONTRAST_QUANTILES = (0.1, 0.9)
# A reference view flatter than this (gray levels of spread: a plain wall) shows no contrast to
# lose: its brightness alone decides.
FLAT_SPREAD = 10.0


def check_dark(
    gray: npt.NDArray[np.uint8],
    luma_max: float,
    reference: ReferenceView | None = None,
    ratio_min: float = 0.0,
    visible: npt.NDArray[np.bool_] | None = None,
    contrast_kept_max: float = 1.0,
) -> CheckResult:
    """Dark below `ratio_min` of the reference view's brightness (counted up to
    `RELATIVE_CEILING`) with less than `contrast_kept_max` of its contrast left, or below
    `luma_max` when there is no reference or `ratio_min` is 0.

    `visible`, on the grid of `measures.COVER_BLOCKS`, limits the brightness to the blocks
    not covered.
    """
    if reference is None:
        return judge(CheckName.DARK, cv2.mean(gray)[0], luma_max, fail_below=True)
    luma, base = judged_luma(gray, reference, visible)
    if ratio_min <= 0:
        return judge(CheckName.DARK, luma, luma_max, fail_below=True)
    threshold = min(ratio_min * base, RELATIVE_CEILING)
    result = judge(CheckName.DARK, luma, threshold, fail_below=True)
    if not result.failed:
        return result
    # of the whole picture: the blocks left visible are the brightest, their spread no guide
    kept = contrast_kept(block_means(gray), reference.block_luma.astype(np.float32))
    verdict = Verdict.FAIL if kept < contrast_kept_max else Verdict.PASS
    region = result.region if verdict is Verdict.FAIL else None
    return replace(result, verdict=verdict, region=region, detail={"contrast_kept": round(kept, 3)})


def judged_luma(
    gray: npt.NDArray[np.uint8], reference: ReferenceView, visible: npt.NDArray[np.bool_] | None
) -> tuple[float, float]:
    """Mean luma of the picture and of the reference view, of the visible blocks only when
    enough of them are."""
    if visible is None or float(visible.mean()) < VISIBLE_MIN:
        return cv2.mean(gray)[0], reference.luma
    before = reference.block_luma[visible].astype(np.float32)
    return float(block_means(gray)[visible].mean()), float(before.mean())


def contrast_kept(now: npt.NDArray[np.float32], before: npt.NDArray[np.float32]) -> float:
    """The share of the reference's contrast (spread of block brightness) the picture kept;
    0 when the reference is too flat to tell."""
    spread_before = _spread(before)
    return _spread(now) / spread_before if spread_before >= FLAT_SPREAD else 0.0


def _spread(blocks: npt.NDArray[np.float32]) -> float:
    low, high = (nearest_rank(blocks, q) for q in CONTRAST_QUANTILES)
    return high - low
