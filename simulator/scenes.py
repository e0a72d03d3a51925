"""Synthetic camera pictures: pure functions from (camera, scene kind, frame index) to BGR.

Each camera's scene is drawn from a seed (its index): a backdrop (`backdrops.py`), things that
cross it (cars, pedestrians) with motion periodic over the clip, so a looped clip has no jump
except the clock in the caption, and per-frame weather or sensor effects. Street-like scenes are
bright and textured on purpose: the gateway's dark and frozen checks must see a healthy camera
as healthy. The other kinds are hard cases that are still healthy: a dim corridor, a plain wall,
rain, a busy crossing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

import cv2
import numpy as np

from simulator import backdrops
from simulator.backdrops import ROAD_FRACTION
from simulator.frames import Frame, black_frame

__all__ = ["Frame", "Scene", "SceneKind", "black_frame", "build_scene", "render"]

CAPTION_SCALE = 0.6  # cv2 font scale at 360 px high; scaled with the height
SENSOR_NOISE_SIGMA = 4.0  # corridor at night: gain turned up, so visible grain per frame
RAIN_DROPS_PER_MPX = 2500  # streaks per million pixels and frame
RAIN_ALPHA = 0.35  # streaks are faint: light through water, not paint
WALL_LIGHT_SWING = 0.04  # the wall's light drifts +- 4 % over a clip
SHADOW_DEPTH = 0.6  # a passing shadow keeps 60 % of the light


class SceneKind(StrEnum):
    STREET = "street"
    SQUARE = "square"
    CORRIDOR_NIGHT = "corridor_night"
    LOW_TEXTURE_WALL = "low_texture_wall"
    RAIN = "rain"
    BUSY_CROSSING = "busy_crossing"


@dataclass(frozen=True)
class Mover:
    """Something that crosses the picture `laps` times per clip along a horizontal line."""

    y: float  # fraction of the height
    start: float  # fraction of one lap
    laps: int  # whole laps per clip, so the motion loops without a jump
    size: float  # fraction of the height
    color: tuple[int, int, int]
    leftward: bool


@dataclass(frozen=True)
class Scene:
    camera_id: str
    kind: SceneKind
    seed: int
    background: Frame
    cars: tuple[Mover, ...]
    pedestrians: tuple[Mover, ...]


@dataclass(frozen=True)
class _Recipe:
    backdrop: Callable[[np.random.Generator, int, int], Frame]
    cars: int
    pedestrians: int
    walk_y: tuple[float, float]  # where pedestrians walk, fractions of the height


_RECIPES = {
    SceneKind.STREET: _Recipe(backdrops.street, 4, 3, (ROAD_FRACTION - 0.07, ROAD_FRACTION - 0.02)),
    SceneKind.SQUARE: _Recipe(backdrops.square, 0, 10, (0.5, 0.95)),
    SceneKind.CORRIDOR_NIGHT: _Recipe(backdrops.corridor, 0, 1, (0.8, 0.82)),
    SceneKind.LOW_TEXTURE_WALL: _Recipe(backdrops.wall, 0, 1, (0.9, 0.92)),
    SceneKind.RAIN: _Recipe(
        lambda rng, w, h: backdrops.street(rng, w, h, overcast=True),
        4,
        2,
        (ROAD_FRACTION - 0.07, ROAD_FRACTION - 0.02),
    ),
    SceneKind.BUSY_CROSSING: _Recipe(backdrops.crossing, 12, 14, (ROAD_FRACTION - 0.1, 0.97)),
}


def build_scene(
    camera_index: int, width: int, height: int, kind: SceneKind = SceneKind.STREET
) -> Scene:
    """The fixed part of camera `camera_index`'s picture (1-based), the same on every call."""
    recipe = _RECIPES[kind]
    rng = np.random.default_rng(camera_index)
    background = recipe.backdrop(rng, width, height)
    cars = tuple(_car(rng, lane % 4, recipe.cars) for lane in range(recipe.cars))
    pedestrians = tuple(_pedestrian(rng, recipe.walk_y) for _ in range(recipe.pedestrians))
    return Scene(f"cam-{camera_index}", kind, camera_index, background, cars, pedestrians)


def render(scene: Scene, frame_index: int, clip_frames: int, fps: int, caption_x: int = 0) -> Frame:
    """Frame `frame_index` of a clip of `clip_frames` frames; the caption starts at `caption_x`."""
    frame = scene.background.copy()
    phase = (frame_index % clip_frames) / clip_frames
    if scene.kind is SceneKind.LOW_TEXTURE_WALL:
        _wall_light(frame, phase)
    for car in scene.cars:
        _draw_car(frame, car, phase)
    for person in scene.pedestrians:
        _draw_pedestrian(frame, person, phase)
    if scene.kind is SceneKind.RAIN:
        _rain(frame, np.random.default_rng((scene.seed, frame_index)))
    if scene.kind is SceneKind.CORRIDOR_NIGHT:
        frame = _sensor_noise(frame, np.random.default_rng((scene.seed, frame_index)))
    _draw_caption(frame, scene.camera_id, frame_index, fps, caption_x)
    return frame


