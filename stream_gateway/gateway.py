"""The gateway: a frame source and a sampler per camera, publishing events on the bus.

Alone it patrols every camera of its config; with a `LeaseKeeper` it patrols the cameras it
holds leases for, taking and dropping them as gateways come and go.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from redis.exceptions import RedisError

from events.bus import Subscription
from events.schema import CameraStatus, ConnectionState, LinkFailure, SetReference
from stream_gateway.camera_sampler import CameraSampler, Publish, utcnow
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.failures import needs_operator
from stream_gateway.ingest import KeyframeReader, ReaderTimeouts, next_backoff
from stream_gateway.keyframe_checks import ANALYSIS_WORKERS
from stream_gateway.leases import LeaseKeeper
from stream_gateway.onvif import OnvifDevice, OnvifFailure, resolve_stream
from stream_gateway.onvif_source import SnapshotFallback
from stream_gateway.per_check_grabber import PerCheckGrabber
from stream_gateway.sources import MissingSecretError, StreamSource, stream_source

log = logging.getLogger(__name__)

FrameSources = KeyframeReader | PerCheckGrabber | SnapshotFallback


@dataclass
class _Patrol:
    """What runs for one camera, so it can be stopped when its lease goes elsewhere."""

    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    sources: list[FrameSources] = field(default_factory=list)
    devices: list[OnvifDevice] = field(default_factory=list)


class Gateway:
    def __init__(
        self,
        config: GatewayConfig,
        cameras: list[CameraConfig],
        publish: Publish,
        commands: Subscription | None = None,
        leases: LeaseKeeper | None = None,
    ) -> None:
        self._config = config
        self._cameras = {c.id: c for c in cameras}
        self._publish = publish
        self._commands = commands
        self._leases = leases
        self._samplers: dict[str, CameraSampler] = {}
        self._patrols: dict[str, _Patrol] = {}
        self._pool = ThreadPoolExecutor(ANALYSIS_WORKERS, thread_name_prefix="analysis")
        self._opens = ThreadPoolExecutor(config.max_concurrent_opens, thread_name_prefix="open")
        self._tasks: list[asyncio.Task[None]] = []
        self._timeouts = ReaderTimeouts(
            config.open_timeout_s, config.read_timeout_s, config.reconnect_max_s
        )

    @property
    def patrolled(self) -> set[str]:
        return set(self._patrols)

    async def start(self) -> None:
        if self._leases is None:
            for camera in self._cameras.values():
                self._add(camera)
        else:
            self._tasks.append(asyncio.create_task(self._share(self._leases), name="leases"))
        if self._commands is not None:
            self._tasks.append(asyncio.create_task(self._obey(self._commands), name="commands"))

    def _add(self, camera: CameraConfig) -> None:
        patrol = self._patrols[camera.id] = _Patrol()
        if camera.onvif is not None:
            self._spawn(patrol, self._start_onvif(camera, patrol), f"onvif-{camera.id}")
            return
        try:
            source = stream_source(camera)
        except MissingSecretError as exc:
            log.error("%s", exc)
            self._publish_trouble(camera, LinkFailure.AUTH, str(exc))
            return
        self._run(camera, patrol, self._frame_source(camera, source))

    def _spawn(self, patrol: _Patrol, work: Coroutine[Any, Any, None], name: str) -> None:
        patrol.tasks.append(asyncio.create_task(work, name=name))

    def _run(self, camera: CameraConfig, patrol: _Patrol, frames: FrameSources) -> None:
        frames.start()
        patrol.sources.append(frames)
        sampler = CameraSampler(camera, self._config, frames, self._publish, self._pool)
        self._samplers[camera.id] = sampler
        self._spawn(patrol, sampler.run(), f"sampler-{camera.id}")

    def _frame_source(
        self, camera: CameraConfig, source: StreamSource
    ) -> KeyframeReader | PerCheckGrabber:
        if (camera.sampling or self._config.sampling) == "per_check":
            return PerCheckGrabber(source, self._timeouts, self._opens)
        return KeyframeReader(source, self._timeouts)

    async def _start_onvif(self, camera: CameraConfig, patrol: _Patrol) -> None:
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
        patrol.devices.append(resolved.device)
        stream = self._frame_source(camera, resolved.source)
        fallback = SnapshotFallback(stream, resolved.device, resolved.profile.token)
        self._run(camera, patrol, fallback)

    def _publish_trouble(self, camera: CameraConfig, failure: LinkFailure, reason: str) -> None:
        state = ConnectionState.ERROR if needs_operator(failure, False) else ConnectionState.OFFLINE
        log.warning("camera %s: %s: %s", camera.id, failure, reason)
        self._publish(
            CameraStatus(
                camera_id=camera.id, ts=utcnow(), state=state, failure=failure, reason=reason
            )
        )

    async def _share(self, leases: LeaseKeeper) -> None:
        while True:
            try:
                change = await leases.cycle()
                dropped, taken = change.lost, change.gained
            except (RedisError, OSError) as exc:
                log.warning("leases: %s", exc)
                dropped, taken = leases.expire_unrenewed(time.monotonic()), []
            for camera_id in dropped:
                await self._drop(camera_id)
            for camera_id in taken:
                self._add(self._cameras[camera_id])
            if dropped or taken:
                log.info(
                    "leases: +%d -%d, patrolling %d", len(taken), len(dropped), len(self._patrols)
                )
            await asyncio.sleep(leases.interval_s)

    async def _drop(self, camera_id: str) -> None:
        patrol = self._patrols.pop(camera_id, None)
        self._samplers.pop(camera_id, None)
        if patrol is not None:
            await self._stop_patrols([patrol])

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
        await self._stop_patrols(list(self._patrols.values()))
        self._patrols.clear()
        if self._leases is not None:
            try:
                await self._leases.release_all()
            except (RedisError, OSError) as exc:
                log.warning("leases not released (they expire on their own): %s", exc)
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._opens.shutdown(wait=False, cancel_futures=True)

    async def _stop_patrols(self, patrols: list[_Patrol]) -> None:
        tasks = [t for p in patrols for t in p.tasks]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        sources = [s for p in patrols for s in p.sources]
        await asyncio.to_thread(self._stop_sources, sources)
        devices = [d.close() for p in patrols for d in p.devices]
        await asyncio.gather(*devices, return_exceptions=True)

    def _stop_sources(self, sources: list[FrameSources]) -> None:
        for source in sources:
            source.stop(join_timeout_s=0)
        for source in sources:
            source.stop(join_timeout_s=self._config.read_timeout_s + 1)
