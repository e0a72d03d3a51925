"""The gateway: a frame source and a sampler per camera, publishing events on the bus."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from events.bus import Subscription
from events.schema import CameraStatus, ConnectionState, LinkFailure, SetReference
from stream_gateway.analysis import ANALYSIS_WORKERS
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.failures import needs_operator
from stream_gateway.ingest import ReaderTimeouts, StreamReader, next_backoff
from stream_gateway.onvif import OnvifDevice, OnvifFailure, resolve_stream
from stream_gateway.onvif_source import SnapshotFallback
from stream_gateway.patrol import PerCheckGrabber
from stream_gateway.sampler import CameraSampler, Publish, utcnow
from stream_gateway.sources import MissingSecretError, StreamSource, stream_source

log = logging.getLogger(__name__)

FrameSources = StreamReader | PerCheckGrabber | SnapshotFallback


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
        self._sources: list[FrameSources] = []
        self._devices: list[OnvifDevice] = []
        self._tasks: list[asyncio.Task[None]] = []
        self._timeouts = ReaderTimeouts(
            config.open_timeout_s, config.read_timeout_s, config.reconnect_max_s
        )

    async def start(self) -> None:
        for camera in self._cameras:
            if camera.onvif is not None:
                self._spawn(self._start_onvif(camera), f"onvif-{camera.id}")
                continue
            try:
                source = stream_source(camera)
            except MissingSecretError as exc:
                log.error("%s", exc)
                self._publish_trouble(camera, LinkFailure.AUTH, str(exc))
                continue
            self._run(camera, self._frame_source(camera, source))
        if self._commands is not None:
            self._spawn(self._obey(self._commands), "commands")

    def _spawn(self, work: Coroutine[Any, Any, None], name: str) -> None:
        self._tasks.append(asyncio.create_task(work, name=name))

    def _run(self, camera: CameraConfig, frames: FrameSources) -> None:
        frames.start()
        self._sources.append(frames)
        sampler = CameraSampler(camera, self._config, frames, self._publish, self._pool)
        self._samplers[camera.id] = sampler
        self._spawn(sampler.run(), f"sampler-{camera.id}")

    def _frame_source(
        self, camera: CameraConfig, source: StreamSource
    ) -> StreamReader | PerCheckGrabber:
        if (camera.sampling or self._config.sampling) == "per_check":
            return PerCheckGrabber(source, self._timeouts, self._opens)
        return StreamReader(source, self._timeouts)

    async def _start_onvif(self, camera: CameraConfig) -> None:
        """Resolve the stream over ONVIF, retrying with backoff, then patrol it."""
        backoff = 0.0
        while True:
            try:
                resolved = await resolve_stream(camera)
                break
            except (OnvifFailure, MissingSecretError) as exc:
                failure = exc.failure if isinstance(exc, OnvifFailure) else LinkFailure.AUTH
                self._publish_trouble(camera, failure, str(exc))
                cap = self._config.reconnect_max_s
                backoff = next_backoff(cap if needs_operator(failure, False) else backoff, cap)
                await asyncio.sleep(backoff)
        self._devices.append(resolved.device)
        stream = self._frame_source(camera, resolved.source)
        self._run(camera, SnapshotFallback(stream, resolved.device, resolved.profile.token))

    def _publish_trouble(self, camera: CameraConfig, failure: LinkFailure, reason: str) -> None:
        state = ConnectionState.ERROR if needs_operator(failure, False) else ConnectionState.OFFLINE
        log.warning("camera %s: %s: %s", camera.id, failure, reason)
        self._publish(
            CameraStatus(
                camera_id=camera.id, ts=utcnow(), state=state, failure=failure, reason=reason
            )
        )

    async def _obey(self, commands: Subscription) -> None:
        async for command in commands:
            sampler = self._samplers.get(command.camera_id)
            if isinstance(command, SetReference) and sampler is not None:
                log.info("camera %s: new reference view requested", command.camera_id)
                sampler.renew_reference()
            commands.ack(command)

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await asyncio.to_thread(self._stop_sources)
        await asyncio.gather(*(d.close() for d in self._devices), return_exceptions=True)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._opens.shutdown(wait=False, cancel_futures=True)

    def _stop_sources(self) -> None:
        for source in self._sources:
            source.stop(join_timeout_s=0)
        for source in self._sources:
            source.stop(join_timeout_s=self._config.read_timeout_s + 1)
