"""Noise and interference: sensor noise, colour grain, salt and pepper, stripes and bands.

Each kind is measured as an excess over the reference view's own level (a camera that is always
a bit noisy is not faulty), per block and through the median block, so a busy scene's texture,
a car or an on-screen clock do not count; gain scales the reference's level first.

- luma: the residual energy per block above the reference's. With a previous sample, only the
  part of it that is fresh counts (noise changes every sample, structure does not), so a view
  turned to a busier scene is not noise once it holds still: the median of
  `min(spatial excess, fresh energy)` per block.
- chroma: the same in Cr + Cb at 1/2 and 1/4 of the sample's size (grain of 2-8 px shows at
  the coarse scales, where a real scene's colour is smooth; H.264 keeps no finer colour), the
  lower-quartile block of the worse scale. No previous colour sample reaches the check, so
  chroma is spatial only.
- impulses: the share of pixels far from their 3x3 median, above the reference's; with a
  previous sample, only those with no impulse within 1 px there.
- stripes: the spread of the rows' and columns' median offsets from their trend; with a
  previous sample, no more than the stripes of the change (rolling bands move; a fixed pattern
  that stays put is confirmed only on the sample it appears in).

Not judged (unknown) when the sample is not the reference's size, or the camera switched
between colour and infrared grey since its reference view (night noise is not a fault). A
turned camera is the scene-change check's: judged first, on the aligned view, it masks noise.

The score is the worst kind's excess as a multiple of its own limit (1 = at the limit); the
detail gives every kind's excess in its unit (gray levels, or a share for impulses).
"""

from __future__ import annotations

import numpy as np

from events.schema import CheckName, Verdict
from stream_gateway.checks import noise_measures as nm
from stream_gateway.checks.reference import ReferenceView, switched_mode
from stream_gateway.checks.result import CheckResult, judge_unknown
from stream_gateway.checks.thresholds import CheckThresholds

Gray = nm.Gray
Bgr = nm.Bgr


def check_noise(
    gray: Gray,
    bgr: Bgr,
    previous: Gray | None,
    reference: ReferenceView | None,
    t: CheckThresholds,
) -> CheckResult | None:
    if reference is None or gray.shape[0] < 3 or gray.shape[1] < 3:
        return None
    limits = {
        "luma": t.noise_excess_max,
        "chroma": t.noise_chroma_excess_max,
        "impulses": t.noise_impulse_share_max,
        "stripes": t.noise_stripe_excess_max,
    }
    if switched_mode(bgr, reference):
        return judge_unknown(CheckName.NOISE, 1.0)
    excess = noise_excess(gray, bgr, previous, reference.noise, limits)
    if excess is None:
        return judge_unknown(CheckName.NOISE, 1.0)
    ratio = max(excess[kind] / limit for kind, limit in limits.items())
    verdict = Verdict.FAIL if ratio > 1.0 else Verdict.PASS
    return CheckResult(CheckName.NOISE, verdict, ratio, 1.0, detail=excess)


def noise_excess(
    gray: Gray,
    bgr: Bgr,
    previous: Gray | None,
    reference: nm.NoiseLevels,
    limits: dict[str, float],
) -> dict[str, float] | None:
    """Every kind's excess over the reference; None when the sample's size is not the
    reference's.

    The previous sample is read only when a kind it can confirm is over its limit: below
    that, confirming could only lower the figure (the usual case costs half as much).
    """
    if gray.shape != reference.shape:
        return None
    now = nm.picture(gray)
    if previous is not None and previous.shape != gray.shape:
        previous = None
    gain = nm.gain(now, reference)
    gain_sq = gain * gain
    level = nm.IMPULSE_LEVEL * max(1.0, gain)
    levels = nm.noise_levels(gray, bgr, level, now)
    luma = [s - gain_sq * b for s, b in zip(levels.luma, reference.luma, strict=True)]
    excess = {
        "luma": _luma_spread(luma),
        "chroma": _chroma_excess(levels, reference, gain_sq),
        "impulses": max(0.0, levels.impulses - reference.impulses),
        "stripes": _spread(levels.stripes - gain_sq * reference.stripes),
    }
    confirmable = ("luma", "impulses", "stripes")
    if previous is not None and any(excess[k] > limits[k] for k in confirmable):
        before = nm.picture(previous)
        fresh = nm.fresh_energy(now, before)
        luma = [np.minimum(s, f) for s, f in zip(luma, fresh, strict=True)]
        excess["luma"] = _luma_spread(luma)
        fresh_impulses = nm.fresh_impulse_share(now, before, level)
        excess["impulses"] = min(excess["impulses"], fresh_impulses)
        excess["stripes"] = min(excess["stripes"], _spread(nm.stripe_change(now, before)))
    return excess


def _luma_spread(excess: list[nm.Floats]) -> float:
    """The median block's excess at the worse scale, as a spread (gray levels)."""
    return max(_spread(nm.quantile(scale, 0.5)) for scale in excess)


def _chroma_excess(now: nm.NoiseLevels, reference: nm.NoiseLevels, gain_sq: float) -> float:
    # Clipping that a gain step brought draws colour edges of its own: not grain. (Without a
    # step, strong grain clips colours itself.)
    unclipped = np.abs(now.clipped - reference.clipped) <= nm.CLIP_CHANGE_MAX
    if abs(gain_sq - 1.0) < nm.GAIN_STEP_MIN:
        unclipped[:] = True
    return max(
        nm.excess_sigma(scale, base, gain_sq, unclipped)
        for scale, base in zip(now.chroma, reference.chroma, strict=True)
    )


def _spread(energy: float) -> float:
    return float(np.sqrt(max(0.0, energy)))
