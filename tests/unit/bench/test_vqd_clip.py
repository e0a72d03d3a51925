"""The scorer on real H.264 clips encoded here (tests/vqd_clips.py): keyframes only, the
first one the reference, the packet timeline, and the whole run to its results files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vqd_clips import GOP_S, SMALL_SET, Spec, write_set

from bench import vqd_accuracy
from bench.vqd_clip import run_clip
from bench.vqd_manifest import load_clips
from bench.vqd_replay import Label, sample_label
from events.schema import Verdict


@pytest.fixture(scope="module")
def small_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_set(tmp_path_factory.mktemp("vqd-set"), SMALL_SET)


def test_only_keyframes_are_sampled_and_the_first_is_the_reference(small_set: Path) -> None:
    clip = next(c for c in load_clips(small_set) if c.id == "clean-1")
    run = run_clip(clip)
    assert run.unreferenced == 0
    assert [s.t for s in run.samples] == [GOP_S * i for i in range(1, 10)]
    assert sum(p.keyframe for p in run.packets) == 10
    assert len(run.packets) == 200  # every packet of 20 s at 10 fps is on the timeline


def test_a_black_picture_fails_dark_from_its_onset(small_set: Path) -> None:
    clip = next(c for c in load_clips(small_set) if c.id == "black-1")
    run = run_clip(clip)
    faulted = [s for s in run.samples if sample_label(clip, s.t) is Label.FAULTED]
    assert [s.t for s in faulted] == [6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 18.0]
    assert all(s.checks["dark"] is Verdict.FAIL for s in faulted)


def test_a_camera_dark_from_the_start_has_no_reference_and_is_still_judged(
    tmp_path: Path,
) -> None:
    dark = Spec("dark-0", "heldout", "fault", fault="black", expected="dark", onset_s=0.0)
    clip = load_clips(write_set(tmp_path, [dark]))[0]
    run = run_clip(clip)
    assert run.unreferenced == len(run.samples) == 9
    assert all(s.checks["dark"] is Verdict.FAIL for s in run.samples)


def test_a_lost_signal_leaves_no_packet_and_no_sample_after_the_gap(small_set: Path) -> None:
    clip = next(c for c in load_clips(small_set) if c.id == "loss-1")
    run = run_clip(clip)
    assert max(p.t for p in run.packets) < 8.0
    assert [s.t for s in run.samples] == [2.0, 4.0, 6.0]


def test_the_run_writes_both_parts_with_signal_loss_scored(small_set: Path, tmp_path: Path) -> None:
    assert (
        vqd_accuracy.main(["--set", str(small_set), "--workers", "1", "--out", str(tmp_path)]) == 0
    )
    results = json.loads((tmp_path / "vqd_accuracy.json").read_text())
    assert list(results["parts"]) == ["tune", "heldout"]
    heldout = results["parts"]["heldout"]
    assert heldout["recall"]["signal_loss"]["high"]["k"] > 0
    assert heldout["alerts"]["detection_delay"]["black high"]["never_alerted"] == 0
    assert "## Part: heldout" in (tmp_path / "vqd_accuracy.md").read_text()


def test_a_part_can_be_scored_alone(small_set: Path, tmp_path: Path) -> None:
    vqd_accuracy.main(
        ["--set", str(small_set), "--part", "tune", "--workers", "1", "--out", str(tmp_path)]
    )
    results = json.loads((tmp_path / "vqd_accuracy.json").read_text())
    assert list(results["parts"]) == ["tune"]


def test_an_unknown_manifest_version_is_refused(tmp_path: Path) -> None:
    (tmp_path / "manifest.json").write_text(json.dumps({"version": 2, "clips": []}))
    with pytest.raises(ValueError, match="version 2"):
        load_clips(tmp_path)
