"""One labelled clip: its parameters (`ClipSpec`) and its frames, a pure function of t.

The order of what the camera does to a frame: the view of the world, the objects and weather in
it, the exposure; then an optical fault (cover, defocus, exposure collapse, colour cast); then the
sensor's noise; then an electrical fault (noise, grain, salt and pepper, stripes); the OSD clock
last. Freeze, turn and signal loss change which picture is shown, not its pixels.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import cv2
import numpy as np

from bench.vqd_set import faults as fx
from bench.vqd_set.life import (
    Image,
    Life,
    World,
    draw_clock,
    noise_bank,
    optical_frame,
    rain_layer,
    sensor_noise,
    world_size,
)


@dataclass(frozen=True)
class ClipSpec:
    id: str
    scene: str
    part: str  # tune | heldout: where the scorer counts it; not in `params_hash`
    kind: str  # clean | hard_negative | fault
    hard_negative: str | None
    fault: str | None
    severity: str | None
    onset_s: float | None
    gap: tuple[float, float | None] | None
    fps: int
    gop_s: float
    bitrate_kbps: int
    width: int
    height: int
    duration_s: float
    life: Life
    seed: int
    fault_params: fx.FaultParams | None = None
    donor: str = ""  # the scene whose picture paints the cars
    group: str = ""  # the scenes a turned camera may look at (`plan.turn_groups`)

    @property
    def expected(self) -> str | None:
        return fx.EXPECTED[self.fault] if self.fault else None

    def manifest_entry(self) -> dict[str, Any]:
        life = self.life.to_json()
        life["donor"] = self.donor
        if self.fault_params is not None:
            life["fault_params"] = dataclasses.asdict(self.fault_params)
        return {
            "id": self.id,
            "file": f"clips/{self.id}.mp4",
            "scene": self.scene,
            "part": self.part,
            "kind": self.kind,
            "hard_negative": self.hard_negative,
            "fault": self.fault,
            "severity": self.severity,
            "expected": self.expected,
            "onset_s": self.onset_s,
            "gap": list(self.gap) if self.gap else None,
            "fps": self.fps,
            "gop_s": self.gop_s,
            "bitrate_kbps": self.bitrate_kbps,
            "width": self.width,
            "height": self.height,
            "duration_s": self.duration_s,
            "life": life,
            "seed": self.seed,
        }

    def params_hash(self, generator_version: int) -> str:
        full = dataclasses.asdict(self)
        # The group is hashed under the key "part", its name when the parts were the groups:
        # moving a scene to another part renders nothing again, and no first-batch clip either.
        full["part"] = full.pop("group")
        if self.life.light is None:
            del full["life"]["light"]  # added later, off by default: older clips keep their hash
        text = json.dumps([generator_version, full], sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def frame_count(self) -> int:
        return round(self.duration_s * self.fps)


def world_picture(source: Image, width: int) -> Image:
    """The source resized so the world is WORLD_WIDTH views wide (its aspect kept)."""
    target_w = world_size(width)
    scale = target_w / source.shape[1]
    target_h = round(source.shape[0] * scale)
    picture: Image = cv2.resize(source, (target_w, target_h), interpolation=cv2.INTER_AREA)
    return picture


def car_texture(donor: Image, w: int, h: int, pick: float) -> Image:
    """A car-sized box painted with part of another photo, shaded like a car body."""
    dh, dw = donor.shape[:2]
    y, x = int(pick * (dh - h - 1)), int((pick * 7.3 % 1) * (dw - w - 1))
    patch = donor[y : y + h, x : x + w].astype(np.float32)
    shade = np.linspace(1.15, 0.55, h, dtype=np.float32)[:, None, None]  # lit roof, dark sills
    body = patch * 0.5 * shade + 60 * shade
    body[h // 8 : h * 3 // 8, w // 6 : w * 5 // 6] *= 0.45  # the windows
    body[h * 7 // 8 :, : w // 4] = 20  # tyres
    body[h * 7 // 8 :, w * 3 // 4 :] = 20
    texture: Image = np.clip(body, 0, 255).astype(np.uint8)
    return texture


def prepare_world(spec: ClipSpec, picture: Image, donor: Image) -> World:
    world = World(world_picture(picture, spec.width), spec.width, spec.height)
    rng = np.random.default_rng(spec.seed)
    donor_world = world_picture(donor, spec.width)
    world.textures = [
        car_texture(donor_world, s.w, s.h, float(rng.random())) for s in spec.life.sprites
    ]
    world.noise = noise_bank(spec.width, spec.height, spec.life, spec.seed)
    if spec.life.rain > 0:
        world.rain_layer = rain_layer(spec.width, spec.height, spec.seed, spec.life.rain)
    return world


@dataclass
class ClipRenderer:
    """Renders a clip's frame at any t, keeping what a fault needs once (cover, frozen picture)."""

    spec: ClipSpec
    world: World
    other_world: World | None = None  # the scene a camera turned away from its own points at
    _kept: dict[str, Image] = field(default_factory=dict)

    def in_gap(self, t: float) -> bool:
        gap = self.spec.gap
        return gap is not None and t >= gap[0] and (gap[1] is None or t < gap[1])

    def faulty(self, t: float) -> bool:
        return (
            self.spec.fault is not None and self.spec.onset_s is not None and t >= self.spec.onset_s
        )

    def frame(self, t: float) -> Image | None:
        """The encoded picture at t, or None while the stream is lost."""
        if self.in_gap(t):
            return None
        if self.spec.fault == "freeze" and self.faulty(t):
            return self.frozen(t)
        return self.live(t)

    def live(self, t: float) -> Image:
        frame = self.sensor(t)
        draw_clock(frame, self.spec.life, t)
        return frame

    def sensor(self, t: float) -> Image:
        frame = sensor_noise(self.optical(t), self.world, self.spec.seed, t)
        if self.faulty(t) and self.spec.fault and self.spec.severity and self.spec.fault_params:
            frame = fx.electrical_fault(
                self.spec.fault,
                frame,
                self.spec.severity,
                self.spec.fault_params,
                self.spec.seed,
                t,
            )
        return frame

    def optical(self, t: float) -> Image:
        spec, world, life = self.spec, self.world, self.spec.life
        if spec.fault == "turn" and self.faulty(t) and spec.severity and spec.onset_s is not None:
            if spec.severity == "high" and self.other_world is not None:
                world = self.other_world
            life = dataclasses.replace(life, pan_x=fx.turn_offset(spec.severity, t, spec.onset_s))
        frame = optical_frame(world, life, t, spec.seed)
        if self.faulty(t):
            frame = self.optical_fault(frame)
        return frame

    def optical_fault(self, frame: Image) -> Image:
        spec = self.spec
        if spec.fault is None or spec.severity is None or spec.fault_params is None:
            return frame
        if spec.fault == "cover":
            mask, texture = self.cover_assets()
            return fx.cover(frame, mask, texture)
        action = fx.optical_fault(spec.fault, spec.severity, spec.fault_params)
        return action(frame) if action else frame

    def cover_assets(self) -> tuple[Image, Image]:
        if "mask" not in self._kept:
            spec, params = self.spec, self.spec.fault_params or fx.FaultParams()
            severity = spec.severity or "high"
            self._kept["mask"] = fx.cover_mask(spec.width, spec.height, severity, params, spec.seed)
            self._kept["texture"] = fx.cover_texture(spec.width, spec.height, params, spec.seed)
        return self._kept["mask"], self._kept["texture"]

    def frozen(self, t: float) -> Image:
        """low: the stopped picture with fresh noise and a live clock; medium: the stopped
        sensor output with a live clock; high: the last frame repeated bit for bit."""
        onset = self.spec.onset_s or 0.0
        if self.spec.severity == "high":
            if "frozen" not in self._kept:
                self._kept["frozen"] = self.live(onset)
            return self._kept["frozen"].copy()
        if self.spec.severity == "low":
            if "optical" not in self._kept:
                self._kept["optical"] = optical_frame(
                    self.world, self.spec.life, onset, self.spec.seed
                )
            frame = sensor_noise(self._kept["optical"], self.world, self.spec.seed, t)
        else:
            if "sensor" not in self._kept:
                self._kept["sensor"] = sensor_noise(
                    optical_frame(self.world, self.spec.life, onset, self.spec.seed),
                    self.world,
                    self.spec.seed,
                    onset,
                )
            frame = self._kept["sensor"].copy()
        draw_clock(frame, self.spec.life, t)
        return frame
