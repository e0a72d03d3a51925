"""Every camera's clips while serving: base clips loaded at start, fault clips on demand.

`load_base` encodes (or reads) normal, freeze and black for every camera before serving, in
parallel. A graded fault's clip is `request`ed when the fault is set and encoded in a background
thread; until it is ready the camera keeps playing what it played, then switches at the next
frame (`playback.next_step`). `prebuild` encodes every fault clip up front, for benchmarks.

Threads: each clip of a per-camera dict is written by the one thread that loads it (a fault clip
is replaced by a longer one as GOPs get encoded); feeders read them without a lock (a dict
lookup is atomic in CPython), so pushing a frame never waits for an encode.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor, wait
from pathlib import Path

from simulator.clips import CameraClips, CameraSpec, cache_key, load_clip, load_growing
from simulator.encoding import EncodeParams
from simulator.faults import ClipId, ClipName, all_graded_clips, is_graded_clip
from simulator.registry import camera_ids
from simulator.scenes import SceneKind
from simulator.settings import SimulatorSettings

log = logging.getLogger(__name__)

ENCODE_WORKERS = max(1, min(4, os.cpu_count() or 1))  # PyAV and OpenCV release the GIL
BASE_CLIPS = (ClipName.NORMAL, ClipName.FREEZE)  # black is shared, loaded once


class ClipLibrary:
    def __init__(
        self, cameras: Mapping[str, CameraSpec], params: EncodeParams, cache_dir: Path
    ) -> None:
        self._specs = dict(cameras)
        self._params = params
        self._folder = cache_dir / cache_key(params)
        self._clips: dict[str, CameraClips] = {camera_id: {} for camera_id in cameras}
        self._pending: dict[tuple[str, ClipId], Future[None]] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(ENCODE_WORKERS, thread_name_prefix="encode")

    def clips(self, camera_id: str) -> CameraClips:
        """The camera's ready clips: a live dict that grows as fault clips get encoded."""
        return self._clips[camera_id]

    def load_base(self) -> None:
        """Normal, freeze and black for every camera; blocks until all are in memory."""
        self._folder.mkdir(parents=True, exist_ok=True)
        first = next(iter(self._specs))
        self._load(first, ClipName.BLACK)
        black = self._clips[first][ClipName.BLACK]
        for clips in self._clips.values():
            clips[ClipName.BLACK] = black
        self._wait([self.request(c, clip) for c in self._specs for clip in BASE_CLIPS])

    def prebuild(self) -> None:
        """Every graded fault clip of every camera, so no fault ever waits for an encode."""
        clips = all_graded_clips()
        self._wait([self.request(c, clip) for c in self._specs for clip in clips])

    def request(self, camera_id: str, clip: ClipId | None) -> Future[None] | None:
        """Start loading `clip` in the background unless it is ready or on its way."""
        if clip is None or clip in self._clips[camera_id]:
            return None
        with self._lock:
            key = (camera_id, clip)
            if key not in self._pending:
                self._pending[key] = self._pool.submit(self._load, camera_id, clip)
            return self._pending[key]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _load(self, camera_id: str, clip: ClipId) -> None:
        spec, clips = self._specs[camera_id], self._clips[camera_id]
        try:
            if is_graded_clip(clip):
                for part in load_growing(self._folder, spec, clip, self._params):
                    clips[clip] = part  # playable from its first GOP on
            else:
                clips[clip] = load_clip(self._folder, spec, clip, self._params)
            log.info("%s: clip %s ready", camera_id, clip)
        except Exception:
            log.exception("%s: cannot make clip %s", camera_id, clip)
            raise
        finally:
            with self._lock:
                self._pending.pop((camera_id, clip), None)

    @staticmethod
    def _wait(futures: list[Future[None] | None]) -> None:
        done, _ = wait([f for f in futures if f is not None])
        for future in done:
            future.result()  # re-raise an encoding failure


def clip_library(settings: SimulatorSettings) -> ClipLibrary:
    """Base clips loaded (and every fault clip too with `prebuild_faults`)."""
    started = time.monotonic()
    specs = {
        camera_id: CameraSpec(index, settings.scenes.get(camera_id, SceneKind.STREET))
        for index, camera_id in enumerate(camera_ids(settings.cameras), start=1)
    }
    library = ClipLibrary(specs, settings.encode_params, settings.cache_dir)
    library.load_base()
    if settings.prebuild_faults:
        library.prebuild()
    log.info("clips ready in %.1f s", time.monotonic() - started)
    return library
