"""Clips of the evaluation set rendered over a synthetic picture, so the tests need no package."""

from __future__ import annotations

import dataclasses

import numpy as np

from bench.vqd_set import plan as planning
from bench.vqd_set.clip import ClipRenderer, ClipSpec, prepare_world
from bench.vqd_set.life import Image
from bench.vqd_set.sources import SceneSource

SCENES = ["alpha", "beta", "gamma", "delta"]
PARTS = {"alpha": "tune", "beta": "heldout", "gamma": "tune", "delta": "heldout"}
SOURCES = tuple(SceneSource(name, "test", "", PARTS[name], 1) for name in SCENES)
SIZE = (320, 180)


def picture(seed: int) -> Image:
    """A textured picture with structure at several scales (aspect 3:2, like most photos)."""
    rng = np.random.default_rng(seed)
    coarse = rng.integers(0, 255, (12, 18, 3), dtype=np.uint8)
    big = np.kron(coarse, np.ones((40, 40, 1), np.uint8))
    fine = rng.integers(0, 40, big.shape, dtype=np.uint8)
    out: Image = big // 2 + fine + 40
    return out


def specs(cut: planning.Slice = planning.CI) -> list[ClipSpec]:
    return planning.plan(SOURCES, SOURCES, cut, SIZE)


def spec(clip_id: str) -> ClipSpec:
    return next(s for s in specs(planning.FULL) if s.id == clip_id)


def renderer(clip: ClipSpec) -> ClipRenderer:
    index = SCENES.index(clip.scene)
    world = prepare_world(clip, picture(index), picture(index + 10))
    other = None
    if clip.fault_params and clip.fault_params.turn_scene:
        other_index = SCENES.index(clip.fault_params.turn_scene)
        other = prepare_world(clip, picture(other_index), picture(index + 10))
    return ClipRenderer(clip, world, other)


def without_fault(clip: ClipSpec) -> ClipSpec:
    return dataclasses.replace(
        clip, fault=None, severity=None, onset_s=None, gap=None, kind="clean"
    )
