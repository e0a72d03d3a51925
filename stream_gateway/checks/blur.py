"""Blur / lost focus: edges much softer than in the reference view."""

from __future__ import annotations

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, sharpness
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge

FEATURELESS = 1.0  # reference sharpness floor: a blank view cannot lose much focus


def check_blur(gray: Gray, reference: ReferenceView | None, ratio_min: float) -> CheckResult | None:
    if reference is None:
        return None
    ratio = sharpness(gray) / max(reference.sharpness, FEATURELESS)
    return judge(CheckName.BLUR, ratio, ratio_min, fail_below=True)
