"""Camera faults as pure functions of a frame, a severity and t.

Optical faults (cover, defocus, exposure collapse, overexposure, colour cast) act on the light
before the sensor adds its noise; electrical ones (noise, grain, salt and pepper, interference
stripes) act on the sensor's output; the OSD clock is drawn over everything by the caller. Freeze,
turn and signal loss are not pixel operations: the clip renderer handles them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from bench.vqd_set.life import Image, unit_hash

SEVERITIES = ("low", "medium", "high")
REFERENCE_WIDTH = 640  # sizes in pixels below are at this width, scaled for 1280x720

# fault -> the check that should name it (events.schema.CheckName values)
EXPECTED = {
    "black": "dark",
    "dim": "dark",
    "overexpose": "overexposed",
    "cover": "covered",
    "defocus": "blur",
    "color_cast": "color_cast",
    "noise_gauss": "noise",
    "colour_grain": "noise",
    "salt_pepper": "noise",
    "stripes": "noise",
    "freeze": "frozen",
    "turn": "scene_change",
    "signal_loss": "signal_loss",
}
UNGRADED = {"black"}  # a black picture has no strength: only its "high" clip is made

# Strengths per severity. Low is a real fault an operator wants to hear about, not a nuance.
DIM_GAIN = {"low": 0.3, "medium": 0.15, "high": 0.06}
OVEREXPOSE = {"low": (1.7, 50), "medium": (2.4, 80), "high": (3.5, 130)}  # gain, offset
COVER_SHARE = {"low": 0.25, "medium": 0.5, "high": 0.8}
DEFOCUS_SIGMA = {"low": 2.0, "medium": 3.5, "high": 7.0}  # px at 640 wide
CAST_STRENGTH = {"low": 0.2, "medium": 0.35, "high": 0.55}
NOISE_SIGMA = {"low": 9.0, "medium": 18.0, "high": 32.0}
GRAIN_AMPLITUDE = {"low": 14.0, "medium": 26.0, "high": 45.0}
SALT_SHARE = {"low": 0.006, "medium": 0.02, "high": 0.06}
STRIPE_AMPLITUDE = {"low": 12.0, "medium": 22.0, "high": 40.0}
PAN_SHARE = {"low": 0.15, "medium": 0.35}  # high: an entirely different scene
GAP_S = {"low": 12.0, "medium": 30.0, "high": None}  # None: the stream never comes back
TURN_SWING_S = 1.0  # the camera swings to its new view over a second

CASTS = {  # per-channel (B, G, R) direction of a failing IR-cut filter or white balance
    "pink": (0.4, -0.8, 0.9),
    "green": (-0.6, 0.9, -0.6),
    "blue": (1.0, -0.1, -0.7),
}
COVER_COLOURS = {  # BGR: a hand close to the lens, a dark bag, a blue or green tarp
    "hand": (70, 90, 125),
    "bag": (28, 30, 34),
    "blue_tarp": (120, 70, 30),
    "green_tarp": (50, 95, 55),
}


@dataclass(frozen=True)
class FaultParams:
    """What a fault clip draws from its seed, beyond the fault and its severity."""

    cast: str = "pink"
    cover: str = "hand"
    cover_angle: float = 0.0  # radians: the side the cover comes from
    stripe_period: float = 30.0  # px
    stripe_speed: float = 40.0  # px/s: the bands roll
    turn_scene: str | None = None  # the different scene a "high" turn points at


def dim(frame: Image, severity: str) -> Image:
    out: Image = cv2.convertScaleAbs(frame, alpha=DIM_GAIN[severity])
    return out


def black(frame: Image) -> Image:
    return np.zeros_like(frame)


def overexpose(frame: Image, severity: str) -> Image:
    gain, offset = OVEREXPOSE[severity]
    out: Image = cv2.convertScaleAbs(frame, alpha=gain, beta=offset)
    return out


def defocus(frame: Image, severity: str) -> Image:
    sigma = DEFOCUS_SIGMA[severity] * frame.shape[1] / REFERENCE_WIDTH
    out: Image = cv2.GaussianBlur(frame, (0, 0), sigma)
    return out


def color_cast(frame: Image, severity: str, params: FaultParams) -> Image:
    direction = np.array(CASTS[params.cast], np.float32)
    gains = 1.0 + CAST_STRENGTH[severity] * direction
    out: Image = np.clip(frame * gains, 0, 255).astype(np.uint8)
    return out


def cover_mask(width: int, height: int, severity: str, params: FaultParams, seed: int) -> Image:
    """A soft-edged blob coming from one side, covering the severity's share of the frame."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    along = xs * np.cos(params.cover_angle) + ys * np.sin(params.cover_angle)
    across = -xs * np.sin(params.cover_angle) + ys * np.cos(params.cover_angle)
    wobble = 0.08 * width * np.sin(across / width * 2 * np.pi * 1.3 + seed % 7)
    shape = along + wobble
    threshold = np.quantile(shape, COVER_SHARE[severity])
    mask = (shape <= threshold).astype(np.uint8) * 255
    sigma = 4 * width / REFERENCE_WIDTH  # the object is far too close to the lens to be sharp
    soft: Image = cv2.GaussianBlur(mask, (0, 0), sigma)
    return soft


