"""Turn a decoded keyframe into what the checks and the wall need, and run the frame checks.

Runs in the worker pool: PyAV's scaler and OpenCV release the GIL.
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
from av.video.reformatter import VideoReformatter

JPEG_QUALITY = 80  # the wall shows tiles about 640 px wide; 80 keeps them sharp at ~40 KB

# Cameras are analysed in parallel by the worker pool; OpenCV's own threads on a 320 px frame
# cost more in hand-offs than they save (check_frame: 1.76 -> 1.53 CPU-ms here).
cv2.setNumThreads(1)

ScalerKey = tuple[int, int, str, int, int]  # source width, height, format; output width, height
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


def take_sample(frame: av.VideoFrame, snapshot_width: int, sample_width: int) -> Sample:
    snap_w, snap_h = scaled_size(frame.width, frame.height, snapshot_width)
    key = (frame.width, frame.height, frame.format.name, snap_w, snap_h)
    with reformatter(key) as scaler:
        bgr = scaler.reformat(frame, width=snap_w, height=snap_h, format="bgr24").to_ndarray()
    gray_w, gray_h = scaled_size(snap_w, snap_h, sample_width)
    small = cv2.resize(bgr, (gray_w, gray_h), interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return Sample(as_bytes(gray), as_bytes(small), encoded.tobytes(), frame.width, frame.height)
