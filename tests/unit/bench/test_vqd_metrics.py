"""The sample-level statistics of bench.vqd_metrics: Wilson intervals and the counting."""

from __future__ import annotations

import pytest

from bench.vqd_metrics import (
    NONE,
    UNKNOWN,
    Rate,
    Scored,
    confusion,
    false_alarms,
    precision,
    recall,
    wilson,
)
from bench.vqd_replay import Label
from events.schema import Verdict

F, P, U = Verdict.FAIL, Verdict.PASS, Verdict.UNKNOWN


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),  # z^2 / (n + z^2)
        (10, 10, 0.7225, 1.0),
        (5, 10, 0.2366, 0.7634),
        (1, 1000, 0.000177, 0.005644),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_matches_published_intervals(k: int, n: int, low: float, high: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((low, high), abs=5e-5 if k > 1 else 5e-6 if n > 100 else 5e-5)


def test_wilson_of_no_trials_says_nothing() -> None:
    assert wilson(0, 0) == (0.0, 1.0)


def test_a_rate_scales_its_interval_with_its_value() -> None:
    cell = Rate(1, 1000).json(scale=1000.0)
    assert cell["value"] == 1.0
    assert cell["ci95"][0] < 1.0 < cell["ci95"][1]


def sample(
    row: str,
    label: Label,
    expected: str | None = None,
    severity: str | None = None,
    **checks: Verdict,
) -> Scored:
    return Scored("clip", row, label, expected, severity, dict(checks))


CLEAN = Label.CLEAN
FAULTED = Label.FAULTED


def test_recall_counts_unknown_as_a_miss_and_shows_it() -> None:
    samples = [
        sample("black high", FAULTED, "dark", "high", dark=F),
        sample("black high", FAULTED, "dark", "high", dark=U),
        sample("black high", FAULTED, "dark", "high", dark=P),
        sample("clean", CLEAN, dark=F),  # a clean sample is no part of a recall
    ]
    cell = recall(samples)["dark"]["high"]
    assert (cell["k"], cell["n"], cell["unknown"]) == (1, 3, 1)


def test_false_alarms_count_clean_samples_only_and_any_check_once() -> None:
    samples = [
        sample("clean", CLEAN, dark=F, blur=F),
        sample("clean", CLEAN, dark=P, blur=P),
        sample("hard_negative rain", CLEAN, dark=P, blur=F),
        sample("black high", FAULTED, "dark", "high", dark=F, blur=F),
    ]
    alarms = false_alarms(samples, ["dark", "blur"])
    assert (alarms["dark"].k, alarms["dark"].n) == (1, 3)
    assert alarms["blur"].k == 2
    assert alarms["any"].k == 2


def test_precision_is_the_share_of_a_checks_failures_that_name_the_fault() -> None:
    samples = [
        sample("black high", FAULTED, "dark", "high", dark=F),
        sample("cover high", FAULTED, "covered", "high", dark=F, covered=P),
        sample("clean", CLEAN, dark=F),
        sample("clean", CLEAN, dark=P),
    ]
    got = precision(samples, ["dark", "covered"])
    assert (got["dark"].k, got["dark"].n) == (1, 3)
    assert got["covered"].n == 0


def test_confusion_counts_failed_checks_none_and_unknown_per_row() -> None:
    samples = [
        sample("cover high", FAULTED, "covered", "high", covered=F, dark=F),
        sample("cover high", FAULTED, "covered", "high", covered=P, scene_change=U),
        sample("clean", CLEAN, covered=P),
    ]
    table = confusion(samples)
    assert list(table) == ["clean", "cover high"]  # clean rows first
    assert table["cover high"] == {
        "samples": 2,
        "covered": 1,
        "dark": 1,
        NONE: 1,
        UNKNOWN: 1,
    }
    assert table["clean"] == {"samples": 1, NONE: 1, UNKNOWN: 0}
