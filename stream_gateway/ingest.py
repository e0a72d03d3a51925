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
from collections.abc import Callable
from dataclasses import dataclass

import av

from stream_gateway.redaction import redact
from stream_gateway.sources import StreamSource

log = logging.getLogger(__name__)

FIRST_BACKOFF_S = 0.5
JITTER = 0.2  # +-20% so cameras that failed together do not retry together


@dataclass(frozen=True, slots=True)
class KeyFrame:
    frame: av.VideoFrame
    decoded_at: float  # monotonic seconds


@dataclass(frozen=True, slots=True)
class ReaderTimeouts:
    open_s: float
    read_s: float
    reconnect_max_s: float


def next_backoff(previous: float, cap: float, rng: Callable[[], float] = random.random) -> float:
    grown = min(cap, max(FIRST_BACKOFF_S, previous * 2))
    return min(cap, grown * (1 - JITTER + 2 * JITTER * rng()))


class StreamReader:
    def __init__(self, source: StreamSource, timeouts: ReaderTimeouts) -> None:
        self._source = source
        self._timeouts = timeouts
        self._latest: KeyFrame | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"reader-{source.camera_id}")
        self.last_error = ""

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

    def _run(self) -> None:
        backoff = 0.0
        while not self._stop.is_set():
            got_frame = self._read_session()
            backoff = 0.0 if got_frame else next_backoff(backoff, self._timeouts.reconnect_max_s)
            self._stop.wait(backoff or FIRST_BACKOFF_S)

    def _read_session(self) -> bool:
        got_frame = False
        try:
            with av.open(
                self._source.url,
                options={"rtsp_transport": "tcp"},
                timeout=(self._timeouts.open_s, self._timeouts.read_s),
            ) as container:
                stream = container.streams.video[0]
                stream.codec_context.skip_frame = "NONKEY"
                for frame in container.decode(stream):
                    got_frame = True
                    with self._lock:
                        self._latest = KeyFrame(frame, time.monotonic())
                    if self._stop.is_set():
                        return got_frame
                self._note_error("stream ended")
        except (av.FFmpegError, OSError, IndexError, ValueError) as exc:
            self._note_error(str(exc) or type(exc).__name__)
        return got_frame

    def _note_error(self, message: str) -> None:
        self.last_error = redact(message, self._source.secrets)
        log.info("camera %s: %s", self._source.camera_id, self.last_error)
