"""Signal loss: no packet from the stream, or no decodable keyframe, for longer than allowed."""

from __future__ import annotations

from events.schema import CheckName
from stream_gateway.checks.result import CheckResult, judge


def check_signal(seconds_since_frame: float, timeout_s: float) -> CheckResult:
    return judge(CheckName.SIGNAL_LOSS, seconds_since_frame, timeout_s, fail_below=False)


def check_silence(
    no_packet_s: float,
    no_keyframe_s: float,
    signal_timeout_s: float,
    keyframe_timeout_s: float,
    link_up: bool = True,
) -> CheckResult | None:
    """The failing finding while the stream is silent, None while it is only between frames.

    A closed or refused link has no grace period. An open one that goes quiet (a hung
    server) fails after the signal timeout: packets prove the link alive between keyframes,
    so that timeout can be far shorter than a keyframe interval. A stream that sends packets
    but never a keyframe we can decode shows no picture either: the keyframe timeout.
    """
    timeout = signal_timeout_s if link_up else 0.0
    if no_packet_s > timeout:
        return check_signal(no_packet_s, timeout)
    if no_keyframe_s > keyframe_timeout_s:
        return check_signal(no_keyframe_s, keyframe_timeout_s)
    return None
