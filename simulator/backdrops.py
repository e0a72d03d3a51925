"""The still part of each scene kind: pure painters from (rng, width, height) to a BGR picture."""

from __future__ import annotations

import cv2
import numpy as np

from simulator.frames import Frame

SKY_FRACTION = 0.35  # of the height; buildings stand on the horizon line below the sky
ROAD_FRACTION = 0.62  # the road starts this far down
GRAIN_SIGMA = 7.0  # static sensor-like grain: gives flat areas texture, costs nothing per frame
WALL_GRAIN_SIGMA = 1.5  # a painted wall: almost no texture
CORRIDOR_MEAN_LUMA = 52.0  # dim but lit: well above the gateway's dark threshold (35)
SQUARE_TILE = 1 / 12  # paving tile, fraction of the height


def street(rng: np.random.Generator, width: int, height: int, overcast: bool = False) -> Frame:
    frame = np.empty((height, width, 3), dtype=np.uint8)
    sky_end, road_start = int(height * SKY_FRACTION), int(height * ROAD_FRACTION)
    tint = rng.uniform(0.75, 1.0, size=3)
    top, bottom = (165, 135) if overcast else (235, 170)
    ramp = np.linspace(top, bottom, sky_end)[:, None, None] * tint[None, None, :]
    frame[:sky_end] = ramp.astype(np.uint8)
    frame[sky_end:road_start] = (120, 135, 125)  # pavement and walls behind the buildings
    frame[road_start:] = (105, 105, 110)  # asphalt
    _draw_buildings(frame, rng, sky_end, road_start)
    _draw_lane_marks(frame, road_start)
    return _grain(frame, rng, GRAIN_SIGMA)


def crossing(rng: np.random.Generator, width: int, height: int) -> Frame:
    """A street with zebra crossings every ~ view width."""
    frame = street(rng, width, height)
    road_start = int(height * ROAD_FRACTION)
    bar = max(height // 40, 3)
    for x0 in range(width // 5, width, max(height, 1)):
        for y in range(road_start + bar, height - bar, 2 * bar):
            cv2.rectangle(frame, (x0, y), (x0 + height // 4, y + bar - 1), (225, 225, 225), -1)
    return frame


def square(rng: np.random.Generator, width: int, height: int) -> Frame:
    """A paved square below a row of facades, with a fountain and a few trees."""
    horizon = int(height * 0.3)
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[:horizon] = (225, 200, 170)  # pale sky
    frame[horizon:] = (150, 160, 170)  # paving
    _draw_buildings(frame, rng, horizon, int(height * 0.42))
    tile = max(int(height * SQUARE_TILE), 6)
    for y in range(int(height * 0.42), height, tile):
        cv2.line(frame, (0, y), (width, y), (120, 128, 135), 1)
    for x in range(0, width, tile):
        cv2.line(frame, (x, int(height * 0.42)), (x, height), (120, 128, 135), 1)
    for cx in range(width // 3, width, width // 2 + 1):
        center, axes = (cx, int(height * 0.72)), (height // 5, height // 14)
        cv2.ellipse(frame, center, axes, 0, 0, 360, (170, 150, 120), -1)
        cv2.ellipse(frame, center, (axes[0] - 6, axes[1] - 4), 0, 0, 360, (140, 110, 60), -1)
    for tx in rng.integers(0, width, size=max(2, width // 200)):
        trunk_top = int(height * 0.36)
        cv2.rectangle(
            frame, (int(tx) - 3, trunk_top), (int(tx) + 3, int(height * 0.5)), (40, 60, 80), -1
        )
        cv2.circle(frame, (int(tx), trunk_top), height // 12, (50, 120, 60), -1)
    return _grain(frame, rng, GRAIN_SIGMA)


def corridor(rng: np.random.Generator, width: int, height: int) -> Frame:
    """A corridor at night: dim walls, a floor, a few ceiling lights and doors."""
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[: int(height * 0.15)] = (35, 35, 38)  # ceiling
    frame[int(height * 0.15) : int(height * 0.75)] = (70, 72, 68)  # wall
    frame[int(height * 0.75) :] = (50, 55, 60)  # floor
    step = max(width // 5, 40)
    for x in range(step // 2, width, step):
        cv2.ellipse(
            frame,
            (x, int(height * 0.08)),
            (step // 6, height // 40),
            0,
            0,
            360,
            (235, 240, 240),
            -1,
        )
        door = (x + step // 4, int(height * 0.3)), (x + step // 4 + step // 4, int(height * 0.75))
        cv2.rectangle(frame, door[0], door[1], _color(rng, 40, 90), -1)
    soft = cv2.GaussianBlur(frame, (0, 0), 2.0)  # light falls off softly
    gain = CORRIDOR_MEAN_LUMA / max(float(cv2.cvtColor(soft, cv2.COLOR_BGR2GRAY).mean()), 1.0)
    return _grain(_u8(cv2.convertScaleAbs(soft, alpha=gain)), rng, 3.0)


def wall(rng: np.random.Generator, width: int, height: int) -> Frame:
    """A plain painted wall above a strip of floor: hardly any texture anywhere."""
    frame = np.empty((height, width, 3), dtype=np.uint8)
    frame[: int(height * 0.85)] = _color(rng, 150, 190)
    frame[int(height * 0.85) :] = (110, 115, 120)
    cv2.line(frame, (0, int(height * 0.85)), (width, int(height * 0.85)), (90, 90, 95), 2)
    return _grain(frame, rng, WALL_GRAIN_SIGMA)


def _u8(image: object) -> Frame:
    return np.asarray(image, dtype=np.uint8)


def _grain(frame: Frame, rng: np.random.Generator, sigma: float) -> Frame:
    height, width = frame.shape[:2]
    grain = rng.normal(0.0, sigma, size=(height, width, 1))
    return np.clip(frame.astype(np.float32) + grain, 0, 255).astype(np.uint8)


def _draw_buildings(frame: Frame, rng: np.random.Generator, top: int, ground: int) -> None:
    height, width = frame.shape[:2]
    x = 0
    while x < width:
        w = int(rng.uniform(0.08, 0.2) * height * 16 / 9)
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
    dash = max(height * 16 // 9 // 16, 8)
    for x in range(0, width, 2 * dash):
        cv2.rectangle(frame, (x, y - 2), (x + dash, y + 2), (230, 230, 230), -1)


def _color(rng: np.random.Generator, low: int, high: int) -> tuple[int, int, int]:
    blue, green, red = (int(c) for c in rng.integers(low, high, size=3))
    return blue, green, red
