"""Alert-level figures: what a dispatcher sees after the gateway's k-of-n debounce. Pure.

False alerts are those raised at a time labelled clean; clean time is the clean picture
samples times the clip's keyframe interval (one sample per keyframe). A fault's detection
delay runs from its onset (a gap's start for signal loss) to the first alert of the check
that names it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from bench.vqd_replay import (
    ClipRun,
    Label,
    Raised,
    Tick,
    Timeouts,
    picture_series,
    raised_alerts,
    sample_label,
    tick_label,
    tick_series,
)
from common.debounce import AlertRule

SECONDS_A_DAY = 86_400.0


@dataclass(frozen=True, slots=True)
class ClipAlerts:
    clip_id: str
    kind: str
    hard_negative: str | None
    fault: str | None
    severity: str | None
    clean_s: float  # clean footage seen, in seconds
    false_alerts: tuple[Raised, ...]  # raised at a clean time
    delay_s: float | None  # onset to the expected check's first alert; None: never
    raised: tuple[Raised, ...]  # every alert of the clip


def onset_of(run: ClipRun) -> float | None:
    clip = run.clip
    if clip.kind != "fault":
        return None
    if clip.gap is not None:
        return clip.gap[0]
    return clip.onset_s if clip.onset_s is not None else 0.0


def clip_alerts(
    run: ClipRun, ticks: Sequence[Tick], rule: AlertRule, timeouts: Timeouts
) -> ClipAlerts:
    clip = run.clip
    pictures = raised_alerts(picture_series(run.samples), rule)
    silences = raised_alerts(tick_series(ticks), rule)
    false = [r for r in pictures if sample_label(clip, r.t) is Label.CLEAN]
    false += [r for r in silences if tick_label(clip, r.t, run.packets, timeouts) is Label.CLEAN]
    clean = sum(sample_label(clip, s.t) is Label.CLEAN for s in run.samples)
    return ClipAlerts(
        clip.id,
        clip.kind,
        clip.hard_negative,
        clip.fault,
        clip.severity,
        clean * clip.gop_s,
        tuple(false),
        detection_delay([*pictures, *silences], clip.expected, onset_of(run)),
        tuple(sorted([*pictures, *silences], key=lambda r: r.t)),
    )


def detection_delay(
    raised: Iterable[Raised], expected: str | None, onset: float | None
) -> float | None:
    if expected is None or onset is None:
        return None
    times = [r.t for r in raised if r.check == expected and r.t >= onset]
    return round(min(times) - onset, 3) if times else None


def alerts_per_camera_day(clips: Sequence[ClipAlerts]) -> dict[str, object]:
    alerts = sum(len(c.false_alerts) for c in clips)
    days = sum(c.clean_s for c in clips) / SECONDS_A_DAY
    return {
        "false_alerts": alerts,
        "clean_camera_days": round(days, 4),
        "per_camera_day": round(alerts / days, 3) if days else None,
        "by_check": dict(Counter(r.check for c in clips for r in c.false_alerts)),
    }


def delays(clips: Iterable[ClipAlerts]) -> dict[str, dict[str, float | int | None]]:
    """Per fault and severity: clips, those never alerted, median and 90th percentile delay."""
    found: dict[str, list[float | None]] = defaultdict(list)
    for c in clips:
        if c.kind == "fault":
            found[f"{c.fault} {c.severity or ''}".strip()].append(c.delay_s)
    return {key: _delay_summary(found[key]) for key in sorted(found)}


def _delay_summary(delays: list[float | None]) -> dict[str, float | int | None]:
    seen = [d for d in delays if d is not None]
    return {
        "clips": len(delays),
        "never_alerted": len(delays) - len(seen),
        "median_s": round(float(np.median(seen)), 2) if seen else None,
        "p90_s": round(float(np.percentile(seen, 90)), 2) if seen else None,
    }


def hard_negatives(clips: Iterable[ClipAlerts]) -> dict[str, dict[str, object]]:
    """Per hard-negative kind: clips, those that raised any alert, and which checks did."""
    kinds: dict[str, list[ClipAlerts]] = defaultdict(list)
    for c in clips:
        if c.kind == "hard_negative":
            kinds[str(c.hard_negative)].append(c)
    return {
        kind: {
            "clips": len(group),
            "alerting": sum(bool(c.raised) for c in group),
            "checks": dict(Counter(r.check for c in group for r in c.raised)),
        }
        for kind, group in sorted(kinds.items())
    }


def clean_clip_alerts(clips: Iterable[ClipAlerts]) -> dict[str, int]:
    """Plain clean clips (no hard condition): how many raised any alert."""
    group = [c for c in clips if c.kind == "clean"]
    return {"clips": len(group), "alerting": sum(bool(c.raised) for c in group)}
