"""Encode frames once into H.264 access units (Annex B, SPS/PPS in band) with PyAV's libx264."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import av

from simulator.scenes import Frame

ENCODER = "libx264"  # PyAV's wheel ships it; checked at start so a missing one fails clearly
PRESET = "veryfast"  # clips are encoded once and cached, but the first start should stay short
CRF = 23  # x264's default quality: clean picture at about 1 Mbit/s for 640x360 traffic scenes
PROFILE = "main"  # every H.264 decoder in the gateway and browsers handles main
# A real camera's bitrate is capped; without a cap, snow encodes at ~17 Mbit/s and takes 2 s.
MAX_KBPS = 4000


@dataclass(frozen=True)
class EncodeParams:
    width: int
    height: int
    fps: int
    gop: int  # frames between keyframes


@dataclass(frozen=True)
class AccessUnit:
    data: bytes  # one coded picture, Annex B byte stream
    keyframe: bool


@dataclass(frozen=True)
class Clip:
    units: tuple[AccessUnit, ...]

    def __post_init__(self) -> None:
        if not self.units or not self.units[0].keyframe:
            raise ValueError("a clip must start with a keyframe")


def x264_params(gop: int) -> str:
    """Fixed GOP, no B-frames (decode order = display order), headers on every keyframe."""
    return (
        f"keyint={gop}:min-keyint={gop}:scenecut=0:bframes=0:repeat-headers=1"
        f":vbv-maxrate={MAX_KBPS}:vbv-bufsize={MAX_KBPS}"
    )


def encode(frames: Iterable[Frame], params: EncodeParams) -> Clip:
    context = _encoder(params)
    units: list[AccessUnit] = []
    for index, image in enumerate(frames):
        frame = av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv420p")
        frame.pts = index
        units.extend(_units(context.encode(frame)))
    units.extend(_units(context.encode(None)))
    return Clip(tuple(units))


def _encoder(params: EncodeParams) -> av.VideoCodecContext:
    context = av.CodecContext.create(ENCODER, "w")
    assert isinstance(context, av.VideoCodecContext)
    context.width, context.height = params.width, params.height
    context.pix_fmt = "yuv420p"
    context.time_base = Fraction(1, params.fps)
    context.framerate = Fraction(params.fps, 1)
    context.gop_size = params.gop
    context.max_b_frames = 0
    context.options = {
        "preset": PRESET,
        "crf": str(CRF),
        "profile": PROFILE,
        "x264-params": x264_params(params.gop),
    }
    context.open()
    return context


def _units(packets: Iterable[av.Packet[Any]]) -> list[AccessUnit]:
    return [AccessUnit(bytes(packet), bool(packet.is_keyframe)) for packet in packets]
