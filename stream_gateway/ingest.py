"""One reader per camera: an RTSP session held open in a worker thread, keyframes only.

The reader keeps only the newest decoded keyframe; the sampler takes it when a sample is
due, so frames nobody samples are never converted. PyAV releases the GIL while it demuxes
and decodes, so a thread a camera is cheap for the walking skeleton's camera counts.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import av

from common.redaction import redact
from events.schema import LinkFailure
from stream_gateway.failures import UnusableStream, classify, needs_operator
from stream_gateway.sources import StreamSource

log = logging.getLogger(__name__)

FIRST_BACKOFF_S = 0.5
JITTER = 0.2  # +-20% so cameras that failed together do not retry together
DECODER_THREADS = 1

# FFmpeg's stream probe decodes the first keyframe once more just to learn what the SDP
# already says (codec, size): a 32-byte probe and a probe decoder that skips every frame
# make opening a camera 2.5x cheaper in CPU (bench/results/vqd_speed.md).
LIVE_OPTIONS = {
    "rtsp_transport": "tcp",
    "probesize": "32",
    "analyzeduration": "0",
    "skip_frame": "all",
}


@dataclass(frozen=True, slots=True)
class KeyFrame:
    frame: av.VideoFrame
    decoded_at: float  # monotonic seconds
    fallback: bool = False  # not from the stream: a snapshot taken while the stream is lost


@dataclass(frozen=True, slots=True)
class ReaderTimeouts:
    open_s: float
    read_s: float
    reconnect_max_s: float


def keyframe_stream(container: av.container.InputContainer) -> av.VideoStream:
    """The container's first video stream, set to decode keyframes only."""
    if not container.streams.video:
        raise UnusableStream("the source holds no video stream", LinkFailure.NOT_FOUND)
    stream = container.streams.video[0]
    if stream.codec_context is None:
        raise UnusableStream(
            "no decoder for the source's video codec", LinkFailure.UNSUPPORTED_CODEC
        )
    stream.codec_context.skip_frame = "NONKEY"
    # One decoding thread: cameras are decoded in parallel by the gateway's pools, and a
    # decoder's own threads (FFmpeg's default, one a core) only cost CPU to start and to hand
    # work over: 0.3 ms more a 360p keyframe from a fresh decoder (bench/vqd_speed.py).
    stream.codec_context.thread_count = DECODER_THREADS
    return stream


@contextmanager
def open_live(
    url: str, timeout: tuple[float, float]
) -> Iterator[tuple[av.container.InputContainer, av.VideoStream]]:
    """A live stream opened for keyframes only; `timeout` is (open, read) seconds."""
    with av.open(url, options=LIVE_OPTIONS, timeout=timeout) as container:
        yield container, keyframe_stream(container)


def grab_keyframe(url: str, timeout: tuple[float, float]) -> av.VideoFrame:
    """Connect, decode the first keyframe, close: one patrol check's worth of video."""
    with open_live(url, timeout) as (container, stream):
        for frame in container.decode(stream):
            return frame
    raise UnusableStream("the stream ended before its first keyframe", LinkFailure.ENDED)


def next_backoff(previous: float, cap: float, rng: Callable[[], float] = random.random) -> float:
    grown = min(cap, max(FIRST_BACKOFF_S, previous * 2))
    return min(cap, grown * (1 - JITTER + 2 * JITTER * rng()))


@dataclass(frozen=True, slots=True)
class Trouble:
    failure: LinkFailure
    reason: str  # credentials redacted


class KeyframeReader:
    """Holds one camera's session open in a thread and keeps its newest keyframe."""

    def __init__(self, source: StreamSource, timeouts: ReaderTimeouts) -> None:
        self._source = source
        self._timeouts = timeouts
        self._latest: KeyFrame | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"reader-{source.camera_id}")
        self.trouble: Trouble | None = None  # why the last attempt failed; None once it flows
        # When the stream last moved: a packet with a newer timestamp than any before it. A
        # server that keeps the socket open but repeats or sends nothing is not alive.
        self.last_packet_at = time.monotonic()
        self.link_lost = False  # the last session ended or failed, and no packet came since
        self._newest_pts: int | None = None
        self.ever_played = False

    def start(self) -> None:
        self._thread.start()

    def stop(self, join_timeout_s: float = 1.0) -> None:
        self._stop.set()
        self._thread.join(join_timeout_s)

    def take_latest(self) -> KeyFrame | None:
        """The newest keyframe not taken before, or None."""
        with self._lock:
            latest, self._latest = self._latest, None
        return latest

    async def next_keyframe(self) -> KeyFrame | None:
        """The sampler's face of every frame source: here it never waits."""
        return self.take_latest()

    def _run(self) -> None:
        backoff = 0.0
        while not self._stop.is_set():
            got_frame = self._read_session()
            backoff = 0.0 if got_frame else self._next_backoff(backoff)
            self._stop.wait(backoff or FIRST_BACKOFF_S)

    def _next_backoff(self, previous: float) -> float:
        cap = self._timeouts.reconnect_max_s
        if self.trouble is not None and needs_operator(self.trouble.failure, self.ever_played):
            return next_backoff(cap, cap)  # a wrong password does not heal by hammering
        return next_backoff(previous, cap)

    def _read_session(self) -> bool:
        got_frame, started = False, time.monotonic()
        self._newest_pts = None
        try:
            with open_live(self._source.url, (self._timeouts.open_s, self._timeouts.read_s)) as (
                container,
                stream,
            ):
                for packet in container.demux(stream):
                    self._note_progress(packet)
                    for frame in packet.decode():
                        got_frame = self.ever_played = True
                        with self._lock:
                            self._latest = KeyFrame(frame, time.monotonic())
                    if self._stop.is_set():
                        return got_frame
                self._note_trouble(LinkFailure.ENDED, "the stream ended")
        except (av.FFmpegError, OSError, ValueError) as exc:
            waited = time.monotonic() - max(started, self.last_packet_at)
            timeout = self._timeouts.read_s if got_frame else self._timeouts.open_s
            self._note_trouble(classify(exc, waited, timeout), str(exc) or type(exc).__name__)
        finally:
            self.link_lost = True
        return got_frame

    def _note_progress(self, packet: av.Packet[Any]) -> None:
        if not packet.size:  # the empty packet that flushes the decoder at the end
            return
        pts = packet.pts if packet.pts is not None else packet.dts
        if pts is None or self._newest_pts is None or pts > self._newest_pts:
            self._newest_pts = pts
            self.last_packet_at, self.link_lost, self.trouble = time.monotonic(), False, None

    def _note_trouble(self, failure: LinkFailure, message: str) -> None:
        self.trouble = Trouble(failure, redact(message, self._source.secrets))
        log.info("camera %s: %s: %s", self._source.camera_id, failure, self.trouble.reason)
