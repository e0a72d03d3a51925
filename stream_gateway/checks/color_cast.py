"""Colour cast: the picture's average colour pulled away from neutral (or from the reference
view's own average, for scenes that are never neutral, e.g. under sodium lamps)."""

from __future__ import annotations

import math

from events.schema import CheckName
from stream_gateway.checks.measures import Bgr, mean_chroma
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge


def check_color_cast(
    bgr: Bgr, reference: ReferenceView | None, chroma_max: float
) -> CheckResult | None:
    if reference is None:
        return None
    a, b = mean_chroma(bgr)
    base_a, base_b = reference.cast
    return judge(
        CheckName.COLOR_CAST, math.hypot(a - base_a, b - base_b), chroma_max, fail_below=False
    )
