"""The life of a fixed camera, as pure functions of (scene, life, t).

A scene is a "world" picture wider than the view (`world_size`), so the view can drift, breathe
and be turned within it without ever showing a border. Everything that changes with time is a
function of t and the clip's seed, never of the frames rendered before: the same (scene, life, t)
renders the same frame, and a frame can be rendered out of order.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

Image = NDArray[Any]  # 8-bit BGR; typed loosely as OpenCV returns its own array type

WORLD_WIDTH = 1.55  # world width / view width: 3 % drift, 3 % zoom-out and a 35 % pan fit in it
HOME_X = 0.58  # the home view's centre, as a share of the view width from the world's left edge
MAX_DRIFT = 0.03  # of the width (x) and of the height (y), over a clip
MAX_ZOOM = 0.03  # zoom breathing: the scale stays within [1 - 3 %, 1 + 3 %]
MAX_SHAKE = 0.005  # wind shake, a share of the width
NOISE_BANK = 6  # sensor-noise fields drawn once per clip; each frame takes a shifted window
NOISE_PAD = 16
SHADOW_WAVELENGTH = 2.0  # frame widths: one soft cloud shadow edge in the view at a time


@dataclass(frozen=True)
class Sprite:
    """A moving object in screen coordinates: a car (textured box) or a person (blob)."""

    kind: str  # "car" | "person"
    x0: float
    y: float
    speed: float  # px/s, signed
    w: int
    h: int
    texture: int  # which part of the donor picture paints it


@dataclass(frozen=True)
class Headlight:
    x0: float
    y: float
    speed: float
    radius: float


@dataclass(frozen=True)
class Light:
    """Daylight that changes slowly: a global gain wander (two slow waves, so it never rests)
    and a soft cloud shadow drifting across the view (shares of the light)."""

    wander: float
    wander_periods_s: tuple[float, float]
    shadow: float
    shadow_period_s: float  # time the shadow takes to cross one wavelength
    phase: float  # radians, where the waves start


@dataclass(frozen=True)
class Life:
    """The camera life drawn for one clip (all shares of the frame unless said otherwise)."""

    drift: tuple[float, float] = (0.0, 0.0)  # signed amplitude, x share of W, y share of H
    drift_period_s: float = 120.0
    zoom: float = 0.0  # signed amplitude of zoom breathing
    zoom_period_s: float = 90.0
    shake: float = 0.0
    noise_luma: float = 1.5  # sigma, gray levels
    noise_chroma: float = 0.4
    exposure_steps: tuple[tuple[float, float], ...] = ()  # (t_s, gain from then on)
    base_gain: float = 1.0
    night: bool = False  # a dark night picture (gamma and gain), colour kept
    ir_at_s: float | None = None  # switches to IR grey at this time
    rain: float = 0.0  # 0 none, up to 1 heavy
    sprites: tuple[Sprite, ...] = ()
    headlights: tuple[Headlight, ...] = ()
    clock_start: str = "2026-03-14T08:00:00"
    pan_x: float = 0.0  # a constant offset of the view (used by the turned-camera fault)
    light: Light | None = None  # slow daylight change; None: constant light

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["sprites"] = len(self.sprites)
        data["headlights"] = len(self.headlights)
        return data


@dataclass
class World:
    """A scene prepared for rendering: its picture and the per-clip assets drawn from the seed."""

    picture: Image  # BGR, width WORLD_WIDTH x view width
    width: int  # output frame size
    height: int
    textures: list[Image] = field(default_factory=list)  # one per sprite, its size
    noise: list[NDArray[np.int16]] = field(default_factory=list)
    rain_layer: NDArray[np.uint8] | None = None


def world_size(width: int) -> int:
    return round(WORLD_WIDTH * width)


def unit_hash(*parts: object) -> float:
    """A deterministic number in [0, 1) for (seed, frame, ...): randomness without state."""
    digest = hashlib.blake2b(repr(parts).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def ramp(t: float, period: float) -> float:
    """0 at t = 0, up to 1 at half the period: the slow drift's shape."""
    return float((1.0 - np.cos(2 * np.pi * t / period)) / 2)


