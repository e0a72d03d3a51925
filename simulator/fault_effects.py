"""What each fault does to a picture: `apply_fault(frame, kind, severity, t_index)`, pure.

The input is the scene as rendered, which may be wider than the camera's view (see
`scene_width`): every kind shows the view's left part, except `shift`, whose view is panned
`severity x MAX_PAN` of the view width into the rest of the scene, the way a camera knocked
aside sees another part of the street. Randomness (noise) is seeded by `t_index`, so the same
call gives the same picture. Freeze is temporal (a still clip), so per frame it changes nothing.
"""

from __future__ import annotations

import math
from functools import lru_cache

import cv2
import numpy as np
import numpy.typing as npt

from simulator.faults import FaultKind
from simulator.frames import Frame

Floats = npt.NDArray[np.float32]

MAX_PAN = 0.6  # shift at severity 1 turns the view by 60 % of its width
BLUR_SIGMA_MAX = 8.0  # px at 640 wide: nothing sharp is left at severity 1
DARK_LUMA = (50.0, -40.0)  # target mean luma = a + b x severity: 40 at 0.25, 10 at 1
BRIGHT_LUMA = (188.0, 62.0)  # target mean luma: ~200 at 0.25, ~245 at 1, highlights clipped
GAIN_SEARCH_STEPS = 14  # bisection steps for the overexposure gain: 1 luma level is plenty
MAX_GAIN = 64.0
COVER_SHADE = (24, 22, 20)  # BGR of the covering object: dark cloth or a hand in shadow
COVER_GRAIN = 5.0  # its texture, so it reads as an object rather than a black fill
COVER_WOBBLE = 0.08  # edge waviness, fraction of the height
CAST_CHANNEL = 2  # red, in BGR order
CAST_OTHERS = 0.75  # at severity 1 the other channels keep 25 %
CAST_LIFT = 110.0  # the tinted channel is lifted this far at severity 1
NOISE_SIGMA_MAX = 70.0  # luma levels of Gaussian snow at severity 1
SALT_MAX = 0.12  # share of pixels forced black or white at severity 1
NOISE_BANK = 16  # pre-drawn noise fields, one per frame in turn: 5x cheaper than drawing
STRIPE_AMPLITUDE_MAX = 90.0  # luma levels of the interference bands at severity 1
STRIPE_PERIOD = 1 / 6  # of the height: six bands on screen
STRIPE_ROLL = 3  # px per frame the bands roll down


def scene_width(view_width: int) -> int:
    """How wide a scene must be rendered so that a full shift still sees scene, not border."""
    return view_width + math.ceil(MAX_PAN * view_width)


def pan_px(kind: FaultKind, severity: float, view_width: int) -> int:
    """Where, in the scene, the camera's view starts under this fault."""
    return round(MAX_PAN * severity * view_width) if kind is FaultKind.SHIFT else 0


def apply_fault(
    frame_bgr: Frame,
    kind: FaultKind,
    severity: float,
    t_index: int,
    view_width: int | None = None,
) -> Frame:
    """The camera's view (`view_width` wide, default the frame's width) under the fault."""
    width = view_width or frame_bgr.shape[1]
    x = pan_px(kind, severity, width)
    if x + width > frame_bgr.shape[1]:
        raise ValueError(f"a {x} px pan needs a frame {x + width} px wide")
    view = np.ascontiguousarray(frame_bgr[:, x : x + width])
    effect = _EFFECTS.get(kind)
    return effect(view, severity, t_index) if effect else view


def _black(view: Frame, _severity: float, _t: int) -> Frame:
    return np.zeros_like(view)


def _blur(view: Frame, severity: float, _t: int) -> Frame:
    sigma = BLUR_SIGMA_MAX * severity * view.shape[1] / 640
    return _u8(cv2.GaussianBlur(view, (0, 0), sigma)) if sigma > 0 else view


def _dark(view: Frame, severity: float, _t: int) -> Frame:
    target = DARK_LUMA[0] + DARK_LUMA[1] * severity
    return _gain(view, target / max(_mean_luma(view), 1.0))