def _car(rng: np.random.Generator, lane: int, lanes: int) -> Mover:
    y = ROAD_FRACTION + (0.08 + 0.28 * lane / 4)
    color = _color(rng, 30, 255)
    laps = int(rng.integers(1, 4))
    return Mover(y, float(rng.uniform()), laps, 0.075, color, leftward=lane % 2 == 1)


def _pedestrian(rng: np.random.Generator, walk_y: tuple[float, float]) -> Mover:
    y = float(rng.uniform(*walk_y))
    color = _color(rng, 20, 200)
    return Mover(y, float(rng.uniform()), 1, 0.07 * (0.6 + y), color, bool(rng.integers(2)))


def _color(rng: np.random.Generator, low: int, high: int) -> tuple[int, int, int]:
    blue, green, red = (int(c) for c in rng.integers(low, high, size=3))
    return blue, green, red


def _position(mover: Mover, phase: float, width: int, margin: int) -> int:
    lap = (mover.start + mover.laps * phase) % 1.0
    if mover.leftward:
        lap = 1.0 - lap
    return int(lap * (width + 2 * margin)) - margin


def _draw_car(frame: Frame, car: Mover, phase: float) -> None:
    height, width = frame.shape[:2]
    h = int(car.size * height)
    w = 2 * h
    x, y = _position(car, phase, width, w), int(car.y * height)
    cv2.rectangle(frame, (x, y - h), (x + w, y), car.color, -1)
    cv2.rectangle(frame, (x + w // 5, y - h + 3), (x + 4 * w // 5, y - h // 2), (40, 40, 40), -1)
    for wheel in (x + w // 4, x + 3 * w // 4):
        cv2.circle(frame, (wheel, y), h // 4, (20, 20, 20), -1)


def _draw_pedestrian(frame: Frame, person: Mover, phase: float) -> None:
    height, width = frame.shape[:2]
    h = int(person.size * height)
    x, y = _position(person, phase, width, h), int(person.y * height)
    cv2.rectangle(frame, (x - h // 6, y - h), (x + h // 6, y), person.color, -1)
    cv2.circle(frame, (x, y - h - h // 6), h // 6, (150, 180, 210), -1)


def _wall_light(frame: Frame, phase: float) -> None:
    """Slow daylight drift, plus the soft shadow of someone out of view crossing the wall."""
    height, width = frame.shape[:2]
    gain = 1.0 + WALL_LIGHT_SWING * np.sin(2 * np.pi * phase)
    x = int(((phase * 2) % 1.0) * (width + width // 4)) - width // 8
    x0, x1 = max(x - width // 10, 0), min(x + width // 10, width)
    frame[:] = cv2.convertScaleAbs(frame, alpha=gain)
    if x1 > x0:
        region = frame[height // 6 : height * 4 // 5, x0:x1]
        region[:] = cv2.convertScaleAbs(region, alpha=SHADOW_DEPTH)


def _rain(frame: Frame, rng: np.random.Generator) -> None:
    height, width = frame.shape[:2]
    count = int(RAIN_DROPS_PER_MPX * height * width / 1e6)
    streaks = frame.copy()
    length = max(height // 25, 6)
    for x, y in zip(rng.integers(0, width, count), rng.integers(0, height, count), strict=True):
        end = (int(x) + length // 4, int(y) + length)
        cv2.line(streaks, (int(x), int(y)), end, (215, 215, 220), 1, cv2.LINE_AA)
    cv2.addWeighted(streaks, RAIN_ALPHA, frame, 1 - RAIN_ALPHA, 0, dst=frame)


def _sensor_noise(frame: Frame, rng: np.random.Generator) -> Frame:
    noise = rng.standard_normal((*frame.shape[:2], 1), dtype=np.float32) * SENSOR_NOISE_SIGMA
    return np.clip(frame + noise, 0, 255).astype(np.uint8)


def _draw_caption(frame: Frame, camera_id: str, frame_index: int, fps: int, x0: int) -> None:
    height = frame.shape[0]
    scale = CAPTION_SCALE * height / 360
    seconds, sub = divmod(frame_index, fps)
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{sub:02d}"
    text = f"{camera_id}  {clock}"
    font = cv2.FONT_HERSHEY_SIMPLEX
    thickness = max(1, round(scale * 2))
    (w, h), baseline = cv2.getTextSize(text, font, scale, thickness)
    pad = int(6 * scale)
    cv2.rectangle(frame, (x0, 0), (x0 + w + 2 * pad, h + baseline + 2 * pad), (30, 30, 30), -1)
    origin = (x0 + pad, pad + h)
    cv2.putText(frame, text, origin, font, scale, (255, 255, 255), thickness, cv2.LINE_AA)
