"""Noise and interference: sensor noise, colour grain, salt and pepper, stripes and bands.

Each kind is measured as an excess over the reference view's own level (a camera that is always
a bit noisy is not faulty); gain scales the reference's level first. Noise lifts every part of
the picture alike, while what changes a scene's texture (zoom, drift, x264's bit-rate, traffic)
changes it in proportion to that texture: so luma and chroma are read in the flattest tenth of
the blocks, compared by rank with the reference's flattest (a drifting view's blocks do not
keep their place).

- luma: Immerkaer's residual energy in the flattest blocks above the reference's learnt
  level. With a previous sample, no more than the fresh part of it in the flattest blocks
  (noise changes every sample, structure does not), so a view turned to a busier scene is not
  noise once it holds still.
- chroma: the same in Cr + Cb at 1/4 of the sample's size (grain of 2-8 px shows there, where
  a real scene's colour is smooth; H.264 keeps no finer colour), less the part that follows
  the luma: a colour cast or a coloured object colours the scene's texture, grain is colour of
  its own. No previous colour sample reaches the check, so chroma is spatial only.
- impulses: the share of pixels standing alone, above or below all their 8 neighbours, above
  the reference's (a lens spreads every scene point, and a scene's fine detail is lines and
  edges: a railing or roof tiles shimmering as the view drifts are not impulses); with a
  previous sample, only those with no impulse within 1 px there.
- stripes: the strongest periodic band in the rows' and columns' median offsets from their
  trend, above the reference's power at its period; with a previous sample, no more than the
  strongest band of the change (rolling bands move), unless the bands are so strong
  (STILL_STRIPES_FACTOR) that standing still does not make them the scene's.

Not judged (unknown) when the sample is not the reference's size, or the camera switched
between colour and infrared grey since its reference view (night noise is not a fault). A
turned camera is the scene-change check's: judged first, on the aligned view, it masks noise.

The reference's flat luma and chroma levels are the mean of the samples that passed
(reference.next_reference; noise_measures.LEARNT_SAMPLES): one sample's flattest blocks vary
by a third with the encoder's bit budget and the view's drift, a camera's noise does not.

The score is the worst kind's excess as a multiple of its own limit (1 = at the limit); the
detail gives every kind's excess in its unit (gray levels, or a share for impulses), and the
sample's flat_luma and flat_chroma energies at the reference's exposure (what it learns).
"""

from __future__ import annotations

import numpy as np

from events.schema import CheckName, Verdict
from stream_gateway.checks import noise_measures as nm
from stream_gateway.checks.reference import ReferenceView, switched_mode
from stream_gateway.checks.result import CheckResult, judge_unknown
from stream_gateway.checks.thresholds import CheckThresholds

Gray = nm.Gray
# Bands this many times over the limit count without moving: hum bars stand still when the
# frame rate locks to the mains, and no scene's rows repeat this strongly from one view to
# the next.
STILL_STRIPES_FACTOR = 3.0
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
    # A darker picture need not be less noisy (shot and read noise do not scale down with
    # the light): the floor follows a gain up, never down. (A "gain" below 1 is as often the
    # view's bright parts drifting out of it.)
    floor_sq = max(1.0, gain_sq)
    luma = levels.flat_luma - floor_sq * reference.flat_luma
    excess = {
        "luma": _spread(luma),
        "chroma": _spread(levels.flat_chroma - floor_sq * reference.flat_chroma),
        "impulses": max(0.0, levels.impulses - reference.impulses),
        "stripes": _spread(nm.stripe_excess(levels.stripes, reference.stripes, gain_sq)),
    }
    confirmable = ("luma", "impulses", "stripes")
    if previous is not None and any(excess[k] > limits[k] for k in confirmable):
        before = nm.picture(previous)
        fresh = nm.quantile(nm.fresh_energy(now, before), nm.FLAT_SHARE)
        excess["luma"] = _spread(min(luma, fresh))
        fresh_impulses = nm.fresh_impulse_share(now, before, level)
        excess["impulses"] = min(excess["impulses"], fresh_impulses)
        if excess["stripes"] < STILL_STRIPES_FACTOR * limits["stripes"]:
            excess["stripes"] = min(excess["stripes"], _spread(nm.stripe_change(now, before)))
    # what the reference learns from a sample that passes: its levels at the reference's exposure
    excess["flat_luma"] = levels.flat_luma / gain_sq
    excess["flat_chroma"] = levels.flat_chroma / gain_sq
    return excess


def _spread(energy: float) -> float:
    return float(np.sqrt(max(0.0, energy)))
