"""Diagnose one source offline: a video file or an RTSP URL, sampled as the gateway samples it.

The first usable sample becomes the reference view; each sample's findings are yielded with
its time in seconds from the start of the source.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import av

from stream_gateway.checks import CheckResult, check_signal
from stream_gateway.checks.reference import ReferenceView, reference_view
from stream_gateway.config import GatewayConfig
from stream_gateway.gateway import analyse
from stream_gateway.redaction import redact

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
    previous = None
    reference: ReferenceView | None = None
    for t, frame in keyframes(source, interval_s):
        sample, findings = analyse(frame, previous, reference, config)
        if reference is None:
            reference = reference_view(sample.gray, sample.bgr)
        previous = sample.gray
        yield Diagnosis(t, [check_signal(0.0, config.signal_timeout_s), *findings])


def keyframes(source: str, interval_s: float | None) -> Iterator[tuple[float, av.VideoFrame]]:
    """Decoded keyframes, at most one per `interval_s` of stream time (all when None)."""
    options = {"rtsp_transport": "tcp"} if source.startswith(("rtsp://", "rtsps://")) else {}
    try:
        container = av.open(source, options=options, timeout=(OPEN_TIMEOUT_S, READ_TIMEOUT_S))
    except (av.FFmpegError, OSError) as exc:
        raise UnreadableSource(f"cannot open {redact(source)}: {redact(str(exc))}") from None
    with container:
        if not container.streams.video:
            raise UnreadableSource(f"{redact(source)} holds no video stream")
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        yield from _sampled(container, stream, interval_s)


def _sampled(
    container: av.container.InputContainer, stream: av.VideoStream, interval_s: float | None
) -> Iterator[tuple[float, av.VideoFrame]]:
    start: float | None = None
    next_due = 0.0
    try:
        for frame in container.decode(stream):
            t = float(frame.time) if frame.time is not None else next_due
            start = t if start is None else start
            if interval_s is None or t - start >= next_due:
                next_due = (t - start) + (interval_s or 0.0)
                yield t - start, frame
    except av.FFmpegError as exc:
        raise UnreadableSource(f"{redact(str(exc))}") from None
