"""The set's plan: parts by scene, labels the scorer relies on, and files that hold them."""

from __future__ import annotations

import dataclasses
import itertools
from collections import Counter
from pathlib import Path

import av
from vqd_set_support import SCENES, SOURCES, renderer, spec, specs

from bench.vqd_set.__main__ import GENERATOR_VERSION, stale
from bench.vqd_set.encoding import encode
from bench.vqd_set.faults import EXPECTED
from bench.vqd_set.life_params import HARD_NEGATIVES
from bench.vqd_set.plan import CI, FULL, plan
from bench.vqd_set.sources import CI_SCENES, SceneSource
from bench.vqd_set.sources import SCENES as CATALOGUE

MANIFEST_KEYS = {
    "id", "file", "scene", "part", "kind", "hard_negative", "fault", "severity", "expected",
    "onset_s", "gap", "fps", "gop_s", "bitrate_kbps", "width", "height", "duration_s", "life",
    "seed",
}  # fmt: skip
CHECKS = {"dark", "overexposed", "covered", "blur", "color_cast", "noise", "frozen",
          "scene_change", "signal_loss"}  # fmt: skip


def test_no_scene_is_in_both_parts():
    clips = specs(FULL)
    parts: dict[str, set[str]] = {}
    for clip in clips:
        parts.setdefault(clip.scene, set()).add(clip.part)
    assert all(len(p) == 1 for p in parts.values())
    assert Counter(next(iter(p)) for p in parts.values()) == {"tune": 2, "heldout": 2}


def test_the_first_batch_is_all_tune_and_the_held_out_part_is_the_second_batch():
    parts = {s.name: (s.part, s.batch) for s in CATALOGUE}
    assert Counter(parts.values()) == {("tune", 1): 14, ("heldout", 2): 8}
    assert {parts[name][0] for name in CI_SCENES} == {"tune"}


# What the first batch's clips were rendered with before it became all tune (var/vqd-set).
FIRST_BATCH_HASHES = {
    "coffee-clean-00": "83a1567533dcfc24",  # held-out then
    "china-turn-high": "188b2394d1975cd0",  # a turned camera looks at a scene of its old half
    "meadow-clean-00": "3875c934bc9d2338",  # the last of the batch: its donor is the first
}


def test_the_first_batch_keeps_the_hashes_it_was_rendered_with():
    clips = {c.id: c for c in plan(CATALOGUE, CATALOGUE, FULL)}
    for clip_id, rendered in FIRST_BATCH_HASHES.items():
        assert clips[clip_id].params_hash(GENERATOR_VERSION) == rendered


def test_the_ci_slice_keeps_its_hashes():
    ci = tuple(s for s in CATALOGUE if s.name in CI_SCENES)
    turned = next(c for c in plan(ci, CATALOGUE, CI) if c.id == "china-turn-high")
    assert turned.params_hash(GENERATOR_VERSION) == "c009de08ff46a983"


def test_a_scene_moved_to_another_part_renders_nothing_again():
    moved = tuple(dataclasses.replace(s, part="heldout") for s in SOURCES)
    before = {c.id: c.params_hash(GENERATOR_VERSION) for c in specs(FULL)}
    after = plan(moved, moved, FULL, (320, 180))
    assert {c.part for c in after} == {"heldout"}
    assert {c.id: c.params_hash(GENERATOR_VERSION) for c in after} == before


def test_no_clip_borrows_a_picture_from_another_batch():
    batch = {s.name: s.batch for s in CATALOGUE}
    for clip in plan(CATALOGUE, CATALOGUE, FULL):
        borrowed = {clip.donor} | {clip.fault_params.turn_scene if clip.fault_params else None}
        assert {batch[name] for name in borrowed - {None}} == {batch[clip.scene]}, clip.id


def test_a_turned_camera_of_a_later_batch_looks_at_another_scene_of_the_batch_not_its_donor():
    later = tuple(SceneSource(n, "test", "", "heldout", 2) for n in ("p", "q", "r", "s", "t"))
    turns = [c for c in plan(later, later, FULL) if c.fault == "turn"]
    looked_at = {(c.scene, c.fault_params.turn_scene) for c in turns if c.fault_params}
    assert all(scene != other for scene, other in looked_at)
    assert any(other != c.donor for c in turns for scene, other in looked_at if scene == c.scene)


def test_every_fault_at_every_severity_and_every_hard_negative_on_every_scene():
    clips = specs(FULL)
    for scene in SCENES:
        mine = [c for c in clips if c.scene == scene]
        assert {c.hard_negative for c in mine if c.kind == "hard_negative"} == set(HARD_NEGATIVES)
        made = {(c.fault, c.severity) for c in mine if c.kind == "fault"}
        wanted = {(f, s) for f in EXPECTED for s in ("low", "medium", "high")}
        assert wanted - made == {("black", "low"), ("black", "medium")}


def test_manifest_entries_carry_exactly_the_fields_the_scorer_reads():
    for clip in specs():
        entry = clip.manifest_entry()
        assert set(entry) == MANIFEST_KEYS
        assert entry["file"] == f"clips/{clip.id}.mp4"
        assert entry["expected"] in CHECKS | {None}
        assert (entry["expected"] is None) == (entry["kind"] != "fault")


def decoded_times(path: Path) -> list[tuple[float, bool]]:
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        return [(float(f.pts * stream.time_base), f.key_frame) for f in container.decode(stream)]


def test_a_signal_loss_file_has_its_gap_in_the_packet_timestamps(tmp_path):
    start, end = 2.0, 14.0  # the low severity's 12 s, early in a short clip
    clip = dataclasses.replace(spec("gamma-signal_loss-low"), onset_s=start, gap=(start, end))
    encode(renderer(dataclasses.replace(clip, duration_s=end + 4)), tmp_path / "loss.mp4")
    frames = decoded_times(tmp_path / "loss.mp4")
    assert not [t for t, _ in frames if start <= t < end]
    after = next((t, key) for t, key in frames if t >= end)
    assert after[1], "a camera that comes back starts with a keyframe"
    steps = [b - a for (a, _), (b, _) in itertools.pairwise(frames)]
    assert max(steps) >= end - start


def test_a_lost_stream_that_never_comes_back_ends_at_its_onset(tmp_path):
    clip = spec("gamma-signal_loss-high")
    assert clip.gap == (clip.onset_s, None)
    early = dataclasses.replace(clip, onset_s=3.0, gap=(3.0, None), duration_s=8.0)
    encode(renderer(early), tmp_path / "lost.mp4")
    frames = decoded_times(tmp_path / "lost.mp4")
    assert 2.5 <= max(t for t, _ in frames) < 3.0


def test_keyframes_come_every_gop_exactly(tmp_path):
    clip = spec("delta-hn-static_scene")
    short = dataclasses.replace(clip, duration_s=4 * clip.gop_s + 1)
    encode(renderer(short), tmp_path / "clip.mp4")
    keys = [t for t, key in decoded_times(tmp_path / "clip.mp4") if key]
    assert keys == [i * clip.gop_s for i in range(5)]


def test_a_clip_is_rendered_again_only_when_its_parameters_change(tmp_path):
    clip = spec("delta-clean-00")
    (tmp_path / "clips").mkdir()
    assert stale(clip, tmp_path)
    (tmp_path / "clips" / f"{clip.id}.mp4").write_bytes(b"rendered")
    (tmp_path / "clips" / f"{clip.id}.hash").write_text(clip.params_hash(GENERATOR_VERSION))
    assert not stale(clip, tmp_path)
    assert stale(dataclasses.replace(clip, bitrate_kbps=clip.bitrate_kbps + 50), tmp_path)
