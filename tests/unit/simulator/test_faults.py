import pytest

from simulator.faults import (
    GRADED,
    ClipName,
    Fault,
    FaultKind,
    all_graded_clips,
    clip_for,
    parse_graded_clip,
    quantise,
    streams,
)


@pytest.mark.parametrize(
    ("asked", "shown"), [(0.0, 0.25), (0.3, 0.25), (0.375, 0.25), (0.6, 0.5), (0.9, 1.0), (1, 1.0)]
)
def test_severity_is_shown_as_the_nearest_step_never_as_no_fault(asked, shown):
    assert quantise(asked) == shown


def test_severity_defaults_to_full_strength():
    assert Fault(FaultKind.BLUR).level == 1.0


def test_kinds_without_a_strength_have_no_level_and_play_their_own_clip():
    assert Fault(FaultKind.BLACK, 0.3).level is None
    assert clip_for(Fault(FaultKind.FREEZE, 0.3)) == ClipName.FREEZE
    assert clip_for(Fault()) == ClipName.NORMAL


def test_each_graded_step_has_its_own_clip_that_parses_back():
    assert clip_for(Fault(FaultKind.COVER, 0.55)) == "cover-050"
    assert parse_graded_clip("color_cast-075") == (FaultKind.COLOR_CAST, 0.75)
    assert len(set(all_graded_clips())) == 4 * len(GRADED)


def test_only_disconnect_stops_the_stream():
    assert [k for k in FaultKind if not streams(Fault(k))] == [FaultKind.DISCONNECT]


def test_a_preset_pan_plays_the_shift_clip_of_that_step_when_there_is_no_fault():
    assert clip_for(Fault(), pan=0.5) == "shift-050"
    assert clip_for(Fault(), pan=0.0) == ClipName.NORMAL


def test_a_fault_shows_over_the_home_view_whatever_the_pan():
    assert clip_for(Fault(FaultKind.BLUR, 0.5), pan=1.0) == "blur-050"
    assert clip_for(Fault(FaultKind.DISCONNECT), pan=1.0) is None
