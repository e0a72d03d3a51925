"""One camera's patrol: a sample per interval from its frame source, turned into events."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Protocol

import av

from common.debounce import AlertEffect
from events.schema import (
    CHECK_SEVERITY,
    Alert,
    AlertPhase,
    CameraStatus,
    ConnectionState,
    Event,
    Finding,
    Snapshot,
)
from stream_gateway.camera_health import CameraHealth
from stream_gateway.checks import CheckResult, check_signal, check_silence
from stream_gateway.checks.memory import CameraMemory, remembered
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.failures import needs_operator
from stream_gateway.ingest import KeyFrame, Trouble
from stream_gateway.keyframe_checks import analyse
from stream_gateway.link import LinkEvent

log = logging.getLogger(__name__)

Publish = Callable[[Event], None]


class FrameSource(Protocol):
    """A held-open reader or a per-check grabber, as the sampler sees them."""

    @property
    def trouble(self) -> Trouble | None: ...
    @property
    def last_packet_at(self) -> float: ...
    @property
    def link_lost(self) -> bool: ...
    @property
    def ever_played(self) -> bool: ...

    async def next_keyframe(self) -> KeyFrame | None: ...


def utcnow() -> datetime:
    return datetime.now(UTC)


class CameraSampler:
    """Takes one sample per interval from a frame source and turns it into events."""

    def __init__(
        self,
        camera: CameraConfig,
        config: GatewayConfig,
        source: FrameSource,
        publish: Publish,
        pool: ThreadPoolExecutor,
    ) -> None:
        self.camera = camera
        self._config = config
        self._source = source
        self._publish = publish
        self._pool = pool
        self._health = CameraHealth()
        self._memory = CameraMemory()
        self._rule = config.alerts.rule()
        self._last_frame_at = time.monotonic()
        self._published: tuple[ConnectionState, Trouble | None] | None = None

    async def run(self) -> None:
        self._publish_status()
        while True:
            try:
                await self.tick()
            except Exception:  # a bug on one camera's frame must not end that camera's patrol
                log.exception("camera %s: sampling failed", self.camera.id)
            await asyncio.sleep(self._config.sample_interval_s)

    def renew_reference(self) -> None:
        """The next sample that passes the absolute checks becomes the reference view."""
        self._memory = self._memory.renewed()

    async def tick(self) -> None:
        keyframe = await self._source.next_keyframe()
        if keyframe is not None:
            await self._sample(keyframe)
            return
        silence = self._silence(time.monotonic())
        if silence is not None:
            trouble = self._source.trouble
            misconfigured = trouble is not None and needs_operator(
                trouble.failure, self._source.ever_played
            )
            self._link(LinkEvent.MISCONFIGURED if misconfigured else LinkEvent.SIGNAL_LOST)
            self._judge([silence])

    def _silence(self, now: float) -> CheckResult | None:
        return check_silence(
            now - self._source.last_packet_at,
            now - self._last_frame_at,
            self._config.signal_timeout_s,
            self._config.keyframe_timeout_s,
            link_up=not self._source.link_lost,
        )

    async def _sample(self, keyframe: KeyFrame) -> None:
        frame, decoded_at = keyframe.frame, keyframe.decoded_at
        loop = asyncio.get_running_loop()
        try:
            sample, checked = await loop.run_in_executor(
                self._pool,
                analyse,
                frame,
                self._memory,
                self._config,
                self.camera,
            )
        except (ValueError, MemoryError, av.FFmpegError) as exc:
            log.warning("camera %s: unusable frame: %s", self.camera.id, exc)
            return
        results = [check_signal(time.monotonic() - decoded_at, self._config.signal_timeout_s)]
        results += checked
        self._memory = remembered(self._memory, sample.gray, sample.bgr, checked)
        self._last_frame_at = decoded_at
        self._link(LinkEvent.FALLBACK_FRAME if keyframe.fallback else LinkEvent.FRAME)
        self._publish(
            Snapshot(
                camera_id=self.camera.id,
                ts=utcnow(),
                jpeg=sample.jpeg,
                width=sample.width,
                height=sample.height,
            )
        )
        self._judge(results, sample.jpeg)

    def _judge(self, results: list[CheckResult], evidence: bytes | None = None) -> None:
        now = utcnow()
        for result in results:
            self._publish(
                Finding(
                    camera_id=self.camera.id,
                    ts=now,
                    check=result.check,
                    verdict=result.verdict,
                    score=result.score,
                    threshold=result.threshold,
                )
            )
        for change in self._health.observe(results, self._rule, time.monotonic()):
            state: AlertPhase = "raised" if change.effect is AlertEffect.RAISE else "cleared"
            if change.confirms:  # every check of every camera at start: not news
                log.debug("camera %s: %s confirmed clear", self.camera.id, change.check)
            else:
                log.info("camera %s: %s %s", self.camera.id, change.check, state)
            self._publish(
                Alert(
                    camera_id=self.camera.id,
                    ts=now,
                    check=change.check,
                    state=state,
                    score=change.score,
                    severity=CHECK_SEVERITY[change.check],
                    region=change.region,
                    evidence_jpeg=evidence if state == "raised" else None,
                )
            )

    def _link(self, event: LinkEvent) -> None:
        self._health.link_event(event, time.monotonic(), self._config.stable_after_s)
        self._publish_status()

    def _publish_status(self) -> None:
        """Publish the state when it changed, or when its reason first became known."""
        state = self._health.link.state
        trouble = self._source.trouble if state in _TROUBLED else None
        if not _worth_telling(self._published, state, trouble):
            return
        self._published = (state, trouble)
        self._publish(
            CameraStatus(
                camera_id=self.camera.id,
                ts=utcnow(),
                state=state,
                failure=trouble.failure if trouble else None,
                reason=trouble.reason if trouble else "",
            )
        )


_TROUBLED = frozenset({ConnectionState.DEGRADED, ConnectionState.OFFLINE, ConnectionState.ERROR})


def _worth_telling(
    published: tuple[ConnectionState, Trouble | None] | None,
    state: ConnectionState,
    trouble: Trouble | None,
) -> bool:
    """A new state, or the first reason for the current one (a hung open is known as such
    only when its timeout fires, after the camera went offline). A reason that merely
    changes (ended, then refused) is not news: one offline event per outage."""
    if published is None or published[0] is not state:
        return True
    return published[1] is None and trouble is not None
