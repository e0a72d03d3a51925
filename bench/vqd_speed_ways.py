"""The ways `bench.vqd_speed` compares, each doing one camera check, and the CPU they cost.

(a) patrol: the gateway's own `grab_keyframe` (open, first keyframe, close) and `analyse`;
(b) ffmpeg per check, tuned as the gateway is (FFMPEG_COMMAND below), our checks on its output;
(c) OpenCV holding the stream: `grab()` every frame, `retrieve()` only the one it samples;
(d) the decode ceiling: the same streams' keyframes, captured once into memory, decoded by a
    bare PyAV codec context (no RTSP, no conversion, no checks): independent of our code.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

# OpenCV's FFmpeg backend reads this at every open; TCP like the other ways.
os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_transport;tcp")

import av
import cv2
import numpy as np
import numpy.typing as npt

from stream_gateway.checks.memory import CameraMemory, remembered
from stream_gateway.checks.reference import reference_view
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.suite import check_frame
from stream_gateway.config import GatewayConfig
from stream_gateway.frame_conversion import (
    even_size,
    jpeg_of,
    scaled_size,
    snapshot_planes,
    take_sample,
)
from stream_gateway.ingest import grab_keyframe
from stream_gateway.keyframe_checks import analyse

CONFIG = GatewayConfig()
OPEN_TIMEOUT_S = 10.0  # a keyframe comes every 2 s; 10 s only fails on a dead stream
TIMEOUT = (OPEN_TIMEOUT_S, OPEN_TIMEOUT_S)
FFMPEG_TIMEOUT_S = 20.0
CAPTURE_BUFFER_FRAMES = 1  # OpenCV: hold as little as the backend allows
# (b): the smallest probe that opens an RTSP stream (the SDP already says codec and size), one
# decoding thread (3 ms less CPU a 1080p check than FFmpeg's default here), the decoder told to
# skip all but keyframes, scaling to the checks' width inside ffmpeg, raw BGR to a pipe (no
# image codec), one frame.
FFMPEG_COMMAND = (
    "ffmpeg -nostdin -v error -rtsp_transport tcp -probesize 32 -analyzeduration 0 -threads 1 "
    "-skip_frame nokey -i {url} -frames:v 1 -vf scale={width}:-2 -f rawvideo -pix_fmt bgr24 -"
)


def cpu_seconds() -> float:
    """CPU of this process (all threads) and of its waited children, user + system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@dataclass
class Camera:
    url: str
    resolution: str  # "1280x720"
    memory: CameraMemory = field(default_factory=CameraMemory)

    @property
    def size(self) -> tuple[int, int]:
        width, height = self.resolution.split("x")
        return int(width), int(height)

    def remember(self, gray: np.ndarray, bgr: np.ndarray, results: list[CheckResult]) -> None:
        """What the sampler keeps between two samples (checks.memory), moved on as it does."""
        self.memory = remembered(self.memory, gray, bgr, results)


# --- one check, each way ------------------------------------------------------------------------


def patrol_check(camera: Camera) -> None:
    """(a): what the patrol does for one camera, snapshot JPEG included."""
    frame = grab_keyframe(camera.url, TIMEOUT)
    sample, results = analyse(frame, camera.memory, CONFIG)
    camera.remember(sample.gray, sample.bgr, results)


def patrol_check_default_probe(camera: Camera) -> None:
    """(a) opened with FFmpeg's default stream probe: what the gateway's open options are worth."""
    with av.open(camera.url, options={"rtsp_transport": "tcp"}, timeout=TIMEOUT) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        frame = next(container.decode(stream))
    sample, results = analyse(frame, camera.memory, CONFIG)
    camera.remember(sample.gray, sample.bgr, results)


def session_only(camera: Camera) -> None:
    """The patrol's session alone: open, first keyframe, close; no conversion, no checks."""
    grab_keyframe(camera.url, TIMEOUT)


def ffmpeg_command(camera: Camera) -> list[str]:
    return FFMPEG_COMMAND.format(url=camera.url, width=CONFIG.sample_width).split()


def ffmpeg_check(camera: Camera) -> None:
    """(b): one tuned ffmpeg process a check, its raw 320 px BGR frame checked as ours is."""
    done = subprocess.run(
        ffmpeg_command(camera), capture_output=True, check=True, timeout=FFMPEG_TIMEOUT_S
    )
    width, height = scaled_size(*camera.size, CONFIG.sample_width)
    if len(done.stdout) != width * height * 3:
        raise ValueError(f"ffmpeg gave {len(done.stdout)} bytes for {camera.resolution}")
    check_small(camera, np.frombuffer(done.stdout, np.uint8).reshape(height, width, 3))


