"""Turn a decoded keyframe into what the checks and the wall need, and run the frame checks.

Runs in the worker pool: PyAV's scaler and OpenCV release the GIL.
"""

from __future__ import annotations

from dataclasses import dataclass

import av
import cv2
import numpy as np
import numpy.typing as npt

from stream_gateway.checks import CheckResult, check_dark, check_frozen
from stream_gateway.config import ThresholdsConfig

JPEG_QUALITY = 80  # the wall shows tiles about 640 px wide; 80 keeps them sharp at ~40 KB


@dataclass(frozen=True, slots=True)
class Sample:
    gray: npt.NDArray[np.uint8]
    jpeg: bytes
    width: int
    height: int


def scaled_size(width: int, height: int, target_width: int) -> tuple[int, int]:
    if width <= target_width:
        return width, height
    return target_width, max(2, round(height * target_width / width / 2) * 2)


def take_sample(frame: av.VideoFrame, snapshot_width: int, sample_width: int) -> Sample:
    snap_w, snap_h = scaled_size(frame.width, frame.height, snapshot_width)
    bgr = frame.to_ndarray(format="bgr24", width=snap_w, height=snap_h)
    gray_w, gray_h = scaled_size(snap_w, snap_h, sample_width)
    gray = cv2.cvtColor(
        cv2.resize(bgr, (gray_w, gray_h), interpolation=cv2.INTER_AREA), cv2.COLOR_BGR2GRAY
    )
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return Sample(gray, encoded.tobytes(), frame.width, frame.height)


def check_frame(
    gray: npt.NDArray[np.uint8],
    previous: npt.NDArray[np.uint8] | None,
    thresholds: ThresholdsConfig,
) -> list[CheckResult]:
    results = [check_dark(gray, thresholds.dark_luma_max)]
    frozen = check_frozen(gray, previous, thresholds.frozen_diff_max, thresholds.frozen_min_texture)
    if frozen is not None:
        results.append(frozen)
    return results
