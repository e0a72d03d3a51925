"""Synthetic camera pictures: pure functions from (camera, frame index) to a BGR array.

Each camera gets its own street scene (sky tint, buildings, lanes and traffic drawn from a seed),
with cars and pedestrians whose motion is periodic over the clip, so a looped clip has no jump
except the clock in the caption. The picture is bright and textured on purpose: the gateway's dark
and frozen checks must see a healthy camera as healthy.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
import numpy.typing as npt

Frame = npt.NDArray[np.uint8]

SKY_FRACTION = 0.35  # of the height; buildings stand on the horizon line below the sky
ROAD_FRACTION = 0.62  # the road starts this far down
GRAIN_SIGMA = 7.0  # static sensor-like grain: gives flat areas texture, costs nothing per frame
CARS_PER_CAMERA = 4
PEDESTRIANS_PER_CAMERA = 3
CAPTION_SCALE = 0.6  # cv2 font scale at 360 px high; scaled with the height


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
    background: Frame
    cars: tuple[Mover, ...]
    pedestrians: tuple[Mover, ...]


def build_scene(camera_index: int, width: int, height: int) -> Scene:
    """The fixed part of camera `camera_index`'s picture (1-based), the same on every call."""
    rng = np.random.default_rng(camera_index)
    background = _background(rng, width, height)
    cars = tuple(_car(rng, lane) for lane in range(CARS_PER_CAMERA))
    pedestrians = tuple(_pedestrian(rng) for _ in range(PEDESTRIANS_PER_CAMERA))
    return Scene(f"cam-{camera_index}", background, cars, pedestrians)


def render(scene: Scene, frame_index: int, clip_frames: int, fps: int) -> Frame:
    """Frame `frame_index` of a clip of `clip_frames` frames: movers, then the caption."""
    frame = scene.background.copy()
    phase = (frame_index % clip_frames) / clip_frames
    for car in scene.cars:
        _draw_car(frame, car, phase)
    for person in scene.pedestrians:
        _draw_pedestrian(frame, person, phase)
    _draw_caption(frame, scene.camera_id, frame_index, fps)
    return frame


def black_frame(width: int, height: int) -> Frame:
    return np.zeros((height, width, 3), dtype=np.uint8)


def _background(rng: np.random.Generator, width: int, height: int) -> Frame:
    frame = np.empty((height, width, 3), dtype=np.uint8)
    sky_end, road_start = int(height * SKY_FRACTION), int(height * ROAD_FRACTION)
    tint = rng.uniform(0.75, 1.0, size=3)
    ramp = np.linspace(235, 170, sky_end)[:, None, None] * tint[None, None, :]
    frame[:sky_end] = ramp.astype(np.uint8)
    frame[sky_end:road_start] = (120, 135, 125)  # pavement and walls behind the buildings
    frame[road_start:] = (105, 105, 110)  # asphalt
    _draw_buildings(frame, rng, sky_end, road_start)
    _draw_lane_marks(frame, road_start)
    grain = rng.normal(0.0, GRAIN_SIGMA, size=(height, width, 1))
    return np.clip(frame.astype(np.float32) + grain, 0, 255).astype(np.uint8)


def _draw_buildings(frame: Frame, rng: np.random.Generator, top: int, ground: int) -> None:
    height, width = frame.shape[:2]
    x = 0
    while x < width:
        w = int(rng.uniform(0.08, 0.2) * width)
        roof = int(top - rng.uniform(0.0, 0.25) * height)
        color = _color(rng, 90, 200)
        cv2.rectangle(frame, (x, roof), (x + w - 2, ground), color, thickness=-1)
        _draw_windows(frame, x, roof, w, ground)
        x += w


def _draw_windows(frame: Frame, x: int, roof: int, w: int, ground: int) -> None:
    step = max(frame.shape[0] // 24, 6)
    for wy in range(roof + step // 2, ground - step, step):
        for wx in range(x + step // 2, x + w - step, step):
            cv2.rectangle(frame, (wx, wy), (wx + step // 2, wy + step // 2), (60, 70, 80), -1)


def _draw_lane_marks(frame: Frame, road_start: int) -> None:
    height, width = frame.shape[:2]
    y = (road_start + height) // 2
    dash = max(width // 16, 8)
    for x in range(0, width, 2 * dash):
        cv2.rectangle(frame, (x, y - 2), (x + dash, y + 2), (230, 230, 230), -1)


def _car(rng: np.random.Generator, lane: int) -> Mover:
    y = ROAD_FRACTION + (0.08 + 0.28 * lane / CARS_PER_CAMERA)
    color = _color(rng, 30, 255)
    laps = int(rng.integers(1, 4))
    return Mover(y, float(rng.uniform()), laps, 0.075, color, leftward=lane % 2 == 1)


def _pedestrian(rng: np.random.Generator) -> Mover:
    y = ROAD_FRACTION - 0.02 - float(rng.uniform(0.0, 0.05))
    color = _color(rng, 20, 200)
    return Mover(y, float(rng.uniform()), 1, 0.07, color, leftward=bool(rng.integers(2)))


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


def _draw_caption(frame: Frame, camera_id: str, frame_index: int, fps: int) -> None:
    height = frame.shape[0]
    scale = CAPTION_SCALE * height / 360
    seconds, sub = divmod(frame_index, fps)
    clock = f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{sub:02d}"
    text = f"{camera_id}  {clock}"
    font = cv2.FONT_HERSHEY_SIMPLEX
    thickness = max(1, round(scale * 2))
    (w, h), baseline = cv2.getTextSize(text, font, scale, thickness)
    pad = int(6 * scale)
    cv2.rectangle(frame, (0, 0), (w + 2 * pad, h + baseline + 2 * pad), (30, 30, 30), -1)
    origin = (pad, pad + h)
    cv2.putText(frame, text, origin, font, scale, (255, 255, 255), thickness, cv2.LINE_AA)
