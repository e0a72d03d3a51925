"""Over-exposed: a large share of the picture burnt out to (near) white."""

from __future__ import annotations

import numpy as np

from events.schema import CheckName
from stream_gateway.checks.measures import Gray
from stream_gateway.checks.result import CheckResult, judge

SATURATED_LUMA = 240  # 8-bit luma at which detail is gone


def check_overexposed(gray: Gray, share_max: float) -> CheckResult:
    share = float(np.count_nonzero(gray >= SATURATED_LUMA)) / max(1, gray.size)
    return judge(CheckName.OVEREXPOSED, share, share_max, fail_below=False)
