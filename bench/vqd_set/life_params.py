"""A clip's camera life drawn from its seed: a random mix, or one hard negative at its limit."""

from __future__ import annotations

import datetime

import numpy as np

from bench.vqd_set.life import MAX_DRIFT, MAX_SHAKE, MAX_ZOOM, Headlight, Life, Light, Sprite

HARD_NEGATIVES = (
    "drift_zoom_max",
    "shake",
    "busy_traffic",
    "exposure_steps",
    "ir_switch",
    "rain",
    "headlights",
    "night_static",
    "static_scene",
    "low_bitrate",
)
SWAY_MAX = 0.0005  # of the width: a fixed camera's sway in wind, under a pixel at 640 px
TRAFFIC = {"none": (0, 0), "light": (3, 3), "medium": (6, 6), "busy": (14, 12)}  # cars, people
CAR_TEXTURES = 6


def signed(rng: np.random.Generator, low: float, high: float) -> float:
    return float(rng.uniform(low, high) * rng.choice([-1.0, 1.0]))


def period(rng: np.random.Generator, duration_s: float) -> float:
    """A slow period whose peak (at half of it) falls inside the clip's last 40 %."""
    return float(rng.uniform(1.2, 2.0) * duration_s)


def clock_start(rng: np.random.Generator) -> str:
    start = datetime.datetime(2026, 1, 1) + datetime.timedelta(
        seconds=int(rng.integers(0, 364 * 86400))
    )
    return start.isoformat()


