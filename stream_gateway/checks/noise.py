"""Noise, snow and interference stripes: pixel noise or row banding above the reference view's.

The score is the larger excess, in gray levels, of the noise estimate and the stripe level.
"""

from __future__ import annotations

from events.schema import CheckName
from stream_gateway.checks.measures import Gray, noise_sigma, stripe_level
from stream_gateway.checks.reference import ReferenceView
from stream_gateway.checks.result import CheckResult, judge


def check_noise(
    gray: Gray, reference: ReferenceView | None, excess_max: float
) -> CheckResult | None:
    if reference is None:
        return None
    base_noise = reference.noise
    base_stripes = reference.stripes
    excess = max(noise_sigma(gray) - base_noise, stripe_level(gray) - base_stripes)
    return judge(CheckName.NOISE, max(0.0, excess), excess_max, fail_below=False)
