"""The gateway: a reader and a sampler per camera, publishing events on the bus."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, datetime

import av
import numpy as np
import numpy.typing as npt

from events.bus import Subscription
from events.schema import (
    CHECK_SEVERITY,
    Alert,
    CameraStatus,
    ConnectionState,
    Event,
    Finding,
    SetReference,
    Snapshot,
)
from stream_gateway.checks import CheckResult, check_signal, check_silence
from stream_gateway.checks.reference import ReferenceView, reference_view
from stream_gateway.checks.suite import check_frame
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.health import AlertEffect, LinkEvent
from stream_gateway.ingest import ReaderTimeouts, StreamReader
from stream_gateway.monitor import CameraHealth
from stream_gateway.profiles import mask_ignored, thresholds_for
from stream_gateway.sampling import Sample, take_sample
from stream_gateway.sources import MissingSecretError, stream_source

log = logging.getLogger(__name__)

Publish = Callable[[Event], None]
# Frame conversion and checks are short and release the GIL; two workers keep both cores busy.
ANALYSIS_WORKERS = 2


def utcnow() -> datetime:
    return datetime.now(UTC)


def analyse(
    frame: av.VideoFrame,
    previous: npt.NDArray[np.uint8] | None,
    reference: ReferenceView | None,
    config: GatewayConfig,
    camera: CameraConfig | None = None,
    clock: dt.time | None = None,
) -> tuple[Sample, list[CheckResult]]:
    """Convert and check one keyframe; runs in the analysis pool. The sample's gray and bgr
    come back with the camera's ignored regions masked, as the checks saw them."""
    taken = take_sample(frame, config.snapshot_width, config.sample_width)
    regions = camera.ignore if camera is not None else []
    sample = replace(
        taken, gray=mask_ignored(taken.gray, regions), bgr=mask_ignored(taken.bgr, regions)
    )
    local = clock if clock is not None else dt.datetime.now().time()
    thresholds = thresholds_for(camera, config, local, float(sample.gray.mean()))
    return sample, check_frame(sample.gray, sample.bgr, previous, reference, thresholds)


class CameraSampler:
    """Takes one sample per interval from a reader and turns it into events."""

    def __init__(
        self,
        camera: CameraConfig,
        config: GatewayConfig,
        reader: StreamReader,
        publish: Publish,
        pool: ThreadPoolExecutor,
    ) -> None:
        self.camera = camera
        self._config = config
        self._reader = reader
        self._publish = publish
        self._pool = pool
        self._health = CameraHealth()
        self._previous: npt.NDArray[np.uint8] | None = None
        self._reference: ReferenceView | None = None
        self._rule = config.alerts.rule()
        self._last_frame_at = time.monotonic()

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
        self._reference = None

    async def tick(self) -> None:
        keyframe = self._reader.take_latest()
        if keyframe is not None:
            await self._sample(keyframe.frame, keyframe.decoded_at)
            return
        silence = self._silence(time.monotonic())
        if silence is not None:
            self._link(LinkEvent.SIGNAL_LOST)
            self._judge([silence])

    def _silence(self, now: float) -> CheckResult | None:
        return check_silence(
            now - self._reader.last_packet_at,
            now - self._last_frame_at,
            self._config.signal_timeout_s,
            self._config.keyframe_timeout_s,
            link_up=not self._reader.link_lost,
        )

    async def _sample(self, frame: av.VideoFrame, decoded_at: float) -> None:
        loop = asyncio.get_running_loop()
        try:
            sample, checked = await loop.run_in_executor(
                self._pool,
                analyse,
                frame,
                self._previous,
                self._reference,
                self._config,
                self.camera,
            )
        except (ValueError, MemoryError, av.FFmpegError) as exc:
            log.warning("camera %s: unusable frame: %s", self.camera.id, exc)
            return
        results = [check_signal(time.monotonic() - decoded_at, self._config.signal_timeout_s)]
        results += checked
        self._previous = sample.gray
        if self._reference is None and not any(r.failed for r in checked):
            self._reference = reference_view(sample.gray, sample.bgr)
        self._last_frame_at = decoded_at
        self._link(LinkEvent.FRAME)
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
            state = "raised" if change.effect is AlertEffect.RAISE else "cleared"
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
        if self._health.link_event(event):
            self._publish_status()

    def _publish_status(self) -> None:
        reason = self._reader.last_error if self._health.link is ConnectionState.OFFLINE else ""
        self._publish(
            CameraStatus(
                camera_id=self.camera.id, ts=utcnow(), state=self._health.link, reason=reason
            )
        )


class Gateway:
    def __init__(
        self,
        config: GatewayConfig,
        cameras: list[CameraConfig],
        publish: Publish,
        commands: Subscription | None = None,
    ) -> None:
        self._config = config
        self._cameras = cameras
        self._publish = publish
        self._commands = commands
        self._samplers: dict[str, CameraSampler] = {}
        self._pool = ThreadPoolExecutor(ANALYSIS_WORKERS, thread_name_prefix="analysis")
        self._readers: list[StreamReader] = []
        self._tasks: list[asyncio.Task[None]] = []

    async def start(self) -> None:
        timeouts = ReaderTimeouts(
            self._config.open_timeout_s, self._config.read_timeout_s, self._config.reconnect_max_s
        )
        for camera in self._cameras:
            try:
                source = stream_source(camera)
            except MissingSecretError as exc:
                log.error("%s", exc)
                self._publish(
                    CameraStatus(
                        camera_id=camera.id,
                        ts=utcnow(),
                        state=ConnectionState.OFFLINE,
                        reason=str(exc),
                    )
                )
                continue
            reader = StreamReader(source, timeouts)
            reader.start()
            self._readers.append(reader)
            sampler = CameraSampler(camera, self._config, reader, self._publish, self._pool)
            self._samplers[camera.id] = sampler
            self._tasks.append(asyncio.create_task(sampler.run(), name=f"sampler-{camera.id}"))
        if self._commands is not None:
            self._tasks.append(asyncio.create_task(self._obey(self._commands), name="commands"))

    async def _obey(self, commands: Subscription) -> None:
        async for command in commands:
            sampler = self._samplers.get(command.camera_id)
            if isinstance(command, SetReference) and sampler is not None:
                log.info("camera %s: new reference view requested", command.camera_id)
                sampler.renew_reference()

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await asyncio.to_thread(self._stop_readers)
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _stop_readers(self) -> None:
        for reader in self._readers:
            reader.stop(join_timeout_s=0)
        for reader in self._readers:
            reader.stop(join_timeout_s=self._config.read_timeout_s + 1)
