"""The speed report's arithmetic: medians and spreads over runs, and targets judged on them."""

from __future__ import annotations

from bench.vqd_speed import across_runs, spread
from bench.vqd_speed_report import WAYS, verdicts


def one_run(patrol: float, ceiling: float) -> dict[str, dict[str, object]]:
    ways: dict[str, object] = {way: {"per_cpu_s": 1.0} for way in WAYS}
    ways["a_patrol"] = {"per_cpu_s": patrol}
    ways["d_ceiling"] = {"per_cpu_s": ceiling}
    ratios = {"a_over_d": patrol / ceiling, "a_over_b": 5.0, "a_over_c": 20.0, "d_over_b": 6.0}
    return {"1280x720": ways | {"ratios": ratios, "per_sample_ms": {"checks_ms": 1.0}}}


def test_spread_is_the_median_with_the_extremes() -> None:
    assert spread([3.0, 1.0, 2.0, 10.0, 2.5]) == {"median": 2.5, "min": 1.0, "max": 10.0}


def test_ratios_are_summarised_from_each_runs_own_ratio() -> None:
    runs = [one_run(40, 50), one_run(45, 50), one_run(30, 60)]
    ratio = across_runs(runs)["1280x720"]["ratios"]["a_over_d"]
    assert ratio == {"median": 0.8, "min": 0.5, "max": 0.9}


def test_a_target_missed_by_the_median_is_not_met() -> None:
    summary = across_runs([one_run(40, 50), one_run(45, 50), one_run(44, 50)])
    judged = verdicts(summary, cores=2)
    assert judged["targets_met"] == {
        "1280x720 a_over_d >= 0.85": True,
        "1280x720 a_over_b >= 4": True,
        "1280x720 a_over_c >= 10": True,
        "1280x720 checks_ms <= 2": True,
    }
    summary = across_runs([one_run(40, 50), one_run(41, 50), one_run(45, 50)])
    assert not verdicts(summary, cores=2)["targets_met"]["1280x720 a_over_d >= 0.85"]


def test_cameras_a_minute_are_patrol_checks_per_cpu_second_on_every_core() -> None:
    summary = across_runs([one_run(40, 50)])
    assert verdicts(summary, cores=2)["cameras_a_minute_on_all_cores"] == {"1280x720": 4800}
