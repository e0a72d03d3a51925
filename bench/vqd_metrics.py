"""Sample-level figures of the checks on a labelled set: recall, false alarms, precision,
the confusion table, each share with its 95 % Wilson interval. Pure, no I/O."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from bench.vqd_manifest import Clip
from bench.vqd_replay import ClipRun, Label, Tick, Timeouts, sample_label, tick_label
from events.schema import CheckName, Verdict

Z_95 = 1.959963984540054  # the normal quantile of a two-sided 95 % interval
SEVERITIES = ("low", "medium", "high")
SIGNAL_LOSS = CheckName.SIGNAL_LOSS.value
CLEAN_ROW = "clean"
NONE, UNKNOWN = "none", "unknown"


def wilson(k: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of k successes in n trials; (0, 1) when n is 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True, slots=True)
class Rate:
    k: int
    n: int

    @property
    def value(self) -> float | None:
        return self.k / self.n if self.n else None

    def json(self, scale: float = 1.0) -> dict[str, Any]:
        low, high = wilson(self.k, self.n)
        value = self.value
        return {
            "k": self.k,
            "n": self.n,
            "value": None if value is None else round(value * scale, 5),
            "ci95": [round(low * scale, 5), round(high * scale, 5)] if self.n else None,
        }


@dataclass(frozen=True, slots=True)
class Scored:
    """One labelled judgement: a picture sample, or a tick of the silence check."""

    clip_id: str
    row: str  # the confusion table's row: "clean", "hard_negative rain", "cover medium"
    label: Label
    expected: str | None  # the check that should fail (faulted only)
    severity: str | None
    checks: dict[str, Verdict]


def row_of(clip: Clip, label: Label) -> str:
    if label is Label.FAULTED:
        return f"{clip.fault} {clip.severity or ''}".strip()
    if clip.kind == "hard_negative":
        return f"hard_negative {clip.hard_negative}"
    return CLEAN_ROW


def scored(clip: Clip, label: Label, checks: dict[str, Verdict]) -> Scored:
    faulted = label is Label.FAULTED
    return Scored(
        clip.id,
        row_of(clip, label),
        label,
        clip.expected if faulted else None,
        clip.severity if faulted else None,
        checks,
    )


def picture_scores(run: ClipRun) -> list[Scored]:
    """The clip's picture samples with their labels; excluded samples left out."""
    out = []
    for sample in run.samples:
        label = sample_label(run.clip, sample.t)
        if label is not Label.EXCLUDED:
            out.append(scored(run.clip, label, sample.checks))
    return out


def tick_scores(run: ClipRun, ticks: Sequence[Tick], timeouts: Timeouts) -> list[Scored]:
    """The clip's silence ticks as judgements of the signal-loss check."""
    out = []
    for tick in ticks:
        label = tick_label(run.clip, tick.t, run.packets, timeouts)
        if label is not Label.EXCLUDED:
            verdict = Verdict.FAIL if tick.failed else Verdict.PASS
            out.append(scored(run.clip, label, {SIGNAL_LOSS: verdict}))
    return out


def recall(samples: Iterable[Scored]) -> dict[str, dict[str, dict[str, object]]]:
    """Per expected check and severity: its failures among the faulted samples, and how often
    it said unknown instead (a miss, shown apart)."""
    hits: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    for s in samples:
        if s.label is Label.FAULTED and s.expected is not None:
            cell = hits[(s.expected, s.severity or "ungraded")]
            verdict = s.checks.get(s.expected)
            cell[0] += verdict is Verdict.FAIL
            cell[1] += 1
            cell[2] += verdict is Verdict.UNKNOWN
    out: dict[str, dict[str, dict[str, object]]] = defaultdict(dict)
    for (check, severity), (k, n, unknown) in sorted(hits.items()):
        out[check][severity] = {**Rate(k, n).json(), "unknown": unknown}
    return dict(out)


def false_alarms(samples: Sequence[Scored], checks: Iterable[str]) -> dict[str, Rate]:
    """Per check and for any check: clean samples that failed it."""
    clean = [s for s in samples if s.label is Label.CLEAN]
    out = {c: Rate(sum(s.checks.get(c) is Verdict.FAIL for s in clean), len(clean)) for c in checks}
    out["any"] = Rate(
        sum(any(v is Verdict.FAIL for v in s.checks.values()) for s in clean), len(clean)
    )
    return out


def precision(samples: Iterable[Scored], checks: Iterable[str]) -> dict[str, Rate]:
    """Per check: of the samples it failed, those whose fault it names."""
    failed: Counter[str] = Counter()
    right: Counter[str] = Counter()
    for s in samples:
        for check, verdict in s.checks.items():
            if verdict is Verdict.FAIL:
                failed[check] += 1
                right[check] += s.expected == check
    return {c: Rate(right[c], failed[c]) for c in checks}


def confusion(samples: Iterable[Scored]) -> dict[str, dict[str, int]]:
    """Per row: samples, how many failed each check, how many failed none, and how many had
    at least one check saying unknown."""
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for s in samples:
        row = rows[s.row]
        row["samples"] += 1
        failed = [c for c, v in s.checks.items() if v is Verdict.FAIL]
        row.update(failed or [NONE])
        row[UNKNOWN] += any(v is Verdict.UNKNOWN for v in s.checks.values())
    return {key: dict(rows[key]) for key in sorted(rows, key=_row_order)}


def _row_order(row: str) -> tuple[int, str]:
    rank = 0 if row == CLEAN_ROW else 1 if row.startswith("hard_negative") else 2
    return rank, row
