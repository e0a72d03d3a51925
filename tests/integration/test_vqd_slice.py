"""A regression in accuracy fails CI: the set generator's CI slice, scored as `make bench` does.

Judged on counts, never on timings. The floors below are the issue's targets for now; at the
merge they are set to what the final checks achieve on the slice, minus a margin, so that a
change that loses detections or adds false alarms fails here.
"""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bench import vqd_accuracy

REPO = Path(__file__).resolve().parents[2]
MAX_FALSE_ALARMS_PER_1K_CLEAN = 1.0  # any check, over the slice's clean samples
MIN_RECALL_HIGH = 0.95  # share of each check's faulted samples found at high severity
MAX_FALSE_ALERTS = 0  # alerts raised on clean footage after the debounce
MAX_HARD_NEGATIVE_CLIPS_ALERTING = 0
SLICE_TIMEOUT_S = 600  # generous on a shared 2-core machine; never asserted on

pytestmark = [
    pytest.mark.skipif(
        importlib.util.find_spec("bench.vqd_set") is None,
        reason="bench.vqd_set (the set generator) is not on this branch yet",
    ),
    # Making the slice took 141 s with one worker on the shared 2-core machine (58 clips of 30 s);
    # the suite's 300 s default is too tight for that.
    pytest.mark.timeout(2 * SLICE_TIMEOUT_S),
]


@pytest.fixture(scope="module")
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("vqd-slice")
    command = [sys.executable, "-m", "bench.vqd_set", "--slice", "ci", "--out", str(folder)]
    subprocess.run(command, cwd=REPO, check=True, timeout=SLICE_TIMEOUT_S)
    out = folder / "results"
    assert vqd_accuracy.main(["--set", str(folder), "--out", str(out)]) == 0
    results: dict[str, Any] = json.loads((out / "vqd_accuracy.json").read_text())
    return results


def parts(results: dict[str, Any]) -> list[dict[str, Any]]:
    return list(results["parts"].values())


def test_the_slice_has_clean_and_faulted_samples(scored: dict[str, Any]) -> None:
    assert sum(p["clean_samples"] for p in parts(scored)) > 0
    assert sum(p["faulted_samples"] for p in parts(scored)) > 0


def test_clean_samples_raise_few_false_alarms(scored: dict[str, Any]) -> None:
    for part in parts(scored):
        alarms = part["false_alarms_per_1k"]["any"]
        allowed = math.floor(MAX_FALSE_ALARMS_PER_1K_CLEAN * alarms["n"] / 1000)
        assert alarms["k"] <= allowed, part["confusion"]


def test_every_check_finds_its_faults_at_high_severity(scored: dict[str, Any]) -> None:
    for part in parts(scored):
        for check, cells in part["recall"].items():
            high = cells.get("high")
            if high is not None:
                needed = math.ceil(MIN_RECALL_HIGH * high["n"])
                assert high["k"] >= needed, f"{check}: {high['k']} of {high['n']}"


def test_clean_footage_raises_no_alert_after_the_debounce(scored: dict[str, Any]) -> None:
    for part in parts(scored):
        assert part["alerts"]["clean_footage"]["false_alerts"] <= MAX_FALSE_ALERTS
        negatives = part["alerts"]["hard_negatives"].values()
        assert sum(n["alerting"] for n in negatives) <= MAX_HARD_NEGATIVE_CLIPS_ALERTING
