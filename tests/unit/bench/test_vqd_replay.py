"""A clip's timeline replayed: labels by onset, silence ticks, the debounce (bench.vqd_replay)."""

from __future__ import annotations

from dataclasses import replace

from clip_support import clip

from bench.vqd_replay import (
    Label,
    Packet,
    Timeouts,
    raised_alerts,
    replay_end,
    sample_label,
    silence_ticks,
    tick_label,
)
from common.debounce import AlertRule
from events.schema import Verdict

CLEAN_CLIP = clip()
FREEZE = replace(
    CLEAN_CLIP, kind="fault", fault="freeze", severity="low", expected="frozen", onset_s=6.0
)
TIMEOUTS = Timeouts(signal_s=3.0, keyframe_s=10.0)  # GatewayConfig's defaults
RULE = AlertRule(raise_after=2, window=2, clear_after=2, hold_s=0.0)


def test_a_fault_clip_is_clean_before_its_onset_and_faulted_from_it() -> None:
    dim = replace(FREEZE, fault="dim", expected="dark")
    assert sample_label(dim, 4.0) is Label.CLEAN
    assert sample_label(dim, 6.0) is Label.FAULTED
    assert sample_label(dim, 8.0) is Label.FAULTED


def test_a_freeze_counts_from_the_first_sample_whose_previous_was_frozen_too() -> None:
    assert sample_label(FREEZE, 4.0) is Label.CLEAN
    assert sample_label(FREEZE, 7.0) is Label.EXCLUDED  # the held picture, first seen
    assert sample_label(FREEZE, 8.0) is Label.FAULTED  # a whole keyframe interval after onset


def test_clean_and_hard_negative_clips_are_clean_throughout() -> None:
    rain = replace(CLEAN_CLIP, kind="hard_negative", hard_negative="rain")
    assert {sample_label(c, 30.0) for c in (CLEAN_CLIP, rain)} == {Label.CLEAN}


def test_the_pictures_of_a_signal_loss_clip_are_clean_outside_the_gap() -> None:
    loss = replace(FREEZE, fault="signal_loss", expected="signal_loss", gap=(6.0, 10.0))
    assert sample_label(loss, 4.0) is Label.CLEAN
    assert sample_label(loss, 8.0) is Label.EXCLUDED
    assert sample_label(loss, 12.0) is Label.CLEAN  # the camera is back: its picture is sound


def timeline(seconds: float, gap: tuple[float, float | None] | None = None) -> list[Packet]:
    """10 packets a second, a keyframe every 2 s, none in the gap."""
    out = []
    for i in range(int(seconds * 10)):
        t = i / 10
        if gap is None or not (gap[0] <= t and (gap[1] is None or t < gap[1])):
            out.append(Packet(t, keyframe=i % 20 == 0))
    return out


def failing_ticks(packets: list[Packet], end_s: float) -> list[float]:
    return [k.t for k in silence_ticks(packets, end_s, TIMEOUTS) if k.failed]


def test_a_steady_stream_is_never_silent() -> None:
    assert failing_ticks(timeline(20.0), 20.0) == []


def test_silence_fails_once_no_packet_came_for_longer_than_the_signal_timeout() -> None:
    # last packet at 5.9 s: 3.1 s of silence at t = 9, back at 12 s
    assert failing_ticks(timeline(20.0, (6.0, 12.0)), 20.0) == [9.0, 10.0, 11.0]


def test_packets_without_a_decodable_keyframe_fail_after_the_keyframe_timeout() -> None:
    packets = [Packet(p.t, keyframe=p.keyframe and p.t < 2.0) for p in timeline(20.0)]
    assert failing_ticks(packets, 20.0) == [
        11.0,
        12.0,
        13.0,
        14.0,
        15.0,
        16.0,
        17.0,
        18.0,
        19.0,
        20.0,
    ]


def test_a_gap_that_never_ends_is_replayed_a_minute_past_the_last_packet() -> None:
    loss = replace(FREEZE, fault="signal_loss", gap=(8.0, None), duration_s=12.0)
    packets = timeline(12.0, (8.0, None))
    end = replay_end(packets, loss)
    assert end == 7.9 + 60.0
    assert failing_ticks(packets, end) == [float(t) for t in range(11, 68)]  # 3.1 s silent at 11 s


def test_ticks_are_labelled_clean_grace_faulted_and_recovering() -> None:
    loss = replace(FREEZE, fault="signal_loss", gap=(6.0, 11.0))
    packets = timeline(20.0, (6.0, 11.0))
    labels = [tick_label(loss, t, packets, TIMEOUTS) for t in (5.0, 7.0, 9.0, 10.5, 11.0, 12.0)]
    assert labels == [
        Label.CLEAN,  # before the gap
        Label.EXCLUDED,  # inside the signal timeout the gateway waits for
        Label.FAULTED,
        Label.FAULTED,
        Label.EXCLUDED,  # packets back at 11 s, but no picture before the keyframe at 12 s
        Label.CLEAN,
    ]


def series(*verdicts: Verdict, check: str = "frozen") -> list[tuple[float, str, Verdict]]:
    return [(2.0 * i, check, v) for i, v in enumerate(verdicts, 1)]


F, P, U = Verdict.FAIL, Verdict.PASS, Verdict.UNKNOWN


def test_an_alert_is_raised_on_the_second_failure_in_a_row() -> None:
    raised = raised_alerts(series(P, F, F, F), RULE)
    assert [(r.check, r.t) for r in raised] == [("frozen", 6.0)]


def test_a_single_failure_raises_nothing() -> None:
    assert raised_alerts(series(F, P, F, P, F), RULE) == []


def test_unknown_neither_raises_nor_breaks_a_run_of_failures() -> None:
    raised = raised_alerts(series(F, U, F), RULE)
    assert [r.t for r in raised] == [6.0]


def test_a_cleared_alert_raises_again_and_checks_are_debounced_apart() -> None:
    frozen = series(F, F, P, P, F, F)
    dark = series(F, P, F, check="dark")
    raised = raised_alerts([*frozen, *dark], RULE)
    assert [(r.check, r.t) for r in raised] == [("frozen", 4.0), ("frozen", 12.0)]
