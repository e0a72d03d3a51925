"""All frame checks of one sample, in order of precedence, one fault reported once.

A failing check masks the checks its fault would fool: a black frame is also "blurred" and
"turned away", but the operator must read "dark", once. Masked checks give no finding, so
their alert state neither rises nor clears while the stronger fault lasts.

No rule may hide the truth. Scene change is judged on the structure aligned to the reference
at a coarse scale, where a tint, blur or noise change it little, so none of those masks it; a
camera turned away masks the checks judged against the reference instead (cover, noise, colour
cast, blur), since that reference no longer shows what the camera sees. Only a picture in
which nothing can be judged (dark, burnt out) masks scene change, and a cover hiding most of
the view (out of focus within its whole outline): what is left is too little to tell, and the
cover is the fault. A large soft region with edges in focus within its outline may be another
scene's sky: scene change judges the whole view, and the cover counts only if it passes.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import numpy.typing as npt

from events.schema import CheckName as C
from events.schema import Verdict
from stream_gateway.checks.alignment import Alignment, align
from stream_gateway.checks.blur import check_blur
from stream_gateway.checks.color_cast import check_color_cast
from stream_gateway.checks.covered import (
    check_covered,
    moved_share,
    newly_covered,
    out_of_focus,
)
from stream_gateway.checks.dark import check_dark
from stream_gateway.checks.detail import detail_map, detail_ratio
from stream_gateway.checks.frozen import check_frozen
from stream_gateway.checks.measures import Bgr, Gray, block_means
from stream_gateway.checks.noise import check_noise
from stream_gateway.checks.overexposed import check_overexposed
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge_unknown
from stream_gateway.checks.scene_change import check_scene_change
from stream_gateway.checks.thresholds import CheckThresholds

COVER_HIDES_VIEW = 0.5  # share of the frame newly covered past which scene change cannot judge
_ALL = frozenset(C) - {C.SIGNAL_LOSS}
_AGAINST_REFERENCE = frozenset({C.COVERED, C.NOISE, C.COLOR_CAST, C.BLUR})
MASKS: dict[C, frozenset[C]] = {
    C.DARK: _ALL - {C.DARK},
    C.OVEREXPOSED: frozenset({C.BLUR, C.SCENE_CHANGE, C.COLOR_CAST, C.NOISE, C.COVERED, C.FROZEN}),
    # The reference no longer shows what the camera sees: nothing can be judged against it.
    C.SCENE_CHANGE: _AGAINST_REFERENCE,
    # A cover hides the moving part of the view: what is left may look frozen.
    C.COVERED: frozenset({C.BLUR, C.NOISE, C.COLOR_CAST, C.FROZEN}),
    # A strong tint flattens the gray contrast that sharpness is read from.
    C.COLOR_CAST: frozenset({C.BLUR, C.FROZEN}),
    C.NOISE: frozenset({C.BLUR, C.FROZEN}),
    # Deep blur wipes out the small motion that tells a live picture from a frozen one.
    C.BLUR: frozenset({C.FROZEN}),
}


def check_frame(
    gray: Gray,
    bgr: Bgr,
    previous: Gray | None,
    reference: ReferenceView | None,
    t: CheckThresholds,
    earlier: Gray | None = None,
) -> list[CheckResult]:
    newly, kept, hides = cover(gray, previous, reference)
    # A large region with edges in focus within its outline must let the rest of the view
    # align with the reference to count as a cover (see cover()).
    unconfirmed = newly is not None and float(newly.mean()) > COVER_HIDES_VIEW and not hides
    # Scene change leaves out only a region that counts as a cover: a few soft blocks that do
    # not are part of the view it judges.
    trusted = None if unconfirmed or not counts(newly, t) else newly
    visible = None if newly is None or not newly.any() else ~newly
    ordered: list[tuple[C, Callable[[], CheckResult | None]]] = [
        (C.DARK, lambda: dark(gray, reference, visible, t)),
        (C.OVEREXPOSED, lambda: overexposed(gray, bgr, reference, t)),
        (C.SCENE_CHANGE, lambda: scene_change(gray, reference, trusted, hides, t)),
        (C.COVERED, lambda: covered(gray, previous, newly, t)),
        (C.NOISE, lambda: check_noise(gray, bgr, previous, reference, t)),
        (C.COLOR_CAST, lambda: check_color_cast(bgr, reference, t.color_cast_max)),
        (C.BLUR, lambda: check_blur(gray, reference, t.blur_ratio_min, kept)),
        (C.FROZEN, lambda: check_frozen(gray, previous, t, earlier)),
    ]
    results: list[CheckResult] = []
    masked: set[C] = set()
    for name, run in ordered:
        if name in masked:
            continue
        result = run()
        if result is None:
            continue
        results.append(result)
        if result.failed:
            masked |= MASKS.get(name, frozenset())
        if name is C.SCENE_CHANGE and unconfirmed and result.verdict is not Verdict.PASS:
            masked.add(C.COVERED)
    return results


def dark(
    gray: Gray,
    reference: ReferenceView | None,
    visible: npt.NDArray[np.bool_] | None,
    t: CheckThresholds,
) -> CheckResult:
    ratio, contrast = t.dark_ratio_min, t.dark_contrast_kept_max
    return check_dark(gray, t.dark_luma_max, reference, ratio, visible, contrast)


def overexposed(
    gray: Gray, bgr: Bgr, reference: ReferenceView | None, t: CheckThresholds
) -> CheckResult:
    share, rise = t.overexposed_share_max, t.overexposed_rise_min
    return check_overexposed(gray, reference, share, rise, bgr)


def scene_change(
    gray: Gray,
    reference: ReferenceView | None,
    newly: npt.NDArray[np.bool_] | None,
    hides: bool,
    t: CheckThresholds,
) -> CheckResult | None:
    """Scene change on the part of the view still visible; with most of the lens covered
    there is too little left to tell, and the cover is the fault to report."""
    if hides:
        return judge_unknown(C.SCENE_CHANGE, t.scene_agreement_min)
    return check_scene_change(aligned(gray, reference, newly), t)


def cover(
    gray: Gray, previous: Gray | None, reference: ReferenceView | None
) -> tuple[npt.NDArray[np.bool_] | None, npt.NDArray[np.float32] | None, bool]:
    """The blocks newly covered, the detail kept (detail_kept; None without a reference) and
    whether the cover hides the view: over COVER_HIDES_VIEW of it and out of focus within its
    whole outline. A soft region with edges in focus within its outline may be a sky between
    masts after a turn: scene change still judges what is left of the view."""
    if reference is None:
        return None, None, False
    detail = detail_map(gray)
    kept = detail_kept(gray, reference, detail)
    if kept is None:
        return None, None, False
    newly = newly_covered(gray, reference, kept, detail, previous)
    hides = float(newly.mean()) > COVER_HIDES_VIEW and out_of_focus(newly, detail)
    return newly, kept, hides


def counts(newly: npt.NDArray[np.bool_] | None, t: CheckThresholds) -> bool:
    return newly is not None and float(newly.mean()) > t.covered_share_max


def covered(
    gray: Gray, previous: Gray | None, newly: npt.NDArray[np.bool_] | None, t: CheckThresholds
) -> CheckResult | None:
    if newly is None:
        return None
    moved = moved_share(gray, previous, newly)
    return check_covered(newly, t.covered_share_max, t.covered_moving_share_max, moved)


def aligned(
    gray: Gray, reference: ReferenceView | None, hidden: npt.NDArray[np.bool_] | None = None
) -> Alignment | None:
    """The view against the reference view, once per sample (None without a reference);
    what a cover hides is left out, so the part still visible decides."""
    return None if reference is None else align(gray, reference.alignment, hidden)


def detail_kept(
    gray: Gray, reference: ReferenceView | None, detail: npt.NDArray[np.float32] | None = None
) -> npt.NDArray[np.float32] | None:
    """Per block, the detail kept since the reference view (detail.detail_ratio); `detail` is
    detail.detail_map(gray), computed here if not given."""
    if reference is None:
        return None
    luma = block_means(gray)
    reference_luma = reference.block_luma.astype(np.float32)
    now = detail_map(gray) if detail is None else detail
    return detail_ratio(now, luma, reference.detail, reference_luma)
