"""The gateway: a frame source and a sampler per camera, publishing events on the bus."""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from events.bus import Subscription
from events.schema import CameraStatus, ConnectionState, LinkFailure, SetReference
from stream_gateway.analysis import ANALYSIS_WORKERS
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.ingest import ReaderTimeouts, StreamReader
from stream_gateway.patrol import PerCheckGrabber
from stream_gateway.sampler import CameraSampler, Publish, utcnow
from stream_gateway.sources import MissingSecretError, StreamSource, stream_source

log = logging.getLogger(__name__)


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
        self._opens = ThreadPoolExecutor(config.max_concurrent_opens, thread_name_prefix="open")
        self._sources: list[StreamReader | PerCheckGrabber] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._timeouts = ReaderTimeouts(
            config.open_timeout_s, config.read_timeout_s, config.reconnect_max_s
        )

    async def start(self) -> None:
        for camera in self._cameras:
            try:
                source = stream_source(camera)
            except MissingSecretError as exc:
                log.error("%s", exc)
                self._publish_missing_secret(camera, str(exc))
                continue
            frames = self._frame_source(camera, source)
            frames.start()
            self._sources.append(frames)
            sampler = CameraSampler(camera, self._config, frames, self._publish, self._pool)
            self._samplers[camera.id] = sampler
            self._tasks.append(asyncio.create_task(sampler.run(), name=f"sampler-{camera.id}"))
        if self._commands is not None:
            self._tasks.append(asyncio.create_task(self._obey(self._commands), name="commands"))

    def _frame_source(
        self, camera: CameraConfig, source: StreamSource
    ) -> StreamReader | PerCheckGrabber:
        if (camera.sampling or self._config.sampling) == "per_check":
            return PerCheckGrabber(source, self._timeouts, self._opens)
        return StreamReader(source, self._timeouts)

    def _publish_missing_secret(self, camera: CameraConfig, reason: str) -> None:
        self._publish(
            CameraStatus(
                camera_id=camera.id,
                ts=utcnow(),
                state=ConnectionState.ERROR,
                failure=LinkFailure.AUTH,
                reason=reason,
            )
        )

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
        await asyncio.to_thread(self._stop_sources)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._opens.shutdown(wait=False, cancel_futures=True)

    def _stop_sources(self) -> None:
        for source in self._sources:
            source.stop(join_timeout_s=0)
        for source in self._sources:
            source.stop(join_timeout_s=self._config.read_timeout_s + 1)
