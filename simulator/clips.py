"""The clips each camera plays, encoded once and cached on disk, held in memory while serving.

Cache layout: `<cache_dir>/<key>/<camera>-<clip>.npz`, where the key names every parameter that
changes the bytes (size, rate, GOP, length, scene version), so a changed option never reads a
stale clip. Files are written to a temporary name and renamed, so a killed first start leaves no
half-written clip behind.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from enum import StrEnum
from pathlib import Path

import numpy as np

from simulator.encoding import AccessUnit, Clip, EncodeParams, encode
from simulator.scenes import Frame, black_frame, build_scene, render

log = logging.getLogger(__name__)

SCENE_VERSION = 1  # bump when scenes.py or encoding settings change what a clip looks like
CLIP_SECONDS = 10  # long enough that the loop is not obvious on a wall, short to encode
ENCODE_WORKERS = max(1, min(4, os.cpu_count() or 1))  # PyAV and OpenCV release the GIL
SHARED_CAMERA = "all"  # the black clip is the same for every camera: encoded and stored once


class ClipName(StrEnum):
    NORMAL = "normal"
    FREEZE = "freeze"
    BLACK = "black"


CameraClips = dict[ClipName, Clip]


def clip_frames(params: EncodeParams, seconds: int = CLIP_SECONDS) -> int:
    """Whole GOPs only, so every loop starts on the clip's first keyframe."""
    return max(1, round(seconds * params.fps / params.gop)) * params.gop


def cache_key(params: EncodeParams) -> str:
    p = params
    return f"v{SCENE_VERSION}-{p.width}x{p.height}-{p.fps}fps-gop{p.gop}-{clip_frames(p)}f"


def load_all(cameras: int, params: EncodeParams, cache_dir: Path) -> list[CameraClips]:
    """Clips of cameras 1..N, in order; encodes (in parallel) only what the cache lacks."""
    folder = cache_dir / cache_key(params)
    folder.mkdir(parents=True, exist_ok=True)
    black = _cached(folder / f"{SHARED_CAMERA}-black.npz", lambda: _black(params))
    with ThreadPoolExecutor(ENCODE_WORKERS) as pool:
        scenes = pool.map(lambda i: _scene_clips(i, params, folder), range(1, cameras + 1))
        return [{**clips, ClipName.BLACK: black} for clips in scenes]


def _scene_clips(index: int, params: EncodeParams, folder: Path) -> CameraClips:
    normal = _cached(folder / f"cam-{index}-normal.npz", lambda: _normal(index, params))
    freeze = _cached(folder / f"cam-{index}-freeze.npz", lambda: _freeze(index, params))
    return {ClipName.NORMAL: normal, ClipName.FREEZE: freeze}


def _normal(index: int, params: EncodeParams) -> Clip:
    scene = build_scene(index, params.width, params.height)
    count = clip_frames(params)
    return encode((render(scene, i, count, params.fps) for i in range(count)), params)


def _freeze(index: int, params: EncodeParams) -> Clip:
    """One GOP of the scene's first picture: looped, every keyframe shows the same image."""
    scene = build_scene(index, params.width, params.height)
    still = render(scene, 0, clip_frames(params), params.fps)
    return encode(_repeat(still, params.gop), params)


def _black(params: EncodeParams) -> Clip:
    return encode(_repeat(black_frame(params.width, params.height), params.gop), params)


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
