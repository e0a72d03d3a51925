"""A regression in accuracy fails CI: the set generator's CI slice, scored as `make bench` does.

Judged on counts, never on timings, per scene (both are tune: docs/vqd-set.md). The bounds are
what the checks achieved on the slice when they were last tuned (2026-12-07, both scenes: 0 false
alarms in 116 and 128 clean samples, 186 of 186 faulted samples found at medium and high, 0 false
alerts, 0 hard-negative clips alerting), with a small margin: a change that loses detections or
adds false alarms fails here. The issue's targets are judged by bench/results/vqd_accuracy.md on
the full set's held-out part.
"""

from __future__ import annotations

import importlib.util
import math
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bench import vqd_accuracy
from bench.vqd_manifest import load_clips
from bench.vqd_report import markdown
from bench.vqd_set.sources import CI_SCENES
from stream_gateway.config import GatewayConfig

REPO = Path(__file__).resolve().parents[2]
MAX_FALSE_ALARMS = {"flower": 2, "china": 2}  # clean samples failing any check
MIN_FOUND_SHARE = {"flower": 0.98, "china": 0.98}  # faulted samples, medium and high, found
MAX_FALSE_ALERTS = {"flower": 1, "china": 1}  # alerts raised on clean footage after the debounce
MAX_HARD_NEGATIVE_CLIPS_ALERTING = {"flower": 1, "china": 1}
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
def scored(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The slice scored as `make bench` scores a set, then each scene apart: its figures."""
    folder = tmp_path_factory.mktemp("vqd-slice")
    command = [sys.executable, "-m", "bench.vqd_set", "--slice", "ci", "--out", str(folder)]
    subprocess.run(command, cwd=REPO, check=True, timeout=SLICE_TIMEOUT_S)
    config = GatewayConfig()
    started = time.monotonic()
    runs = vqd_accuracy.collect(load_clips(folder), vqd_accuracy.DEFAULT_WORKERS)
    meta = vqd_accuracy.metadata(folder, "both", config, time.monotonic() - started)
    whole = vqd_accuracy.report(runs, config, meta)
    assert set(whole["parts"]) == {"tune"}
    assert "## Part: tune" in markdown(whole)
    by_scene = {scene: [r for r in runs if r.clip.scene == scene] for scene in CI_SCENES}
    return {
        scene: vqd_accuracy.report(own, config, meta)["parts"]["tune"]
        for scene, own in by_scene.items()
    }


def test_the_slice_has_clean_and_faulted_samples(scored: dict[str, Any]) -> None:
    for part in scored.values():
        assert part["clean_samples"] > 0
        assert part["faulted_samples"] > 0


def test_clean_samples_raise_no_more_false_alarms_than_when_tuned(scored: dict[str, Any]) -> None:
    for name, part in scored.items():
        alarms = part["false_alarms_per_1k"]["any"]
        assert alarms["k"] <= MAX_FALSE_ALARMS[name], part["confusion"]


def test_the_checks_find_as_many_faults_as_when_tuned(scored: dict[str, Any]) -> None:
    for name, part in scored.items():
        cells = [
            cell
            for by_severity in part["recall"].values()
            for severity, cell in by_severity.items()
            if severity in ("medium", "high") and cell
        ]
        found, total = sum(c["k"] for c in cells), sum(c["n"] for c in cells)
        assert found >= math.ceil(MIN_FOUND_SHARE[name] * total), f"{name}: {found} of {total}"


def test_clean_footage_raises_no_more_alerts_than_when_tuned(scored: dict[str, Any]) -> None:
    for name, part in scored.items():
        assert part["alerts"]["clean_footage"]["false_alerts"] <= MAX_FALSE_ALERTS[name]
        negatives = part["alerts"]["hard_negatives"].values()
        alerting = sum(n["alerting"] for n in negatives)
        assert alerting <= MAX_HARD_NEGATIVE_CLIPS_ALERTING[name]
