"""Which thresholds hold for a camera's sample, and what of the frame the checks may look at."""

from __future__ import annotations

import datetime as dt

import numpy as np
import numpy.typing as npt

from stream_gateway.checks.thresholds import CheckThresholds
from stream_gateway.config import CameraConfig, GatewayConfig, NightConfig

IGNORED_FILL = 128  # mid-grey: constant over time, so an ignored clock neither moves nor darkens


def is_night(night: NightConfig, clock: dt.time, mean_luma: float) -> bool:
    by_luma = night.luma_below is not None and mean_luma < night.luma_below
    return by_luma or (
        night.start is not None and night.end is not None and _within(clock, night.start, night.end)
    )


def _within(clock: dt.time, start: dt.time, end: dt.time) -> bool:
    if start <= end:
        return start <= clock < end
    return clock >= start or clock < end  # the window spans midnight


def thresholds_for(
    camera: CameraConfig | None, config: GatewayConfig, clock: dt.time, mean_luma: float
) -> CheckThresholds:
    if camera is None:
        return config.thresholds
    night = (
        camera.night_profile is not None
        and config.night is not None
        and is_night(config.night, clock, mean_luma)
    )
    return config.profile(
        camera.night_profile if night and camera.night_profile else camera.profile
    )


def mask_ignored(
    image: npt.NDArray[np.uint8], regions: list[tuple[float, float, float, float]]
) -> npt.NDArray[np.uint8]:
    if not regions:
        return image
    masked = image.copy()
    height, width = image.shape[:2]
    for x, y, w, h in regions:
        left, top = int(x * width), int(y * height)
        masked[top : top + max(1, round(h * height)), left : left + max(1, round(w * width))] = (
            IGNORED_FILL
        )
    return masked
