"""One clip rendered and encoded: the work of a process of the generator's pool."""

from __future__ import annotations

import functools
import time
from pathlib import Path

import cv2

from bench.vqd_set.clip import ClipRenderer, ClipSpec, prepare_world
from bench.vqd_set.encoding import encode
from bench.vqd_set.life import Image
from bench.vqd_set.sources import SCENES, load


@functools.cache
def picture(name: str) -> Image:
    return load(next(s for s in SCENES if s.name == name))


def render_clip(spec: ClipSpec, out: Path) -> float:
    started = time.monotonic()
    world = prepare_world(spec, picture(spec.scene), picture(spec.donor))
    other = None
    if spec.fault_params and spec.fault_params.turn_scene:
        other = prepare_world(spec, picture(spec.fault_params.turn_scene), picture(spec.donor))
    encode(ClipRenderer(spec, world, other), out / "clips" / f"{spec.id}.mp4")
    return time.monotonic() - started


def one_thread() -> None:
    cv2.setNumThreads(1)  # the pool is the parallelism: one clip per core
