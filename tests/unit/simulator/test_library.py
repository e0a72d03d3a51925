"""ClipLibrary on tiny pictures: base clips at start, fault clips on request, cached on disk."""

from pathlib import Path

from simulator.clips import FAULT_CLIP_SECONDS, CameraSpec, clip_frames
from simulator.encoding import EncodeParams
from simulator.faults import ClipName
from simulator.library import ClipLibrary
from simulator.scenes import SceneKind

PARAMS = EncodeParams(width=96, height=64, fps=5, gop=5)


def library(cache: Path) -> ClipLibrary:
    cameras = {"cam-1": CameraSpec(1), "cam-2": CameraSpec(2, SceneKind.RAIN)}
    return ClipLibrary(cameras, PARAMS, cache)


def test_base_clips_are_ready_after_start_and_black_is_shared(tmp_path):
    clips = library(tmp_path)
    clips.load_base()
    assert set(clips.clips("cam-2")) == {ClipName.NORMAL, ClipName.FREEZE, ClipName.BLACK}
    assert clips.clips("cam-1")[ClipName.BLACK] is clips.clips("cam-2")[ClipName.BLACK]


def test_a_requested_fault_clip_is_encoded_in_the_background_then_read_from_cache(tmp_path):
    first = library(tmp_path)
    first.load_base()
    assert "blur-050" not in first.clips("cam-2")
    future = first.request("cam-2", "blur-050")
    assert future is not None
    future.result(timeout=30)
    clip = first.clips("cam-2")["blur-050"]
    assert len(clip.units) == clip_frames(PARAMS, FAULT_CLIP_SECONDS)
    assert first.request("cam-2", "blur-050") is None  # ready: nothing to do
    first.close()
    again = library(tmp_path)
    again.request("cam-2", "blur-050").result(timeout=30)  # type: ignore[union-attr]
    assert again.clips("cam-2")["blur-050"] == clip


def test_no_stream_needs_no_clip(tmp_path):
    assert library(tmp_path).request("cam-1", None) is None
