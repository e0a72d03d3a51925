"""Diagnose one source offline: a video file or an RTSP URL, sampled as the gateway samples it.

The first usable sample becomes the reference view; each sample's findings are yielded with
its time in seconds from the start of the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass

import av

from common.redaction import redact
from stream_gateway.checks import CheckResult, check_signal
from stream_gateway.checks.memory import CameraMemory, remembered
from stream_gateway.config import GatewayConfig
from stream_gateway.failures import UnusableStream
from stream_gateway.ingest import keyframe_stream, open_live
from stream_gateway.keyframe_checks import analyse

OPEN_TIMEOUT_S = 10.0
READ_TIMEOUT_S = 10.0


class UnreadableSource(Exception):
    """The source cannot be opened or holds no decodable video; str() says why."""


@dataclass(frozen=True, slots=True)
class Diagnosis:
    t: float
    findings: list[CheckResult]

    @property
    def failed(self) -> bool:
        return any(f.failed for f in self.findings)


def diagnose(source: str, config: GatewayConfig, interval_s: float | None) -> Iterator[Diagnosis]:
    memory = CameraMemory()
    for t, frame in keyframes(source, interval_s):
        sample, findings = analyse(frame, memory, config)
        memory = remembered(memory, sample.gray, sample.bgr, findings)
        yield Diagnosis(t, [check_signal(0.0, config.signal_timeout_s), *findings])


def keyframes(source: str, interval_s: float | None) -> Iterator[tuple[float, av.VideoFrame]]:
    """Decoded keyframes, at most one per `interval_s` of stream time (all when None)."""
    try:
        with _opened(source) as (container, stream):
            yield from _sampled(container, stream, interval_s)
    except (av.FFmpegError, OSError, UnusableStream) as exc:
        raise UnreadableSource(f"{redact(source)}: {redact(str(exc))}") from None


def _opened(
    source: str,
) -> AbstractContextManager[tuple[av.container.InputContainer, av.VideoStream]]:
    if source.startswith(("rtsp://", "rtsps://")):
        return open_live(source, (OPEN_TIMEOUT_S, READ_TIMEOUT_S))
    return _open_file(source)


@contextmanager
def _open_file(source: str) -> Iterator[tuple[av.container.InputContainer, av.VideoStream]]:
    with av.open(source) as container:
        yield container, keyframe_stream(container)


def _sampled(
    container: av.container.InputContainer, stream: av.VideoStream, interval_s: float | None
) -> Iterator[tuple[float, av.VideoFrame]]:
    start: float | None = None
    next_due = 0.0
    for frame in container.decode(stream):
        t = float(frame.time) if frame.time is not None else next_due
        start = t if start is None else start
        if interval_s is None or t - start >= next_due:
            next_due = (t - start) + (interval_s or 0.0)
            yield t - start, frame