def view_offset(life: Life, t: float, seed: int) -> tuple[float, float, float]:
    """(dx share of W, dy share of H, zoom) of the view at t: drift plus shake, and the scale."""
    slow = ramp(t, life.drift_period_s)
    jx = (unit_hash(seed, "shake-x", round(t * 1000)) * 2 - 1) * life.shake
    jy = (unit_hash(seed, "shake-y", round(t * 1000)) * 2 - 1) * life.shake * 16 / 9
    zoom = 1.0 + life.zoom * ramp(t, life.zoom_period_s)
    return life.drift[0] * slow + jx, life.drift[1] * slow + jy, zoom


def view_matrix(life: Life, t: float, seed: int, width: int, height: int, world_h: int) -> Any:
    """The inverse affine map (output pixel -> world pixel) of the view at t."""
    dx, dy, zoom = view_offset(life, t, seed)
    cx = (HOME_X + life.pan_x + dx) * width
    cy = world_h / 2 + dy * height
    rows = [[1 / zoom, 0, cx - width / 2 / zoom], [0, 1 / zoom, cy - height / 2 / zoom]]
    return np.array(rows, np.float32)


def gain_at(life: Life, t: float) -> float:
    gain = life.base_gain
    for at, step_gain in life.exposure_steps:
        if t >= at:
            gain = step_gain
    return gain


def view(world: World, life: Life, t: float, seed: int) -> Image:
    matrix = view_matrix(life, t, seed, world.width, world.height, world.picture.shape[0])
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    frame: Image = cv2.warpAffine(
        world.picture,
        matrix,
        (world.width, world.height),
        flags=flags,
        borderMode=cv2.BORDER_REFLECT,
    )
    return frame


def sprite_x(x0: float, speed: float, t: float, w: int, width: int) -> int:
    """Objects cross the frame and come back from the other side."""
    span = width + 2 * w
    return int((x0 + speed * t) % span) - w


