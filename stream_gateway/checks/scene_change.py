"""Camera turned or moved: the view no longer aligns with the reference view, or aligns only
after more movement or zoom than a fixed camera's sway.

The alignment (`alignment.align`) is computed once per sample by the suite and handed in. It
fails when no shift and zoom make the structure agree (another scene), or when the one that
does is past the tolerated drift or zoom (plus a margin for wind shake and the estimate's
error); it cannot judge a view without structure (a blank
wall, night, a covered lens) and says so. The score is what crossed its limit: 1 - agreement
for another scene, the displacement or |zoom - 1| for a moved camera; the detail carries all.
"""

from __future__ import annotations

from events.schema import CheckName, Verdict
from stream_gateway.checks.alignment import Alignment
from stream_gateway.checks.result import CheckResult, judge_unknown
from stream_gateway.checks.thresholds import CheckThresholds


def check_scene_change(alignment: Alignment | None, t: CheckThresholds) -> CheckResult | None:
    if alignment is None:  # no reference view yet
        return None
    detail = describe(alignment)
    if not alignment.judgeable:
        return judge_unknown(CheckName.SCENE_CHANGE, t.scene_agreement_min, detail)
    result = _judged(alignment, t, detail)
    if result.failed and alignment.settling:
        return judge_unknown(CheckName.SCENE_CHANGE, result.threshold, detail)
    return result


def _judged(alignment: Alignment, t: CheckThresholds, detail: dict[str, float]) -> CheckResult:
    agreement_min = max(t.scene_agreement_min, alignment.expected - t.scene_agreement_drop_max)
    if alignment.agreement < agreement_min:
        return _failed(1.0 - alignment.agreement, 1.0 - agreement_min, detail)
    zoom, zoom_max = abs(alignment.scale - 1.0), t.scene_zoom_max + t.scene_sway_margin
    if zoom > zoom_max:
        return _failed(zoom, zoom_max, detail)
    drift_max = t.scene_drift_max + t.scene_sway_margin
    verdict = Verdict.FAIL if alignment.displacement > drift_max else Verdict.PASS
    return CheckResult(
        CheckName.SCENE_CHANGE, verdict, alignment.displacement, drift_max, detail=detail
    )


def _failed(score: float, threshold: float, detail: dict[str, float]) -> CheckResult:
    return CheckResult(CheckName.SCENE_CHANGE, Verdict.FAIL, score, threshold, detail=detail)


def describe(alignment: Alignment) -> dict[str, float]:
    return {
        "dx": round(alignment.dx, 4),
        "dy": round(alignment.dy, 4),
        "scale": round(alignment.scale, 4),
        "displacement": round(alignment.displacement, 4),
        "overlap": round(alignment.overlap, 4),
        "agreement": round(alignment.agreement, 4),
        "expected": round(alignment.expected, 4),
    }
