"""The camera life of the evaluation set: bounded drift and zoom, a ticking clock, seeded frames."""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import json

import numpy as np
import pytest
from vqd_set_support import SIZE, renderer, spec, specs

from bench.vqd_set.__main__ import GENERATOR_VERSION
from bench.vqd_set.clip import world_picture
from bench.vqd_set.faults import PAN_SHARE
from bench.vqd_set.life import (
    MAX_DRIFT,
    MAX_SHAKE,
    MAX_ZOOM,
    draw_clock,
    light_field,
    view_matrix,
    view_offset,
)
from bench.vqd_set.life_params import random_life
from bench.vqd_set.plan import FULL

SCENE = "alpha"


def times(duration_s: float) -> np.ndarray:
    return np.arange(0, duration_s, 0.25)


def test_drift_and_zoom_stay_within_three_percent_on_every_clip():
    for clip in specs(FULL):
        life = clip.life
        for t in times(clip.duration_s):
            dx, dy, zoom = view_offset(life, t, clip.seed)
            assert abs(dx) <= MAX_DRIFT + MAX_SHAKE + 1e-9
            assert abs(dy) <= MAX_DRIFT + MAX_SHAKE * 16 / 9 + 1e-9
            assert 1 - MAX_ZOOM - 1e-9 <= zoom <= 1 + MAX_ZOOM + 1e-9


def test_the_drift_zoom_hard_negative_reaches_the_limit_within_its_clip():
    clip = spec(f"{SCENE}-hn-drift_zoom_max")
    offsets = [view_offset(clip.life, t, clip.seed) for t in times(clip.duration_s)]
    assert max(abs(dx) for dx, _, _ in offsets) >= 0.97 * MAX_DRIFT
    assert max(abs(z - 1) for _, _, z in offsets) >= 0.97 * MAX_ZOOM


@pytest.mark.parametrize("pan", [0.0, PAN_SHARE["medium"]])
def test_the_view_never_leaves_the_picture(pan):
    width, height = SIZE
    world_h = world_picture(np.zeros((200, 300, 3), np.uint8), width).shape[0]  # 3:2, the widest
    world_w = round(1.55 * width)
    for clip in specs(FULL):
        life = dataclasses.replace(clip.life, pan_x=pan)
        for t in times(clip.duration_s)[::8]:
            matrix = view_matrix(life, t, clip.seed, width, height, world_h)
            corners = np.array([[0, 0, 1], [width, 0, 1], [0, height, 1], [width, height, 1]])
            xs, ys = (matrix @ corners.T).astype(float)
            assert xs.min() >= 0 and xs.max() <= world_w
            assert ys.min() >= 0 and ys.max() <= world_h


def test_the_clock_changes_every_second_and_only_then():
    clip = spec(f"{SCENE}-clean-00")

    def osd(t: float) -> np.ndarray:
        frame = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
        draw_clock(frame, clip.life, t)
        return frame

    for second in range(5):
        assert np.array_equal(osd(second), osd(second + 0.75))
        assert not np.array_equal(osd(second + 0.75), osd(second + 1))


def test_the_same_seed_renders_the_same_frame():
    clip = spec(f"{SCENE}-hn-busy_traffic")
    first, second = renderer(clip), renderer(clip)
    for t in (0.0, 7.25, 33.5):
        assert np.array_equal(first.frame(t), second.frame(t))
    reseeded = renderer(dataclasses.replace(clip, seed=clip.seed + 1))
    assert not np.array_equal(first.frame(7.25), reseeded.frame(7.25))


def test_busy_traffic_moves_and_covers_a_large_share_of_the_frame():
    clip = spec(f"{SCENE}-hn-busy_traffic")
    still = dataclasses.replace(clip.life, sprites=())
    busy, empty = renderer(clip), renderer(dataclasses.replace(clip, life=still))
    changed = np.abs(busy.optical(5.0).astype(int) - empty.optical(5.0).astype(int)).max(axis=2)
    assert 0.10 < (changed > 20).mean() < 0.40


def test_only_the_static_scene_has_changing_daylight_and_its_light_stays_within_a_few_percent():
    for clip in specs(FULL):
        assert (clip.life.light is not None) == (clip.hard_negative == "static_scene"), clip.id
    light = spec(f"{SCENE}-hn-static_scene").life.light
    assert light is not None
    fields = [light_field(light, t, 64, 36) for t in times(90.0)]
    assert all(f.min() > 0.85 and f.max() < 1.06 for f in fields)
    steps = [np.abs(b - a).max() for a, b in zip(fields[::8], fields[8::8], strict=False)]
    assert min(steps) > 0 and max(steps) < 0.02  # 2 s apart: a smooth change, never a step


def test_a_clip_without_daylight_keeps_the_hash_it_had_before_the_field_existed():
    clip = spec(f"{SCENE}-clean-00")
    full = dataclasses.asdict(clip)
    del full["life"]["light"]
    text = json.dumps([GENERATOR_VERSION, full], sort_keys=True, default=str)
    assert clip.params_hash(GENERATOR_VERSION) == hashlib.sha256(text.encode()).hexdigest()[:16]


def test_exposure_steps_hunt_around_the_clip_own_gain_at_night_and_dusk():
    """Auto-exposure hunts by 15-30 % from where it is: a night clip's step stays near its
    night gain, never a jump to a day's gain."""
    stepped = 0
    for seed in range(400):
        life = random_life(np.random.default_rng(seed), 90.0, *SIZE, for_fault=False)
        if not life.exposure_steps or life.base_gain == 1.0:
            continue
        stepped += 1
        gains = [life.base_gain] + [gain for _, gain in life.exposure_steps]
        ratios = [after / before for before, after in itertools.pairwise(gains)]
        assert all(0.69 <= r <= 1.31 for r in ratios), (seed, gains)
    assert stepped >= 5
