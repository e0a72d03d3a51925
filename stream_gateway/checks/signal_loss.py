"""Signal loss: no stream, or no frame for longer than the timeout."""

from __future__ import annotations

from events.schema import CheckName
from stream_gateway.checks.result import CheckResult, judge


def check_signal(seconds_since_frame: float, timeout_s: float) -> CheckResult:
    return judge(CheckName.SIGNAL_LOSS, seconds_since_frame, timeout_s, fail_below=False)
