"""CameraSampler over a few synthetic keyframes: what it publishes and what it logs."""

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor

import av
import numpy as np

from events.schema import Alert, Event
from stream_gateway.camera_sampler import CameraSampler
from stream_gateway.config import AlertRuleConfig, CameraConfig, GatewayConfig
from stream_gateway.ingest import KeyFrame

SAMPLES = 4  # clear_after (2) passes confirm the clear; a few more show it is not repeated


def _picture(rng: np.random.Generator, dark: bool = False) -> av.VideoFrame:
    """A textured street-like picture with a little sensor noise and a sway of up to a pixel
    (a live camera's; a still picture with fresh noise alone would be frozen)."""
    y, x = np.mgrid[0:360, 0:640]
    x = x + rng.uniform(-1.0, 1.0)
    base = (96 + 60 * np.sin(x / 23.0) * np.cos(y / 17.0)).astype(np.int16)
    gray = np.clip(base + rng.integers(-4, 5, base.shape), 0, 255).astype(np.uint8)
    if dark:
        gray = (gray // 16).astype(np.uint8)
    return av.VideoFrame.from_ndarray(np.dstack([gray, gray, gray]), format="bgr24")


class Pictures:
    """A frame source playing a list of pictures, one per tick."""

    trouble = None
    link_lost = False
    ever_played = True

    def __init__(self, frames: list[av.VideoFrame]) -> None:
        self._frames = list(frames)
        self.last_packet_at = time.monotonic()

    async def next_keyframe(self) -> KeyFrame | None:
        self.last_packet_at = time.monotonic()
        return KeyFrame(self._frames.pop(0), time.monotonic())


def _run(frames: list[av.VideoFrame]) -> list[Event]:
    config = GatewayConfig(alerts=AlertRuleConfig(raise_after=2, window=3, clear_after=2, hold_s=0))
    camera = CameraConfig(id="cam-1", name="North gate", url="rtsp://127.0.0.1:8554/cam-1")
    published: list[Event] = []
    with ThreadPoolExecutor(1) as pool:
        sampler = CameraSampler(camera, config, Pictures(frames), published.append, pool)
        for _ in frames:
            asyncio.run(sampler.tick())
    return published


def _alerts(events: list[Event]) -> list[tuple[str, str]]:
    return [(e.check, e.state) for e in events if isinstance(e, Alert)]


def test_a_healthy_camera_at_start_sends_clears_but_logs_no_cleared_line(caplog):
    rng = np.random.default_rng(1)
    with caplog.at_level(logging.DEBUG, logger="stream_gateway"):
        events = _run([_picture(rng) for _ in range(SAMPLES)])
    states = {state for _, state in _alerts(events)}
    assert states == {"cleared"}  # the protocol's confirming clears still go to the centre
    info = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert not [line for line in info if "cleared" in line]


def test_a_camera_that_recovers_logs_its_raise_and_its_clear(caplog):
    rng = np.random.default_rng(2)
    good = [_picture(rng) for _ in range(2)]
    dark = [_picture(rng, dark=True) for _ in range(2)]
    back = [_picture(rng) for _ in range(3)]
    with caplog.at_level(logging.INFO, logger="stream_gateway"):
        events = _run([*good, *dark, *back])
    assert ("dark", "raised") in _alerts(events)
    lines = [r.getMessage() for r in caplog.records]
    assert "camera cam-1: dark raised" in lines
    assert "camera cam-1: dark cleared" in lines
