"""What a check returns: a score held against a threshold, and the verdict that follows."""

from __future__ import annotations

from dataclasses import dataclass

from events.schema import CheckName, Verdict


@dataclass(frozen=True, slots=True)
class CheckResult:
    check: CheckName
    verdict: Verdict
    score: float
    threshold: float

    @property
    def failed(self) -> bool:
        return self.verdict is Verdict.FAIL


def judge(check: CheckName, score: float, threshold: float, *, fail_below: bool) -> CheckResult:
    failed = score < threshold if fail_below else score > threshold
    return CheckResult(check, Verdict.FAIL if failed else Verdict.PASS, float(score), threshold)