def cover_texture(width: int, height: int, params: FaultParams, seed: int) -> Image:
    rng = np.random.default_rng(seed)
    coarse = rng.normal(0, 1, (height // 24 + 1, width // 24 + 1)).astype(np.float32)
    folds = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC)
    base = np.array(COVER_COLOURS[params.cover], np.float32)
    shade = 1.0 + 0.18 * folds[..., None]  # folds of a tarp, the skin of a hand
    texture: Image = np.clip(base * shade, 0, 255).astype(np.uint8)
    return texture


def cover(frame: Image, mask: Image, texture: Image) -> Image:
    alpha = mask.astype(np.float32) / 255
    out: Image = cv2.blendLinear(frame, texture, 1 - alpha, alpha)
    return out


def gauss_noise(frame: Image, severity: str, seed: int, t: float) -> Image:
    rng = np.random.default_rng((seed, round(t * 1000)))
    noise = rng.standard_normal(frame.shape[:2], dtype=np.float32) * NOISE_SIGMA[severity]
    grey = cv2.merge([noise, noise, noise])
    out: Image = cv2.add(frame, grey, dtype=cv2.CV_8U)
    return out


def colour_grain(frame: Image, severity: str, seed: int, t: float) -> Image:
    """Coarse colour blotches, as an analogue link or a failing sensor gives."""
    rng = np.random.default_rng((seed, round(t * 1000)))
    height, width = frame.shape[:2]
    coarse = rng.standard_normal((height // 6, width // 6, 3), dtype=np.float32)
    blotches = cv2.resize(coarse * GRAIN_AMPLITUDE[severity], (width, height))
    out: Image = cv2.add(frame, blotches, dtype=cv2.CV_8U)
    return out


def salt_pepper(frame: Image, severity: str, seed: int, t: float) -> Image:
    rng = np.random.default_rng((seed, round(t * 1000)))
    hits = rng.random(frame.shape[:2])
    out = frame.copy()
    share = SALT_SHARE[severity]
    out[hits < share / 2] = 0
    out[hits > 1 - share / 2] = 255
    return out


def stripes(frame: Image, severity: str, params: FaultParams, t: float) -> Image:
    """Rolling interference bands: a ground loop or a bad cable."""
    height = frame.shape[0]
    rows = np.arange(height, dtype=np.float32)
    scale = frame.shape[1] / REFERENCE_WIDTH
    phase = (rows / scale + params.stripe_speed * t) / params.stripe_period * 2 * np.pi
    band = STRIPE_AMPLITUDE[severity] * np.sin(phase)
    tint = np.array([0.8, 1.0, 1.2], np.float32)  # interference is seldom neutral
    out: Image = np.clip(frame + band[:, None, None] * tint, 0, 255).astype(np.uint8)
    return out


def turn_offset(severity: str, t: float, onset_s: float) -> float:
    """The pan of a turned camera (share of the width) at t: it swings there in a second."""
    if t < onset_s or severity == "high":
        return 0.0
    return PAN_SHARE[severity] * min(1.0, (t - onset_s) / TURN_SWING_S)


Optical = Callable[[Image], Image]


def optical_fault(fault: str, severity: str, params: FaultParams) -> Optical | None:
    """The fault's action on the light, or None when it does not act there."""
    table: dict[str, Optical] = {
        "black": black,
        "dim": lambda f: dim(f, severity),
        "overexpose": lambda f: overexpose(f, severity),
        "defocus": lambda f: defocus(f, severity),
        "color_cast": lambda f: color_cast(f, severity, params),
    }
    return table.get(fault)


def electrical_fault(
    fault: str, frame: Image, severity: str, params: FaultParams, seed: int, t: float
) -> Image:
    if fault == "noise_gauss":
        return gauss_noise(frame, severity, seed, t)
    if fault == "colour_grain":
        return colour_grain(frame, severity, seed, t)
    if fault == "salt_pepper":
        return salt_pepper(frame, severity, seed, t)
    if fault == "stripes":
        return stripes(frame, severity, params, t)
    return frame


def draw_params(fault: str, seed: int, other_scene: str | None) -> FaultParams:
    pick = unit_hash(seed, fault, "params")
    return FaultParams(
        cast=sorted(CASTS)[int(pick * len(CASTS))],
        cover=sorted(COVER_COLOURS)[int(unit_hash(seed, "cover") * len(COVER_COLOURS))],
        cover_angle=float(unit_hash(seed, "angle") * 2 * np.pi),
        stripe_period=12 + 40 * unit_hash(seed, "period"),
        stripe_speed=20 + 80 * unit_hash(seed, "speed"),
        turn_scene=other_scene if fault == "turn" else None,
    )
