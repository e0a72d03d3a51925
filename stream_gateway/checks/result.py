"""What a check returns: a score held against a threshold, and the verdict that follows."""

from __future__ import annotations

from dataclasses import dataclass

from events.schema import CheckName, Verdict

# x, y, width, height as shares of the frame (0..1), for the overlay on the wall
Region = tuple[float, float, float, float]


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: CheckName
    verdict: Verdict
    score: float
    threshold: float
    region: Region | None = None
    # What the score is made of, by name (e.g. noise: its excess of every kind), for reports.
    detail: dict[str, float] | None = None

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAIL


def judge(
    check: CheckName,
    score: float,
    threshold: float,
    *,
    fail_below: bool,
    region: Region | None = None,
) -> CheckResult:
    failed = score < threshold if fail_below else score > threshold
    verdict = Verdict.FAIL if failed else Verdict.PASS
    return CheckResult(check, verdict, float(score), threshold, region if failed else None)


def judge_unknown(check: CheckName, threshold: float) -> CheckResult:
    """The check cannot judge this picture: neither a pass nor a fail. The score is 0, not
    NaN, so that every result stays valid JSON."""
    return CheckResult(check, Verdict.UNKNOWN, 0.0, threshold)
