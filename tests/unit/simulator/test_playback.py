import pytest

from simulator.clips import ClipName
from simulator.encoding import AccessUnit, Clip
from simulator.faults import FaultKind, parse_fault_arg
from simulator.playback import MAX_LAG_NS, frame_ns, next_step

FPS = 25
STEP = frame_ns(FPS)


def clip(tag: str, length: int = 4) -> Clip:
    return Clip(tuple(AccessUnit(f"{tag}{i}".encode(), i == 0) for i in range(length)))


CLIPS = {ClipName.NORMAL: clip("n"), ClipName.BLACK: clip("b", 2), ClipName.FREEZE: clip("f")}


def play(wanted: list[ClipName], start: int = 0) -> list[tuple[bytes, int]]:
    head, now, out = None, start, []
    for name in wanted:
        step = next_step(head, name, CLIPS, now, FPS)
        head, now = step.head, step.head.pts
        out.append((step.unit.data, step.head.pts))
    return out


def test_a_clip_loops_from_its_keyframe():
    assert [u for u, _ in play([ClipName.BLACK] * 5)] == [b"b0", b"b1", b"b0", b"b1", b"b0"]


def test_a_switch_starts_the_new_clip_at_its_keyframe():
    units = [u for u, _ in play([ClipName.NORMAL] * 3 + [ClipName.BLACK])]
    assert units == [b"n0", b"n1", b"n2", b"b0"]


def test_timestamps_run_on_one_frame_apart_across_a_switch():
    stamps = [pts for _, pts in play([ClipName.NORMAL] * 3 + [ClipName.FREEZE] * 2, start=1000)]
    assert stamps == [1000 + i * STEP for i in range(5)]


def test_no_wanted_clip_keeps_playing_the_current_one():
    first = next_step(None, ClipName.FREEZE, CLIPS, 0, FPS)
    second = next_step(first.head, None, CLIPS, first.head.pts, FPS)
    assert (second.head.clip, second.unit.data) == (ClipName.FREEZE, b"f1")


def test_a_wanted_clip_not_encoded_yet_leaves_the_current_one_playing():
    first = next_step(None, ClipName.NORMAL, CLIPS, 0, FPS)
    second = next_step(first.head, "blur-050", CLIPS, first.head.pts, FPS)
    assert (second.head.clip, second.unit.data) == (ClipName.NORMAL, b"n1")
    ready = {**CLIPS, "blur-050": clip("u")}
    third = next_step(second.head, "blur-050", ready, second.head.pts, FPS)
    assert (third.head.clip, third.unit.data) == ("blur-050", b"u0")


def test_a_clip_that_grew_plays_on_into_its_new_part():
    short = {ClipName.NORMAL: clip("n", 2)}
    first = next_step(None, ClipName.NORMAL, short, 0, FPS)
    second = next_step(first.head, ClipName.NORMAL, short, 0, FPS)
    grown = next_step(second.head, ClipName.NORMAL, {ClipName.NORMAL: clip("n", 4)}, 0, FPS)
    assert grown.unit.data == b"n2"


def test_a_stalled_sender_jumps_to_now_instead_of_bursting():
    first = next_step(None, ClipName.NORMAL, CLIPS, 0, FPS)
    late = first.head.pts + STEP + MAX_LAG_NS + 1
    step = next_step(first.head, ClipName.NORMAL, CLIPS, late, FPS)
    assert step.head.pts == late and step.wait_ns == 0


def test_an_early_unit_waits_until_its_time():
    first = next_step(None, ClipName.NORMAL, CLIPS, 0, FPS)
    assert next_step(first.head, ClipName.NORMAL, CLIPS, 0, FPS).wait_ns == STEP


def test_a_clip_must_start_with_a_keyframe():
    with pytest.raises(ValueError, match="keyframe"):
        Clip((AccessUnit(b"x", False),))


def test_fault_arguments_parse_and_name_what_is_wrong():
    assert parse_fault_arg("cam-3=black") == ("cam-3", FaultKind.BLACK)
    with pytest.raises(ValueError, match="CAMERA=KIND"):
        parse_fault_arg("cam-3")
    with pytest.raises(ValueError, match=r"allowed: normal, black, freeze, blur, .*, disconnect"):
        parse_fault_arg("cam-3=purple")