def draw_sprites(frame: Image, world: World, life: Life, t: float) -> None:
    width = frame.shape[1]
    for sprite, texture in zip(life.sprites, world.textures, strict=True):
        x = sprite_x(sprite.x0, sprite.speed, t, sprite.w, width)
        y = int(sprite.y)
        if sprite.kind == "car":
            paste(frame, texture, x, y)
        else:
            centre = (x + sprite.w // 2, y + sprite.h // 2)
            colour = texture[texture.shape[0] // 2, texture.shape[1] // 2].tolist()
            cv2.ellipse(frame, centre, (sprite.w // 2, sprite.h // 2), 0, 0, 360, colour, -1)
            cv2.circle(frame, (centre[0], y), max(2, sprite.w // 3), (70, 90, 120), -1)


def paste(frame: Image, patch: Image, x: int, y: int) -> None:
    height, width = frame.shape[:2]
    ph, pw = patch.shape[:2]
    x1, y1, x2, y2 = max(x, 0), max(y, 0), min(x + pw, width), min(y + ph, height)
    if x2 > x1 and y2 > y1:
        frame[y1:y2, x1:x2] = patch[y1 - y : y2 - y, x1 - x : x2 - x]


def draw_headlights(frame: Image, life: Life, t: float) -> None:
    width = frame.shape[1]
    glare: Image = np.zeros(frame.shape[:2], np.uint8)
    for light in life.headlights:
        r = int(light.radius)
        x = sprite_x(light.x0, light.speed, t, 4 * r, width)
        for offset in (-2 * r, 2 * r):
            cv2.circle(glare, (x + offset, int(light.y)), r * 3, 90, -1)
            cv2.circle(glare, (x + offset, int(light.y)), r, 255, -1)
    if life.headlights:
        glare = cv2.GaussianBlur(glare, (0, 0), 6 * width / 640)
        cv2.add(frame, cv2.merge([glare, glare, glare]), dst=frame)


def rain_layer(width: int, height: int, seed: int, density: float) -> NDArray[np.uint8]:
    """Streaks on a canvas twice the frame's height, scrolled down with t."""
    rng = np.random.default_rng(seed)
    layer = np.zeros((2 * height, width), np.uint8)
    for _ in range(int(density * width * 1.2)):
        x, y = int(rng.integers(0, width)), int(rng.integers(0, 2 * height))
        length = int(rng.integers(8, 22))
        cv2.line(layer, (x, y), (x + length // 6, y + length), int(rng.integers(40, 110)), 1)
    return layer


def draw_rain(frame: Image, world: World, t: float) -> None:
    layer = world.rain_layer
    if layer is None:
        return
    height = frame.shape[0]
    start = int(t * 900) % height  # streaks fall about 900 px/s
    window = layer[height - start : 2 * height - start]
    cv2.add(frame, cv2.merge([window, window, window]), dst=frame)


def light_field(light: Light, t: float, width: int, height: int) -> NDArray[np.float32]:
    """The light's gain over the frame at t: 1 +- a few per cent, smooth in space and time."""
    slow, slower = (2 * np.pi * t / period + light.phase for period in light.wander_periods_s)
    gain = 1 + light.wander * (np.sin(slow) + np.sin(slower)) / 2
    x = np.linspace(0, 1, width, dtype=np.float32)[None, :]
    y = np.linspace(0, 1, height, dtype=np.float32)[:, None] * height / width
    travel = (x + 0.5 * y) / SHADOW_WAVELENGTH - t / light.shadow_period_s
    shadow = light.shadow * (np.sin(2 * np.pi * travel + light.phase) - 1) / 2
    return np.asarray(gain + shadow, np.float32)


def lit(frame: Image, life: Life, t: float) -> Image:
    if life.light is None:
        return frame
    gain = light_field(life.light, t, frame.shape[1], frame.shape[0])
    shaded: Image = np.clip(frame * gain[..., None] + 0.5, 0, 255).astype(np.uint8)
    return shaded


def exposure(frame: Image, life: Life, t: float) -> Image:
    gain = gain_at(life, t)
    if life.night:
        lut = np.clip(255 * gain * (np.arange(256) / 255) ** 1.6, 0, 255).astype(np.uint8)
        frame = cv2.LUT(frame, lut)
    elif gain != 1.0:
        frame = cv2.convertScaleAbs(frame, alpha=gain)
    if life.ir_at_s is not None and t >= life.ir_at_s:
        grey = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        lut = np.clip(1.25 * (255 * (np.arange(256) / 255) ** 0.75 - 128) + 140, 0, 255)
        grey = cv2.LUT(grey, lut.astype(np.uint8))
        frame = cv2.merge([grey, grey, grey])
    return frame


def noise_bank(width: int, height: int, life: Life, seed: int) -> list[NDArray[np.int16]]:
    rng = np.random.default_rng(seed)
    shape = (height + NOISE_PAD, width + NOISE_PAD)
    bank = []
    for _ in range(NOISE_BANK):
        luma = rng.normal(0, life.noise_luma, shape)
        chroma = rng.normal(0, life.noise_chroma, (*shape, 3))
        bank.append(np.rint(luma[..., None] + chroma).astype(np.int16))
    return bank


def sensor_noise(frame: Image, world: World, seed: int, t: float) -> Image:
    """Adds one of the clip's noise fields, shifted by a per-frame offset."""
    pick = unit_hash(seed, "noise", round(t * 1000))
    field_ = world.noise[int(pick * NOISE_BANK)]
    oy, ox = int(pick * 997) % NOISE_PAD, int(pick * 7919) % NOISE_PAD
    height, width = frame.shape[:2]
    noisy: Image = cv2.add(frame, field_[oy : oy + height, ox : ox + width], dtype=cv2.CV_8U)
    return noisy


def optical_frame(world: World, life: Life, t: float, seed: int) -> Image:
    """What reaches the sensor: the view, the objects in it, the weather and the exposure."""
    frame = view(world, life, t, seed)
    draw_sprites(frame, world, life, t)
    frame = lit(frame, life, t)
    draw_rain(frame, world, t)
    frame = exposure(frame, life, t)
    draw_headlights(frame, life, t)
    return frame


def clock_text(life: Life, t: float) -> str:
    start = datetime.datetime.fromisoformat(life.clock_start)
    return (start + datetime.timedelta(seconds=int(t))).strftime("%Y-%m-%d %H:%M:%S")


def draw_clock(frame: Image, life: Life, t: float) -> None:
    """The OSD: date and time, top-left, white with a dark outline like most cameras."""
    scale = frame.shape[1] / 1000
    origin = (int(12 * scale * 1.6), int(30 * scale * 1.6))
    text = clock_text(life, t)
    thick = max(1, round(2 * scale))
    cv2.putText(frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, (0, 0, 0), thick + 2)
    cv2.putText(frame, text, origin, cv2.FONT_HERSHEY_SIMPLEX, scale, (255, 255, 255), thick)
