"""The scorer reports every part the set's manifest names, each apart."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from bench.vqd_accuracy import parts_of
from bench.vqd_manifest import Clip
from bench.vqd_replay import ClipRun

CLIP = Clip(
    id="a-clean-00",
    path=Path("clips/a-clean-00.mp4"),
    scene="a",
    part="tune",
    kind="clean",
    hard_negative=None,
    fault=None,
    severity=None,
    expected=None,
    onset_s=None,
    gap=None,
    gop_s=2.0,
    duration_s=60.0,
)


def runs(*parts: str) -> list[ClipRun]:
    return [ClipRun(replace(CLIP, part=p), (), (), unreferenced=0) for p in parts]


def test_the_parts_come_from_the_clips_tune_first() -> None:
    assert parts_of(runs("heldout", "tune", "heldout")) == ["tune", "heldout"]


def test_a_set_of_one_part_reports_that_part_only() -> None:
    assert parts_of(runs("tune", "tune")) == ["tune"]


def test_a_part_the_scorer_does_not_know_is_reported_after_the_known_ones() -> None:
    assert parts_of(runs("heldout3", "heldout", "tune")) == ["tune", "heldout", "heldout3"]
