"""The clips each camera plays: rendered, faulted, encoded, and cached on disk.

Cache layout: `<cache_dir>/<key>/<camera>-<scene>-<clip>.npz`, where the key names every
parameter that changes the bytes (size, rate, GOP, lengths, scene version), so a changed option
never reads a stale clip. Files are written to a temporary name and renamed, so a killed encode
leaves no half-written clip behind.

Normal clips are `CLIP_SECONDS` long; graded fault clips only `FAULT_CLIP_SECONDS`, because they
are encoded on demand and must be ready within the 2 s a fault has to show. They play the same
scene at the same speed (frames 0.. of the normal clip), so a reader sees the motion carry on;
their loop jumps back 4 s, which is acceptable for a faulted picture.
"""

from __future__ import annotations

import itertools
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.encoding import AccessUnit, Clip, EncodeParams, encode
from simulator.fault_effects import apply_fault, pan_px, scene_width
from simulator.faults import ClipId, ClipName, FaultKind, parse_graded_clip
from simulator.frames import Frame, black_frame
from simulator.scenes import SceneKind, build_scene, render

__all__ = ["CameraClips", "CameraSpec", "ClipName", "cache_key", "load_clip", "read_clip"]

log = logging.getLogger(__name__)

SCENE_VERSION = 2  # bump when scenes, fault effects or encoding change what a clip looks like
CLIP_SECONDS = 10  # long enough that the loop is not obvious on a wall, short to encode
FAULT_CLIP_SECONDS = 4  # two GOPs: ~0.5 s to render and encode on one core at 640x360
SHARED_CAMERA = "all"  # the black clip is the same for every camera: encoded and stored once

CameraClips = dict[ClipId, Clip]


@dataclass(frozen=True)
class CameraSpec:
    index: int  # 1-based; seeds the scene
    scene: SceneKind = SceneKind.STREET


def clip_frames(params: EncodeParams, seconds: int = CLIP_SECONDS) -> int:
    """Whole GOPs only, so every loop starts on the clip's first keyframe."""
    return max(1, round(seconds * params.fps / params.gop)) * params.gop


def cache_key(params: EncodeParams) -> str:
    p = params
    lengths = f"{clip_frames(p)}f-{clip_frames(p, FAULT_CLIP_SECONDS)}f"
    return f"v{SCENE_VERSION}-{p.width}x{p.height}-{p.fps}fps-gop{p.gop}-{lengths}"


def clip_path(folder: Path, spec: CameraSpec, clip: ClipId) -> Path:
    if clip == ClipName.BLACK:
        return folder / f"{SHARED_CAMERA}-black.npz"
    return folder / f"cam-{spec.index}-{spec.scene.value}-{clip}.npz"


def load_clip(folder: Path, spec: CameraSpec, clip: ClipId, params: EncodeParams) -> Clip:
    """From the cache, or rendered and encoded (then cached)."""
    return _cached(clip_path(folder, spec, clip), lambda: make_clip(spec, clip, params))


def load_growing(
    folder: Path, spec: CameraSpec, clip: ClipId, params: EncodeParams
) -> Iterator[Clip]:
    """A graded fault clip from the cache, or encoded one GOP at a time: each GOP is encoded
    on its own (it starts on an IDR picture), so the clip can play as soon as its first GOP is
    ready, which halves the time a fault takes to show. The full clip is cached at the end."""
    path = clip_path(folder, spec, clip)
    if path.exists():
        yield _cached(path, lambda: make_clip(spec, clip, params))
        return
    log.info("encoding %s", path.name)
    kind, level = parse_graded_clip(clip)
    frames = _views(spec, kind, level, params, clip_frames(params, FAULT_CLIP_SECONDS))
    units: list[AccessUnit] = []
    for _ in range(clip_frames(params, FAULT_CLIP_SECONDS) // params.gop):
        units.extend(encode(itertools.islice(frames, params.gop), params).units)
        yield Clip(tuple(units))
    write_clip(path, Clip(tuple(units)))


def make_clip(spec: CameraSpec, clip: ClipId, params: EncodeParams) -> Clip:
    if clip == ClipName.BLACK:
        return encode(_repeat(black_frame(params.width, params.height), params.gop), params)
    if clip == ClipName.FREEZE:
        still = next(_views(spec, FaultKind.NORMAL, 1.0, params, 1))
        return encode(_repeat(still, params.gop), params)  # every keyframe: the same image
    if clip == ClipName.NORMAL:
        return encode(_views(spec, FaultKind.NORMAL, 1.0, params, clip_frames(params)), params)
    kind, level = parse_graded_clip(clip)
    count = clip_frames(params, FAULT_CLIP_SECONDS)
    return encode(_views(spec, kind, level, params, count), params)


def _views(
    spec: CameraSpec, kind: FaultKind, level: float, params: EncodeParams, count: int
) -> Iterator[Frame]:
    """The first `count` pictures of the camera's clip under the fault, at normal-clip speed."""
    width, period = params.width, clip_frames(params)
    scene = build_scene(spec.index, scene_width(width), params.height, spec.scene)
    caption_x = pan_px(kind, level, width)
    for i in range(count):
        frame = render(scene, i, period, params.fps, caption_x)
        yield apply_fault(frame, kind, level, i, width)


def _repeat(frame: Frame, count: int) -> Iterator[Frame]:
    return (frame for _ in range(count))


def _cached(path: Path, make: Callable[[], Clip]) -> Clip:
    if path.exists():
        try:
            return read_clip(path)
        except (OSError, ValueError, KeyError) as error:
            log.warning("re-encoding unreadable cached clip %s: %s", path, error)
    log.info("encoding %s", path.name)
    clip = make()
    write_clip(path, clip)
    return clip


def write_clip(path: Path, clip: Clip) -> None:
    data = np.frombuffer(b"".join(unit.data for unit in clip.units), dtype=np.uint8)
    sizes = np.array([len(unit.data) for unit in clip.units], dtype=np.int64)
    keyframes = np.array([unit.keyframe for unit in clip.units], dtype=np.bool_)
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
        np.savez(file, data=data, sizes=sizes, keyframes=keyframes)
    os.replace(file.name, path)


def read_clip(path: Path) -> Clip:
    with np.load(path) as stored:
        data, sizes, keyframes = stored["data"].tobytes(), stored["sizes"], stored["keyframes"]
    ends = np.cumsum(sizes)
    if len(sizes) == 0 or int(ends[-1]) != len(data):
        raise ValueError("sizes do not add up to the stored bytes")
    starts = ends - sizes
    units = (
        AccessUnit(data[int(s) : int(e)], bool(k))
        for s, e, k in zip(starts, ends, keyframes, strict=True)
    )
    return Clip(tuple(units))
