"""Alert-level figures after the debounce (bench.vqd_alerts), on hand-made clip runs."""

from __future__ import annotations

from dataclasses import replace

import clip_support

from bench.vqd_alerts import (
    alerts_per_camera_day,
    clip_alerts,
    delays,
    detection_delay,
    hard_negatives,
)
from bench.vqd_manifest import Clip
from bench.vqd_replay import ClipRun, Packet, Raised, Timeouts, Verdicts, silence_ticks
from common.debounce import AlertRule
from events.schema import Verdict

F, P = Verdict.FAIL, Verdict.PASS
RULE = AlertRule(raise_after=2, window=2, clear_after=2, hold_s=0.0)
TIMEOUTS = Timeouts(signal_s=3.0, keyframe_s=10.0)
CLIP = clip_support.clip(
    id="freeze-low", kind="fault", fault="freeze", severity="low", expected="frozen", onset_s=10.0
)
STEADY = tuple(Packet(i / 10, keyframe=i % 20 == 0) for i in range(200))


def run(clip: Clip, frozen: list[Verdict]) -> ClipRun:
    samples = tuple(Verdicts(2.0 * i, {"frozen": v}) for i, v in enumerate(frozen, 1))
    return ClipRun(clip, samples, STEADY, unreferenced=0)


def test_the_delay_runs_from_onset_to_the_expected_checks_alert() -> None:
    # samples at 2..20 s; onset 10 s; failing from 12 s, raised at 14 s
    got = clip_alerts(run(CLIP, [P, P, P, P, P, F, F, F, F, F]), (), RULE, TIMEOUTS)
    assert got.delay_s == 4.0
    assert got.false_alerts == ()
    assert got.clean_s == 4 * 2.0  # samples at 2, 4, 6, 8 s


def test_an_alert_before_the_onset_is_a_false_alert_and_not_a_detection() -> None:
    got = clip_alerts(run(CLIP, [F, F, P, P, P, P, P, P, P, P]), (), RULE, TIMEOUTS)
    assert [(r.check, r.t) for r in got.false_alerts] == [("frozen", 4.0)]
    assert got.delay_s is None


def test_a_detection_needs_the_expected_check() -> None:
    assert detection_delay([Raised("dark", 12.0)], "frozen", 10.0) is None
    assert detection_delay([Raised("frozen", 8.0), Raised("frozen", 13.0)], "frozen", 10.0) == 3.0


def test_signal_loss_alerts_come_from_the_ticks() -> None:
    loss = replace(CLIP, fault="signal_loss", expected="signal_loss", onset_s=6.0, gap=(6.0, None))
    packets = tuple(p for p in STEADY if p.t < 6.0)
    r = ClipRun(loss, (), packets, unreferenced=0)
    got = clip_alerts(r, silence_ticks(packets, 65.9, TIMEOUTS), RULE, TIMEOUTS)
    assert got.delay_s == 4.0  # silent 3.1 s at 9 s, the second failing tick at 10 s
    assert got.false_alerts == ()


def test_alerts_per_camera_day_divide_false_alerts_by_clean_time() -> None:
    noisy = clip_alerts(run(CLIP, [F, F, P, P, P, P, P, P, P, P]), (), RULE, TIMEOUTS)
    quiet = clip_alerts(
        run(replace(CLIP, kind="clean", onset_s=None), [P] * 10), (), RULE, TIMEOUTS
    )
    figures = alerts_per_camera_day([noisy, quiet])
    assert figures["false_alerts"] == 1
    assert figures["per_camera_day"] == round(86_400 / (4 * 2.0 + 10 * 2.0), 3)


def test_delays_summarise_per_fault_and_count_clips_never_alerted() -> None:
    fast = clip_alerts(run(CLIP, [P, P, P, P, P, F, F, P, P, P]), (), RULE, TIMEOUTS)
    never = clip_alerts(run(CLIP, [P] * 10), (), RULE, TIMEOUTS)
    assert delays([fast, never]) == {
        "freeze low": {"clips": 2, "never_alerted": 1, "median_s": 4.0, "p90_s": 4.0}
    }


def test_a_hard_negative_clip_counts_when_it_raises_any_alert() -> None:
    rain = replace(CLIP, kind="hard_negative", hard_negative="rain", fault=None, expected=None)
    wet = clip_alerts(run(rain, [P, F, F, P]), (), RULE, TIMEOUTS)
    dry = clip_alerts(run(rain, [P, F, P, F]), (), RULE, TIMEOUTS)
    assert hard_negatives([wet, dry]) == {
        "rain": {"clips": 2, "alerting": 1, "checks": {"frozen": 1}}
    }