def sprites(rng: np.random.Generator, level: str, width: int, height: int) -> tuple[Sprite, ...]:
    cars, people = TRAFFIC[level]
    drawn = []
    for _ in range(cars):
        w = int(rng.uniform(0.11, 0.18) * width)
        y = float(rng.uniform(0.4, 0.95) * height - w / 2)
        speed = signed(rng, 0.06, 0.25) * width
        drawn.append(
            Sprite(
                "car",
                float(rng.uniform(0, width)),
                y,
                speed,
                w,
                w // 2,
                int(rng.integers(0, CAR_TEXTURES)),
            )
        )
    for _ in range(people):
        h = int(rng.uniform(0.08, 0.16) * height)
        y = float(rng.uniform(0.35, 0.95) * height - h)
        speed = signed(rng, 0.012, 0.04) * width
        drawn.append(
            Sprite(
                "person",
                float(rng.uniform(0, width)),
                y,
                speed,
                max(4, h // 3),
                h,
                int(rng.integers(0, CAR_TEXTURES)),
            )
        )
    return tuple(drawn)


def headlights(
    rng: np.random.Generator, count: int, width: int, height: int
) -> tuple[Headlight, ...]:
    return tuple(
        Headlight(
            float(rng.uniform(0, width)),
            float(rng.uniform(0.5, 0.9) * height),
            signed(rng, 0.08, 0.3) * width,
            float(rng.uniform(0.006, 0.012) * width),
        )
        for _ in range(count)
    )


def exposure_steps(
    rng: np.random.Generator, count: int, duration_s: float
) -> tuple[tuple[float, float], ...]:
    """Sudden gain changes of 15-30 %, as auto-exposure hunts; each one relative to the last."""
    times = np.sort(rng.uniform(0.1, 0.95, count) * duration_s)
    gain, steps = 1.0, []
    for at in times:
        gain = float(np.clip(gain * (1 + signed(rng, 0.15, 0.30)), 0.55, 1.6))
        steps.append((round(float(at), 2), round(gain, 3)))
    return tuple(steps)


def daylight(rng: np.random.Generator) -> Light:
    """The mildest life of an outdoor view with nothing moving: light that changes by a few
    per cent over tens of seconds (clouds, the sun), never a step."""
    return Light(
        wander=float(rng.uniform(0.02, 0.05)),
        wander_periods_s=(float(rng.uniform(40, 80)), float(rng.uniform(90, 150))),
        shadow=float(rng.uniform(0.03, 0.08)),
        shadow_period_s=float(rng.uniform(40, 120)),
        phase=float(rng.uniform(0, 2 * np.pi)),
    )


def base(
    rng: np.random.Generator, duration_s: float, drift: float, zoom: float
) -> dict[str, object]:
    return {
        "drift": (signed(rng, 0, drift), signed(rng, 0, drift)),
        "drift_period_s": period(rng, duration_s),
        "zoom": signed(rng, 0, zoom),
        "zoom_period_s": period(rng, duration_s),
        "shake": float(rng.uniform(0, 0.0015)),
        "noise_luma": float(rng.uniform(1.0, 3.5)),
        "noise_chroma": float(rng.uniform(0.2, 1.0)),
        "clock_start": clock_start(rng),
    }


def random_life(
    rng: np.random.Generator, duration_s: float, width: int, height: int, for_fault: bool
) -> Life:
    """The mix of a clean clip: each part of camera life on or off, its level drawn."""
    fields = base(rng, duration_s, MAX_DRIFT, MAX_ZOOM)
    if rng.random() < 0.5:
        fields["shake"] = float(rng.uniform(0.002, MAX_SHAKE))
    level = str(rng.choice(["none", "light", "medium", "busy"], p=[0.25, 0.35, 0.25, 0.15]))
    fields["sprites"] = sprites(rng, level, width, height)
    if rng.random() < 0.15:
        fields["rain"] = float(rng.uniform(0.3, 1.0))
    if not for_fault:
        night = rng.random() < 0.15
        fields["night"] = night
        gain = float(rng.uniform(0.45, 0.65)) if night else 1.0
        if night and rng.random() < 0.6:
            fields["headlights"] = headlights(rng, int(rng.integers(2, 6)), width, height)
        steps = (
            exposure_steps(rng, int(rng.integers(1, 3)), duration_s) if rng.random() < 0.3 else ()
        )
        if not night and rng.random() < 0.1:
            fields["ir_at_s"] = float(rng.uniform(0.3, 0.7) * duration_s)
            gain = float(rng.uniform(0.6, 0.8))
        fields.update(base_gain=gain, exposure_steps=from_base(steps, gain))
    return Life(**fields)  # type: ignore[arg-type]


def from_base(
    steps: tuple[tuple[float, float], ...], base_gain: float
) -> tuple[tuple[float, float], ...]:
    """Steps drawn around a gain of 1, made relative to the clip's own (night, dusk) gain:
    auto-exposure hunts by 15-30 % from where it is; a step to the day's gain from a night
    one would be a 2-3x jump, not the documented life."""
    return tuple((at, round(gain * base_gain, 3)) for at, gain in steps)


def hard_negative_life(
    kind: str, rng: np.random.Generator, duration_s: float, width: int, height: int
) -> Life:
    """One kind of normal camera life pushed to its limit, the rest mild."""
    fields = base(rng, duration_s, 0.01, 0.01)
    fields["sprites"] = sprites(rng, "light", width, height)
    if kind == "drift_zoom_max":
        fields["drift"] = (signed(rng, MAX_DRIFT, MAX_DRIFT), signed(rng, MAX_DRIFT, MAX_DRIFT))
        fields["zoom"] = signed(rng, MAX_ZOOM, MAX_ZOOM)
    elif kind == "shake":
        fields["shake"] = MAX_SHAKE
    elif kind == "busy_traffic":
        fields["sprites"] = sprites(rng, "busy", width, height)
    elif kind == "exposure_steps":
        fields["exposure_steps"] = exposure_steps(rng, int(rng.integers(3, 6)), duration_s)
    elif kind == "ir_switch":
        fields["ir_at_s"] = float(rng.uniform(0.3, 0.6) * duration_s)
        fields["base_gain"] = float(rng.uniform(0.6, 0.8))  # dusk, before the switch
    elif kind == "rain":
        fields["rain"] = float(rng.uniform(0.7, 1.0))
        fields["base_gain"] = 0.85
    elif kind == "headlights":
        fields.update(night=True, base_gain=float(rng.uniform(0.5, 0.7)))
        fields["headlights"] = headlights(rng, int(rng.integers(4, 8)), width, height)
    elif kind == "night_static":
        fields.update(night=True, base_gain=float(rng.uniform(0.35, 0.5)), sprites=())
        fields["noise_luma"] = float(rng.uniform(3.0, 5.0))
        fields["drift"] = (signed(rng, 0, 0.005), signed(rng, 0, 0.005))
    elif kind == "static_scene":
        fields.update(drift=(0.0, 0.0), zoom=0.0, sprites=(), light=daylight(rng))
        fields["shake"] = float(rng.uniform(0, SWAY_MAX))
    return Life(**fields)  # type: ignore[arg-type]
