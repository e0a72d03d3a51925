"""Turn a decoded keyframe into what the checks and the wall need, and run the frame checks.

Runs in the worker pool: PyAV's scaler and OpenCV release the GIL.
"""

from __future__ import annotations

import threading
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
_scalers = threading.local()  # the analysis pool's threads, a scaler each


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


def reformatter() -> VideoReformatter:
    """This thread's scaler, kept between samples. FFmpeg works out a scaler's filters when
    it first meets a size; `frame.to_ndarray` makes a new scaler for every new frame, so it
    did that at every sample (0.8 CPU-ms of 25 a 720p sample, bench/vqd_speed.py). Same
    pixels; one a thread, as a scaler is not safe to share."""
    kept: VideoReformatter | None = getattr(_scalers, "reformatter", None)
    if kept is None:
        kept = _scalers.reformatter = VideoReformatter()
    return kept


def take_sample(frame: av.VideoFrame, snapshot_width: int, sample_width: int) -> Sample:
    snap_w, snap_h = scaled_size(frame.width, frame.height, snapshot_width)
    snapshot = reformatter().reformat(frame, width=snap_w, height=snap_h, format="bgr24")
    bgr = snapshot.to_ndarray()
    gray_w, gray_h = scaled_size(snap_w, snap_h, sample_width)
    small = cv2.resize(bgr, (gray_w, gray_h), interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return Sample(as_bytes(gray), as_bytes(small), encoded.tobytes(), frame.width, frame.height)
