"""The per-check sampling policy: connect, take the first keyframe, close, at every sample.

For thousands of cameras with few open connections. Opens run in a bounded thread pool, so a
camera that hangs holds one slot for at most its open and read timeouts, never the others'
sampling loops.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import av

from common.redaction import redact
from stream_gateway.failures import classify
from stream_gateway.ingest import KeyFrame, ReaderTimeouts, Trouble, grab_keyframe
from stream_gateway.sources import StreamSource


class PerCheckGrabber:
    """A frame source with the reader's face: `trouble`, `last_packet_at`, `link_lost`."""

    def __init__(
        self, source: StreamSource, timeouts: ReaderTimeouts, opens: ThreadPoolExecutor
    ) -> None:
        self._source = source
        self._timeout = (timeouts.open_s, timeouts.read_s)
        self._opens = opens
        self.trouble: Trouble | None = None
        self.last_packet_at = time.monotonic()
        self.link_lost = False
        self.ever_played = False

    def start(self) -> None:
        """Nothing to hold open between checks."""

    def stop(self, join_timeout_s: float = 1.0) -> None:
        """Nothing to close: every check closes its own session."""

    async def next_keyframe(self) -> KeyFrame | None:
        started = time.monotonic()
        loop = asyncio.get_running_loop()
        try:
            frame = await loop.run_in_executor(
                self._opens, grab_keyframe, self._source.url, self._timeout
            )
        except (av.FFmpegError, OSError, ValueError) as exc:
            failure = classify(exc, time.monotonic() - started, self._timeout[0])
            self.trouble = Trouble(failure, redact(str(exc), self._source.secrets))
            self.link_lost = True
            return None
        self.trouble, self.link_lost, self.ever_played = None, False, True
        self.last_packet_at = time.monotonic()
        return KeyFrame(frame, self.last_packet_at)
