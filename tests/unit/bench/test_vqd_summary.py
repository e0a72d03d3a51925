"""The issue's targets held against a part's figures (bench.vqd_summary.targets)."""

from __future__ import annotations

from typing import Any

from bench.vqd_metrics import Rate
from bench.vqd_summary import targets
from events.schema import CheckName


def cell(k: int, n: int) -> dict[str, Any]:
    return {**Rate(k, n).json(), "unknown": 0}


def summary(**changes: Any) -> dict[str, Any]:
    """A part that meets every target: each check 20/20 at every severity."""
    base: dict[str, Any] = {
        "recall": {
            c.value: {s: cell(20, 20) for s in ("low", "medium", "high")} for c in CheckName
        },
        "false_alarms_per_1k": {"any": Rate(5, 6000).json(1000.0)},
        "clean_samples": 6000,
        "alerts": {
            "clean_footage": {"per_camera_day": 0.5},
            "hard_negatives": {"rain": {"clips": 3, "alerting": 0, "checks": {}}},
        },
    }
    return {**base, **changes}


def unmet(s: dict[str, Any], severities: tuple[str, ...] = ("low", "medium", "high")) -> list[str]:
    return [t["name"] for t in targets(s, severities) if not t["met"]]


def test_a_part_that_meets_every_target_is_said_to() -> None:
    assert unmet(summary()) == []


def test_recall_below_the_floor_of_its_severity_is_not_met() -> None:
    s = summary()
    s["recall"]["noise"]["low"] = cell(14, 20)  # 0.70: met at low
    s["recall"]["noise"]["medium"] = cell(18, 20)  # 0.90 < 0.95
    assert unmet(s) == ["recall noise medium"]


def test_a_severity_the_set_made_but_no_sample_shows_is_not_met() -> None:
    s = summary()
    del s["recall"]["blur"]["low"]
    del s["recall"]["frozen"]
    assert unmet(s) == [
        "recall frozen low",
        "recall frozen medium",
        "recall frozen high",
        "recall blur low",
    ]
    assert "recall blur low" not in unmet(s, severities=("medium", "high"))


def test_too_few_clean_samples_too_many_alarms_or_alerts_are_not_met() -> None:
    s = summary(clean_samples=4999, false_alarms_per_1k={"any": Rate(7, 4999).json(1000.0)})
    s["alerts"]["clean_footage"]["per_camera_day"] = 1.2
    assert unmet(s) == [
        "false alarms per 1,000 clean samples (any check)",
        "clean samples",
        "false alerts per camera-day after debounce",
    ]


def test_one_alerting_hard_negative_clip_or_none_in_the_set_is_not_met() -> None:
    s = summary()
    s["alerts"]["hard_negatives"]["rain"]["alerting"] = 1
    assert unmet(s) == ["hard-negative clips raising an alert"]
    s["alerts"]["hard_negatives"] = {}
    assert unmet(s) == ["hard-negative clips raising an alert"]
