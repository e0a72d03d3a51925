"""The scorer reports every part the set's manifest names, each apart."""

from __future__ import annotations

from dataclasses import replace

from clip_support import clip

from bench.vqd_accuracy import parts_of
from bench.vqd_replay import ClipRun

CLIP = clip(id="a-clean-00", scene="a", part="tune", duration_s=60.0)


def runs(*parts: str) -> list[ClipRun]:
    return [ClipRun(replace(CLIP, part=p), (), (), unreferenced=0) for p in parts]


def test_the_parts_come_from_the_clips_tune_first() -> None:
    assert parts_of(runs("heldout", "tune", "heldout")) == ["tune", "heldout"]


def test_a_set_of_one_part_reports_that_part_only() -> None:
    assert parts_of(runs("tune", "tune")) == ["tune"]


def test_a_part_the_scorer_does_not_know_is_reported_after_the_known_ones() -> None:
    assert parts_of(runs("heldout3", "heldout", "tune")) == ["tune", "heldout", "heldout3"]
