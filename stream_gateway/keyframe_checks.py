"""One keyframe to one sample and its findings: conversion, ignore masks, profile, checks."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import av

from stream_gateway.checks import CheckResult
from stream_gateway.checks.memory import CameraMemory
from stream_gateway.checks.suite import check_frame
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.frame_conversion import Sample, take_sample
from stream_gateway.profiles import mask_ignored, thresholds_for

# Frame conversion and checks are short and release the GIL; two workers keep both cores busy.
ANALYSIS_WORKERS = 2


def analyse(
    frame: av.VideoFrame,
    memory: CameraMemory,
    config: GatewayConfig,
    camera: CameraConfig | None = None,
    clock: dt.time | None = None,
) -> tuple[Sample, list[CheckResult]]:
    """Convert and check one keyframe against what its camera remembers (memory.remembered
    moves that on); runs in the analysis pool. The sample's gray and bgr come back with the
    camera's ignored regions masked, as the checks saw them."""
    taken = take_sample(frame, config.snapshot_width, config.sample_width)
    regions = camera.ignore if camera is not None else []
    sample = replace(
        taken, gray=mask_ignored(taken.gray, regions), bgr=mask_ignored(taken.bgr, regions)
    )
    local = clock if clock is not None else dt.datetime.now().time()
    thresholds = thresholds_for(camera, config, local, float(sample.gray.mean()))
    checks = check_frame(
        sample.gray, sample.bgr, memory.previous, memory.reference, thresholds, memory.earlier
    )
    return sample, checks
