"""Turn a decoded keyframe into what the checks and the wall need, and run the frame checks.

The keyframe is scaled once, as YUV planes, to the snapshot's size; the snapshot JPEG is
encoded from those planes (JPEG stores YUV 4:2:0 itself), and the checks' gray and colour
picture come from the same planes halved again. No full-size BGR picture is ever made.
Runs in the worker pool: PyAV's scaler, OpenCV and simplejpeg release the GIL.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, cast

import av
import cv2
import numpy as np
import numpy.typing as npt
import simplejpeg
from av.video.reformatter import ColorRange, Interpolation, VideoReformatter

JPEG_QUALITY = 80  # the wall shows tiles about 640 px wide; 80 keeps them sharp at ~40 KB
PLANAR_FORMAT = "yuv420p"  # what H.264/H.265 cameras decode to, and what a JPEG stores
# Area averaging: every source pixel counts once, as in the checks' own downscale; the
# scaler's default (bilinear) costs more here (0.65 against 0.49 CPU-ms from 1080p).
SNAPSHOT_SCALING = Interpolation.AREA
SCALER_THREADS = 1  # cameras run in parallel in the pool; a scaler's own threads only add hand-offs

# Video stores luma in 16-235 and chroma in 16-240 ("limited range"); a JPEG and the checks'
# gray picture use 0-255 (BT.601 full range, what cvtColor(BGR2GRAY) gives from the BGR).
LUMA_TO_FULL = np.clip(np.round((np.arange(256) - 16) * 255 / 219), 0, 255).astype(np.uint8)
CHROMA_TO_FULL = np.clip(np.round((np.arange(256) - 128) * 255 / 224 + 128), 0, 255).astype(
    np.uint8
)

# Cameras are analysed in parallel by the worker pool; OpenCV's own threads on a 320 px frame
# cost more in hand-offs than they save (check_frame: 1.76 -> 1.53 CPU-ms here).
cv2.setNumThreads(1)

ScalerKey = tuple[int, int, str, int, int]  # source width, height, format; output width, height
Planes = tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]
_idle_scalers: dict[ScalerKey, list[VideoReformatter]] = {}


@dataclass(frozen=True, slots=True)
class Sample:
    gray: npt.NDArray[np.uint8]
    bgr: npt.NDArray[np.uint8]  # at the checks' width, for colour
    jpeg: bytes
    width: int
    height: int


def scaled_size(width: int, height: int, target_width: int) -> tuple[int, int]:
    if width <= target_width:
        return width, height
    return target_width, max(2, round(height * target_width / width / 2) * 2)


def even_size(width: int, height: int) -> tuple[int, int]:
    """4:2:0 planes hold a chroma sample for every 2x2 pixels; an odd last column or row of a
    frame no wider than the target is dropped."""
    return max(2, width - width % 2), max(2, height - height % 2)


def as_bytes(picture: npt.NDArray[Any]) -> npt.NDArray[np.uint8]:
    """OpenCV's typing does not carry the element type through; its 8-bit output is 8-bit."""
    return cast(npt.NDArray[np.uint8], picture)


@contextmanager
def reformatter(key: ScalerKey) -> Iterator[VideoReformatter]:
    """A scaler set up for this conversion, lent for one sample. FFmpeg works out a scaler's
    filters when it first meets a size (0.5-0.8 CPU-ms at 720p-1080p, more than the scaling
    itself); `frame.to_ndarray` makes a new scaler for every frame, a scaler a thread redoes
    it in every new thread and whenever a thread meets another camera size. Idle scalers
    are kept by conversion and lent to one thread at a time (a scaler is not safe to share);
    at most one a worker and a conversion is ever made. Same pixels."""
    idle = _idle_scalers.setdefault(key, [])
    try:
        scaler = idle.pop()  # atomic under the GIL
    except IndexError:
        scaler = VideoReformatter()
    try:
        yield scaler
    finally:
        idle.append(scaler)


def plane_of(frame: av.VideoFrame, index: int) -> npt.NDArray[np.uint8]:
    """A plane of the frame as a picture, without copying (rows keep their padding apart)."""
    plane = frame.planes[index]
    rows = np.frombuffer(memoryview(plane), np.uint8).reshape(plane.height, plane.line_size)
    return rows[:, : plane.width]


def halvable(frame: av.VideoFrame, width: int, height: int) -> bool:
    """A limited-range 4:2:0 frame exactly twice `width` x `height` (720p to a 640 px
    snapshot): OpenCV's 2x2 average does it in 0.05 CPU-ms where the scaler takes 0.28."""
    return (
        frame.format.name == PLANAR_FORMAT
        and frame.color_range != ColorRange.JPEG
        and (frame.width, frame.height) == (2 * width, 2 * height)
    )


def snapshot_planes(frame: av.VideoFrame, width: int, height: int) -> Planes:
    """The frame as limited-range YUV 4:2:0 planes at `width` x `height`, whatever its format."""
    if halvable(frame, width, height):
        decoded = plane_of(frame, 0), plane_of(frame, 1), plane_of(frame, 2)
        return halve_planes(decoded, width, height)
    key = (frame.width, frame.height, frame.format.name, width, height)
    with reformatter(key) as scaler:
        scaled = scaler.reformat(
            frame,
            width=width,
            height=height,
            format=PLANAR_FORMAT,
            interpolation=SNAPSHOT_SCALING,
            src_color_range=frame.color_range,
            dst_color_range=ColorRange.MPEG,
            threads=SCALER_THREADS,
        )
    return plane_of(scaled, 0), plane_of(scaled, 1), plane_of(scaled, 2)


def halve_planes(planes: Planes, width: int, height: int) -> Planes:
    """The planes averaged down to `width` x `height` (chroma at half of that)."""
    luma, u, v = planes
    chroma = (width // 2, height // 2)
    return (
        as_bytes(cv2.resize(luma, (width, height), interpolation=cv2.INTER_AREA)),
        as_bytes(cv2.resize(u, chroma, interpolation=cv2.INTER_AREA)),
        as_bytes(cv2.resize(v, chroma, interpolation=cv2.INTER_AREA)),
    )


def jpeg_of(planes: Planes) -> bytes:
    luma, u, v = planes
    full = cv2.LUT(luma, LUMA_TO_FULL), cv2.LUT(u, CHROMA_TO_FULL), cv2.LUT(v, CHROMA_TO_FULL)
    return bytes(simplejpeg.encode_jpeg_yuv_planes(*full, quality=JPEG_QUALITY))


def bgr_of(planes: Planes) -> npt.NDArray[np.uint8]:
    """BT.601 limited-range YUV to BGR, as FFmpeg converts an untagged frame."""
    luma, u, v = planes
    stacked = np.concatenate((luma.ravel(), u.ravel(), v.ravel())).reshape(-1, luma.shape[1])
    return as_bytes(cv2.cvtColor(stacked, cv2.COLOR_YUV2BGR_I420))


def take_sample(frame: av.VideoFrame, snapshot_width: int, sample_width: int) -> Sample:
    snap_w, snap_h = even_size(*scaled_size(frame.width, frame.height, snapshot_width))
    snapshot = snapshot_planes(frame, snap_w, snap_h)
    small = halve_planes(snapshot, *even_size(*scaled_size(snap_w, snap_h, sample_width)))
    gray = as_bytes(cv2.LUT(small[0], LUMA_TO_FULL))
    return Sample(gray, bgr_of(small), jpeg_of(snapshot), frame.width, frame.height)
