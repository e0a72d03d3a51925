"""A clip's timeline replayed as the gateway lives it: labels, signal-loss ticks, debounce. Pure.

A picture sample is labelled by its keyframe's time: before the fault's onset it is clean
footage, from the onset on it is a faulted sample. Signal loss is judged from the packet
timeline instead, once a second, as the gateway's sampler judges a silent stream.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from bench.vqd_manifest import Clip
from common.debounce import AlertEffect, AlertRule, AlertState, Debounce, step_debounce
from events.schema import CheckName, Verdict
from stream_gateway.checks.signal_loss import check_silence

TICK_S = 1.0  # how often the silence of a stream is judged
OPEN_END_S = 60.0  # a gap that never ends: how long past the last packet the replay goes on


# Faults that only show against the previous sample: the first keyframe after a freeze's onset
# is the held picture itself, unlike the sample before it, so no check could call it frozen
# yet. It is left out, not counted clean; the alert delay still runs from the onset.
SEEN_AGAINST_PREVIOUS = frozenset({"freeze"})


class Label(StrEnum):
    CLEAN = "clean"
    FAULTED = "faulted"
    # Neither: a picture inside a signal gap (there should be none), a silence not yet
    # as long as the gateway is configured to wait for, a freeze's first sample.
    EXCLUDED = "excluded"


def sample_label(clip: Clip, t: float) -> Label:
    """The label of a picture sample of `clip` taken at keyframe time `t`."""
    if clip.kind != "fault":
        return Label.CLEAN
    if clip.gap is not None:  # the pictures before and after a gap are a sound camera's
        start, end = clip.gap
        return Label.CLEAN if t < start or (end is not None and t >= end) else Label.EXCLUDED
    onset = clip.onset_s if clip.onset_s is not None else 0.0
    if t < onset:
        return Label.CLEAN
    if clip.fault in SEEN_AGAINST_PREVIOUS and t < onset + clip.gop_s:
        return Label.EXCLUDED
    return Label.FAULTED


@dataclass(frozen=True, slots=True)
class Packet:
    t: float  # presentation time, seconds
    keyframe: bool  # a keyframe the decoder turned into a picture


@dataclass(frozen=True, slots=True)
class Timeouts:
    signal_s: float  # GatewayConfig.signal_timeout_s
    keyframe_s: float  # GatewayConfig.keyframe_timeout_s


@dataclass(frozen=True, slots=True)
class Tick:
    t: float
    failed: bool  # check_silence reported signal loss


def replay_end(packets: Sequence[Packet], clip: Clip) -> float:
    last = max((p.t for p in packets), default=0.0)
    open_ended = clip.gap is not None and clip.gap[1] is None
    return last + OPEN_END_S if open_ended else max(last, clip.duration_s)


def silence_ticks(packets: Sequence[Packet], end_s: float, timeouts: Timeouts) -> list[Tick]:
    """Every TICK_S up to `end_s`: would the gateway call this stream silent now?"""
    ordered = sorted(packets, key=lambda p: p.t)
    ticks, i, last_packet, last_keyframe = [], 0, 0.0, 0.0
    t = TICK_S
    while t <= end_s + 1e-9:
        while i < len(ordered) and ordered[i].t <= t:
            last_packet = ordered[i].t
            last_keyframe = ordered[i].t if ordered[i].keyframe else last_keyframe
            i += 1
        silence = check_silence(
            t - last_packet, t - last_keyframe, timeouts.signal_s, timeouts.keyframe_s
        )
        ticks.append(Tick(round(t, 6), silence is not None))
        t += TICK_S
    return ticks


def tick_label(clip: Clip, t: float, packets: Sequence[Packet], timeouts: Timeouts) -> Label:
    """Clean outside the gap; faulted once the silence is longer than the signal timeout the
    gateway waits for; the wait itself and the time until a picture returns are excluded."""
    if clip.gap is None:
        return Label.CLEAN
    start, end = clip.gap
    if t < start:
        return Label.CLEAN
    if t < start + timeouts.signal_s:
        return Label.EXCLUDED
    if end is None or t < end:
        return Label.FAULTED
    back = min((p.t for p in packets if p.keyframe and p.t >= end), default=None)
    return Label.CLEAN if back is not None and t >= back else Label.EXCLUDED


@dataclass(frozen=True, slots=True)
class Verdicts:
    """One picture sample: its keyframe time and every check's verdict."""

    t: float
    checks: dict[str, Verdict]


@dataclass(frozen=True, slots=True)
class ClipRun:
    """What the scorer saw of one clip."""

    clip: Clip
    samples: tuple[Verdicts, ...]  # scored keyframes, in time order
    packets: tuple[Packet, ...]  # every packet, keyframe marked when it gave a picture
    unreferenced: int  # scored samples analysed while there was no reference view


@dataclass(frozen=True, slots=True)
class Raised:
    check: str
    t: float


def raised_alerts(series: Iterable[tuple[float, str, Verdict]], rule: AlertRule) -> list[Raised]:
    """The alerts the gateway's debounce raises on (time, check, verdict) in time order;
    `unknown` neither raises nor clears, as in CameraHealth."""
    states: dict[str, Debounce] = defaultdict(lambda: Debounce(AlertState.UNKNOWN))
    out = []
    for t, check, verdict in sorted(series, key=lambda s: s[0]):
        if verdict is Verdict.UNKNOWN:
            continue
        states[check], effect = step_debounce(states[check], verdict is Verdict.FAIL, rule, t)
        if effect is AlertEffect.RAISE:
            out.append(Raised(check, t))
    return out


def picture_series(samples: Iterable[Verdicts]) -> list[tuple[float, str, Verdict]]:
    return [(s.t, check, v) for s in samples for check, v in s.checks.items()]


def tick_series(ticks: Iterable[Tick]) -> list[tuple[float, str, Verdict]]:
    check = CheckName.SIGNAL_LOSS.value
    return [(k.t, check, Verdict.FAIL if k.failed else Verdict.PASS) for k in ticks]
