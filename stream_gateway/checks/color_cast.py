"""Colour cast: the picture's average colour pulled away from neutral (or from the reference
view's own average, for scenes that are never neutral, e.g. under sodium lamps)."""

from __future__ import annotations

import math

from events.schema import CheckName
from stream_gateway.checks.measures import Bgr, channel_balance
from stream_gateway.checks.reference import ReferenceView, switched_mode
from stream_gateway.checks.result import CheckResult, judge, judge_unknown


def check_color_cast(
    bgr: Bgr, reference: ReferenceView | None, chroma_max: float
) -> CheckResult | None:
    if reference is None:
        return None
    if switched_mode(bgr, reference):  # infrared grey has no colour to be cast
        return judge_unknown(CheckName.COLOR_CAST, chroma_max)
    shift = math.dist(channel_balance(bgr), reference.cast)
    return judge(CheckName.COLOR_CAST, shift, chroma_max, fail_below=False)
