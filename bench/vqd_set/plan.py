"""Which clips the set holds: every clip's parameters drawn from its seed, its part its scene's.

Pure: scenes in, `ClipSpec`s out. The same scenes and slice always give the same plan.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bench.vqd_set import faults as fx
from bench.vqd_set.clip import ClipSpec
from bench.vqd_set.life_params import HARD_NEGATIVES, hard_negative_life, random_life
from bench.vqd_set.sources import SceneSource

GOPS_S = (2.0, 3.0, 4.0)
BITRATE_KBPS = (300, 1200)  # the cap at 640x360, drawn per clip; scaled by pixels for 720p
SIGNAL_BACK_S = 10.0  # a lost stream that comes back runs at least this long after its gap


@dataclass(frozen=True)
class Slice:
    """How big the set is."""

    name: str
    clean_per_scene: int
    clean_s: tuple[float, float]  # a clean clip's duration is drawn in this range
    hard_negative_s: float
    hard_negatives: tuple[str, ...]
    fault_s: float
    severities: tuple[str, ...]
    fps: int


FPS = 4  # the checks sample keyframes only; 4 fps keeps the full set to about 10 min on 2 cores
# 14 clean clips and 10 hard negatives of 60-120 s per scene give over 5,000 clean keyframe
# samples in a part of 7 scenes; a fault clip of 30 s has 15-21 s of fault after its onset.
FULL = Slice("full", 14, (60.0, 120.0), 90.0, HARD_NEGATIVES, 30.0, fx.SEVERITIES, FPS)
CI = Slice(
    "ci", 1, (30.0, 30.0), 30.0, ("drift_zoom_max", "busy_traffic", "ir_switch"), 24.0,
    ("medium", "high"), FPS,
)  # fmt: skip


def seed_of(*parts: object) -> int:
    digest = hashlib.sha256("/".join(map(str, parts)).encode()).digest()
    return int.from_bytes(digest[:4], "big")


FIRST_BATCH = 1


@dataclass(frozen=True)
class Cast:
    """A scene's place in the plan: where it is scored and whose pictures its clips borrow."""

    scene: str
    part: str
    group: str  # a turned camera looks at another scene of its group (`turn_groups`)
    donor: str  # the scene whose picture paints the cars
    turn_scenes: tuple[str, ...]  # the group's other scenes in the plan, else the donor


def halves(scenes: list[str]) -> dict[str, str]:
    """Every other scene in the order of a hash of their names: the first batch's split, whose
    halves were named tune and held-out until that batch became all tune."""
    ordered = sorted(scenes, key=lambda name: hashlib.sha256(name.encode()).hexdigest())
    return {name: ("tune" if i % 2 == 0 else "heldout") for i, name in enumerate(ordered)}


def turn_groups(catalogue: Sequence[SceneSource]) -> dict[str, str]:
    """The first batch keeps its two halves (so its clips keep their turned views and hashes);
    a later batch is one group."""
    groups: dict[str, str] = {}
    for batch in sorted({s.batch for s in catalogue}):
        names = [s.name for s in catalogue if s.batch == batch]
        groups |= halves(names) if batch == FIRST_BATCH else dict.fromkeys(names, f"batch{batch}")
    return groups


def casting(scenes: Sequence[SceneSource], catalogue: Sequence[SceneSource]) -> list[Cast]:
    """A donor is the next planned scene of the same batch, so no clip mixes batches (a
    held-out clip shows held-out pictures only); the groups come from the whole catalogue."""
    groups = turn_groups(catalogue)
    casts = []
    for source in scenes:
        batch = [s.name for s in scenes if s.batch == source.batch]
        donor = batch[(batch.index(source.name) + 1) % len(batch)]
        group = groups[source.name]
        others = tuple(n for n in batch if groups[n] == group and n != source.name)
        casts.append(Cast(source.name, source.part, group, donor, others or (donor,)))
    return casts


def scale_bitrate(kbps: int, width: int, height: int) -> int:
    return round(kbps * (width * height) / (640 * 360))