def check_small(camera: Camera, small: npt.NDArray[np.uint8]) -> None:
    gray = np.asarray(cv2.cvtColor(small, cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    memory, thresholds = camera.memory, CONFIG.thresholds
    results = check_frame(
        gray, small, memory.previous, memory.reference, thresholds, memory.earlier
    )
    camera.remember(gray, small, results)


def check_full(camera: Camera, bgr: np.ndarray) -> None:
    """(c)'s analysis: our checks on a 320 px downscale of the full frame."""
    height, width = bgr.shape[:2]
    size = scaled_size(width, height, CONFIG.sample_width)
    small = cv2.resize(bgr, size, interpolation=cv2.INTER_AREA)
    check_small(camera, np.asarray(small, dtype=np.uint8))


def open_capture(camera: Camera) -> cv2.VideoCapture:
    capture = cv2.VideoCapture(camera.url, cv2.CAP_FFMPEG)
    capture.set(cv2.CAP_PROP_BUFFERSIZE, CAPTURE_BUFFER_FRAMES)
    if not capture.isOpened() or not capture.grab():
        raise RuntimeError(f"OpenCV could not open a {camera.resolution} stream")
    return capture


def hold_capture(
    capture: cv2.VideoCapture, camera: Camera, stop_at: float, every: int
) -> tuple[int, int]:
    """(c): `grab()` every frame (it must decode them: H.264 frames depend on each other),
    `retrieve()` and check one in `every`. Returns (frames, checks)."""
    frames = checks = 0
    while time.monotonic() < stop_at:
        if not capture.grab():
            raise RuntimeError(f"OpenCV lost a {camera.resolution} stream")
        if frames % every == 0:
            ok, bgr = capture.retrieve()
            if not ok:
                raise RuntimeError(f"OpenCV could not retrieve a {camera.resolution} frame")
            check_full(camera, bgr)
            checks += 1
        frames += 1
    return frames, checks


# --- the ceiling and the parts of a sample ------------------------------------------------------


def capture_keyframes(url: str, count: int) -> list[bytes]:
    """The stream's next `count` keyframe packets, as they come off the wire (no decoding)."""
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=TIMEOUT) as container:
        stream = container.streams.video[0]
        extradata = stream.codec_context.extradata or b""
        units: list[bytes] = []
        for packet in container.demux(stream):
            if packet.is_keyframe and packet.size:
                units.append(extradata + bytes(packet))  # in-band SPS/PPS, as a file has them
                if len(units) == count:
                    break
    return units


def decode_keyframes(units: list[bytes]) -> list[av.VideoFrame]:
    """A bare decoder, one thread (CPU is counted per core), no conversion."""
    context = av.CodecContext.create("h264", "r")
    context.thread_count = 1
    frames: list[av.VideoFrame] = []
    for data in units:
        frames += context.decode(av.Packet(data))
    frames += context.decode(None)
    return frames


def ceiling(units: list[bytes], reps: int, workers: int) -> dict[str, float]:
    """Keyframes decoded per CPU-second, `reps` passes over `units` shared among `workers`
    threads, each with a decoder of its own: run as the patrol runs (the same pool size), so
    the two meet the same cores, caches and memory bandwidth."""
    decode_keyframes(units[:2])  # libraries loaded, caches warm
    start = cpu_seconds()
    with ThreadPoolExecutor(workers) as pool:
        decoded = sum(len(frames) for frames in pool.map(decode_keyframes, [units] * reps))
    cpu = cpu_seconds() - start
    if decoded != len(units) * reps:
        raise RuntimeError(f"decoded {decoded} frames of {len(units) * reps} keyframes")
    return {"keyframes": decoded, "cpu_s": round(cpu, 3), "per_cpu_s": round(decoded / cpu, 2)}


def cpu_ms(run: Callable[[int], object], count: int) -> float:
    """Median process-CPU milliseconds of `run(i)` over `count` calls."""
    spent = []
    for index in range(count):
        start = time.process_time()
        run(index)
        spent.append((time.process_time() - start) * 1000)
    return round(statistics.median(spent), 3)


def breakdown(units: list[bytes], count: int, per_camera: int) -> dict[str, Any]:
    """Median CPU-ms a sample spends in each part after decoding, on one resolution's keyframes
    (the decode itself is the ceiling's CPU a keyframe). `units` holds `per_camera` keyframes of
    each camera in turn: each is checked against its own camera's first keyframe as the reference
    and its previous one, as the sampler does (another camera's reference would time the turned
    camera's path instead)."""
    frames = decode_keyframes(units)
    samples = [take_sample(f, CONFIG.snapshot_width, CONFIG.sample_width) for f in frames]
    snap_size = even_size(*scaled_size(frames[0].width, frames[0].height, CONFIG.snapshot_width))
    snapshots = [snapshot_planes(f, *snap_size) for f in frames]
    n, thresholds = len(frames), CONFIG.thresholds
    first = [i - i % per_camera for i in range(n)]
    references = {i: reference_view(samples[i].gray, samples[i].bgr) for i in set(first)}
    checked = [i for i in range(n) if i % per_camera] or list(range(n))
    previous = {i: samples[max(i - 1, first[i])].gray for i in checked}

    def check(index: int) -> None:
        i = checked[index % len(checked)]
        check_frame(samples[i].gray, samples[i].bgr, previous[i], references[first[i]], thresholds)

    parts = {
        "take_sample_ms": cpu_ms(
            lambda i: take_sample(frames[i % n], CONFIG.snapshot_width, CONFIG.sample_width), count
        ),
        "of_which_jpeg_ms": cpu_ms(lambda i: jpeg_of(snapshots[i % n]), count),
        "checks_ms": cpu_ms(check, count),
    }
    parts["of_which_conversion_ms"] = round(parts["take_sample_ms"] - parts["of_which_jpeg_ms"], 3)
    parts["keyframe_kib"] = round(statistics.fmean(len(u) for u in units) / 1024, 1)
    return parts