def _overexpose(view: Frame, severity: float, _t: int) -> Frame:
    target = BRIGHT_LUMA[0] + BRIGHT_LUMA[1] * severity
    small = _u8(cv2.resize(view, None, fx=0.25, fy=0.25, interpolation=cv2.INTER_AREA))
    low, high = 1.0, MAX_GAIN
    for _ in range(GAIN_SEARCH_STEPS):
        gain = (low + high) / 2
        low, high = (gain, high) if _clipped_mean(small, gain) < target else (low, gain)
    return _gain(view, high)


def _cover(view: Frame, severity: float, _t: int) -> Frame:
    """A dark, grainy object rising from the bottom edge over `severity` of the picture."""
    height, width = view.shape[:2]
    xs = np.arange(width) / width
    wobble = COVER_WOBBLE * height * min(severity, 1 - severity) * 2
    edge = height * (1 - severity) + wobble * np.sin(2 * np.pi * 1.5 * xs + 0.7)
    covered = np.arange(height)[:, None] >= edge[None, :]
    return _u8(np.where(covered[:, :, None], _cover_shade(height, width), view))


def _color_cast(view: Frame, severity: float, _t: int) -> Frame:
    scale = np.full(3, 1 - CAST_OTHERS * severity, np.float32)
    scale[CAST_CHANNEL] = 1.0
    lift = np.zeros(3, np.float32)
    lift[CAST_CHANNEL] = CAST_LIFT * severity
    return _u8(np.clip(view * scale + lift, 0, 255))


def _noise(view: Frame, severity: float, t_index: int) -> Frame:
    height, width = view.shape[:2]
    gauss, uniform = _noise_bank(height, width)
    pick = t_index % NOISE_BANK
    snow = gauss[pick] * (NOISE_SIGMA_MAX * severity)
    noisy = _u8(np.clip(view + snow[:, :, None], 0, 255))
    draw = uniform[(pick + 1) % NOISE_BANK]
    noisy[draw < SALT_MAX * severity / 2] = 0
    noisy[draw > 1 - SALT_MAX * severity / 2] = 255
    return noisy


@lru_cache(maxsize=4)
def _noise_bank(height: int, width: int) -> tuple[Floats, Floats]:
    rng = np.random.default_rng(0)
    gauss = rng.standard_normal((NOISE_BANK, height, width), dtype=np.float32)
    uniform = rng.random((NOISE_BANK, height, width), dtype=np.float32)
    gauss.setflags(write=False)
    uniform.setflags(write=False)
    return gauss, uniform


@lru_cache(maxsize=4)
def _cover_shade(height: int, width: int) -> Frame:
    grain = np.random.default_rng(0).normal(0.0, COVER_GRAIN, size=(height, width, 1))
    shade = np.clip(np.asarray(COVER_SHADE, np.float32) + grain, 0, 255).astype(np.uint8)
    shade.setflags(write=False)
    return shade


def _stripes(view: Frame, severity: float, t_index: int) -> Frame:
    height = view.shape[0]
    rows = np.arange(height) + STRIPE_ROLL * t_index
    wave = np.sin(2 * np.pi * rows / (STRIPE_PERIOD * height))
    bands = (STRIPE_AMPLITUDE_MAX * severity * wave).astype(np.float32)
    return _u8(np.clip(view + bands[:, None, None], 0, 255))


def _gain(view: Frame, gain: float) -> Frame:
    return _u8(cv2.convertScaleAbs(view, alpha=gain))  # saturates at 255


def _u8(image: object) -> Frame:
    return np.asarray(image, dtype=np.uint8)


def _clipped_mean(view: Frame, gain: float) -> float:
    return _mean_luma(_gain(view, gain))


def _luma(view: Frame) -> Frame:
    return np.asarray(cv2.cvtColor(view, cv2.COLOR_BGR2GRAY), dtype=np.uint8)


def _mean_luma(view: Frame) -> float:
    return float(_luma(view).mean())


_EFFECTS = {
    FaultKind.BLACK: _black,
    FaultKind.BLUR: _blur,
    FaultKind.DARK: _dark,
    FaultKind.OVEREXPOSE: _overexpose,
    FaultKind.COVER: _cover,
    FaultKind.COLOR_CAST: _color_cast,
    FaultKind.NOISE: _noise,
    FaultKind.STRIPES: _stripes,
}