def encoding(rng: np.random.Generator, width: int, height: int) -> tuple[float, int]:
    gop = float(rng.choice(GOPS_S))
    kbps = int(rng.integers(BITRATE_KBPS[0] // 50, BITRATE_KBPS[1] // 50 + 1)) * 50
    return gop, scale_bitrate(kbps, width, height)


def clean_clips(cast: Cast, cut: Slice, size: tuple[int, int]) -> list[ClipSpec]:
    scene, clips = cast.scene, []
    for index in range(cut.clean_per_scene):
        seed = seed_of(scene, "clean", index)
        rng = np.random.default_rng(seed)
        duration = float(round(rng.uniform(*cut.clean_s)))
        gop, kbps = encoding(rng, *size)
        life = random_life(rng, duration, *size, for_fault=False)
        clips.append(
            ClipSpec(
                f"{scene}-clean-{index:02d}",
                scene,
                cast.part,
                "clean",
                None,
                None,
                None,
                None,
                None,
                cut.fps,
                gop,
                kbps,
                *size,
                duration,
                life,
                seed,
                donor=cast.donor,
                group=cast.group,
            )
        )
    return clips


def hard_negative_clips(cast: Cast, cut: Slice, size: tuple[int, int]) -> list[ClipSpec]:
    scene, clips = cast.scene, []
    for kind in cut.hard_negatives:
        seed = seed_of(scene, "hard_negative", kind)
        rng = np.random.default_rng(seed)
        gop, kbps = encoding(rng, *size)
        if kind == "low_bitrate":
            gop, kbps = 4.0, scale_bitrate(BITRATE_KBPS[0], *size)
        life = hard_negative_life(kind, rng, cut.hard_negative_s, *size)
        clips.append(
            ClipSpec(
                f"{scene}-hn-{kind}",
                scene,
                cast.part,
                "hard_negative",
                kind,
                None,
                None,
                None,
                None,
                cut.fps,
                gop,
                kbps,
                *size,
                cut.hard_negative_s,
                life,
                seed,
                donor=cast.donor,
                group=cast.group,
            )
        )
    return clips


def fault_timing(
    fault: str, severity: str, rng: np.random.Generator, base_s: float
) -> tuple[float, float, tuple[float, float | None] | None]:
    """(duration, onset, gap): the onset between 30 % and 50 % of the clip."""
    share = float(rng.uniform(0.3, 0.5))
    if fault != "signal_loss" or fx.GAP_S[severity] is None:
        duration = base_s
        onset = round(share * duration, 1)
        return duration, onset, ((onset, None) if fault == "signal_loss" else None)
    gap_s = fx.GAP_S[severity] or 0.0
    duration = float(max(base_s, np.ceil((gap_s + SIGNAL_BACK_S) / (1 - share))))
    onset = round(share * duration, 1)
    return duration, onset, (onset, onset + gap_s)


def fault_clips(cast: Cast, cut: Slice, size: tuple[int, int]) -> list[ClipSpec]:
    scene, clips = cast.scene, []
    for fault in fx.EXPECTED:
        severities = ("high",) if fault in fx.UNGRADED else cut.severities
        for severity in severities:
            seed = seed_of(scene, "fault", fault, severity)
            rng = np.random.default_rng(seed)
            duration, onset, gap = fault_timing(fault, severity, rng, cut.fault_s)
            gop, kbps = encoding(rng, *size)
            life = random_life(rng, duration, *size, for_fault=True)
            other = cast.turn_scenes[seed % len(cast.turn_scenes)]
            params = fx.draw_params(fault, seed, other)
            clips.append(
                ClipSpec(
                    f"{scene}-{fault}-{severity}",
                    scene,
                    cast.part,
                    "fault",
                    None,
                    fault,
                    severity,
                    onset,
                    gap,
                    cut.fps,
                    gop,
                    kbps,
                    *size,
                    duration,
                    life,
                    seed,
                    params,
                    cast.donor,
                    cast.group,
                )
            )
    return clips


def plan(
    scenes: Sequence[SceneSource],
    catalogue: Sequence[SceneSource],
    cut: Slice,
    size: tuple[int, int] = (640, 360),
) -> list[ClipSpec]:
    """Every clip of the scenes, a subset of the catalogue's (whose groups they keep)."""
    clips: list[ClipSpec] = []
    for cast in casting(scenes, catalogue):
        clips += clean_clips(cast, cut, size)
        clips += hard_negative_clips(cast, cut, size)
        clips += fault_clips(cast, cut, size)
    return clips
