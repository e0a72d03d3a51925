"""Encoding a clip's frames as a real H.264 stream (x264 through PyAV) in an MP4 file.

Keyframes every GOP exactly (no scene-cut keyframes), a bit-rate capped with VBV and no B-frames,
as IP cameras stream (it also saves a quarter of x264's time).
A signal gap is frames never emitted: the packets' timestamps jump over it, and the first
frame after it is a keyframe, as a camera that reconnects starts with one.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path

import av
import cv2
import numpy as np
from numpy.typing import NDArray

from bench.vqd_set.clip import ClipRenderer, ClipSpec
from bench.vqd_set.life import Image

PRESET = "veryfast"
VBV_BUFFER_S = 1.0  # the VBV buffer holds one second at the capped rate


def x264_params(spec: ClipSpec) -> str:
    keyint = round(spec.gop_s * spec.fps)
    kbps = spec.bitrate_kbps
    return (
        f"keyint={keyint}:min-keyint={keyint}:scenecut=0:bitrate={kbps}:"
        f"vbv-maxrate={kbps}:vbv-bufsize={round(kbps * VBV_BUFFER_S)}:bframes=0"
    )


def frames(renderer: ClipRenderer) -> Iterator[tuple[int, Image | None]]:
    spec = renderer.spec
    for index in range(spec.frame_count()):
        yield index, renderer.frame(index / spec.fps)


def encode(renderer: ClipRenderer, path: Path) -> None:
    """Writes the clip to `path` (through a temporary file, so a half-written clip never stays)."""
    spec = renderer.spec
    partial = path.with_suffix(".part.mp4")
    with av.open(str(partial), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=spec.fps)
        stream.width, stream.height, stream.pix_fmt = spec.width, spec.height, "yuv420p"
        stream.codec_context.time_base = Fraction(1, spec.fps)
        stream.codec_context.options = {
            "preset": PRESET,
            "x264-params": x264_params(spec),
            "forced-idr": "1",
            "threads": "1",
        }
        resumed = False
        for index, picture in frames(renderer):
            if picture is None:
                resumed = True
                continue
            planes: NDArray[np.uint8] = np.asarray(
                cv2.cvtColor(picture, cv2.COLOR_BGR2YUV_I420), np.uint8
            )
            frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
            frame.pts = index
            if resumed:
                frame.pict_type = av.video.frame.PictureType.I
                resumed = False
            container.mux(stream.encode(frame))
        container.mux(stream.encode(None))
    os.replace(partial, path)
