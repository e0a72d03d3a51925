"""The FastAPI application: REST, the live websocket and the frontend, over one event intake."""

from __future__ import annotations

import asyncio
import hashlib
import os
import socket
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import AbstractAsyncContextManager, AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI

from command_center.api import (
    alerts,
    areas,
    audit,
    auth,
    cameras,
    errors,
    health,
    live,
    sensors,
    users,
    walls,
)
from command_center.api.body_limit import BodyLimit, document_too_large
from command_center.api.docs import mount_api_docs
from command_center.api.security_headers import SecurityHeaders
from command_center.api.trusted_hosts import TrustedHosts, document_host_refusal
from command_center.api.walls import pair_local_display
from command_center.audit.chain import Action
from command_center.config import CentreConfig
from command_center.frontend import DEFAULT_DIST, mount_frontend
from command_center.metrics import Metrics
from command_center.services import Services
from command_center.store.database import Database, database_url
from events.bus import Bus, Subscription, bus_from_env
from events.schema import EVENT_KINDS, SENSOR_KINDS
from sensors.redis_input import ReadingStreamReader
from sensors.service import SENSOR_GROUP

# Redis consumer group of the intake: events it had not acknowledged when it stopped are
# delivered again, first and in order, when it starts under the same consumer name
# (`consumer_name`). One command centre process for now.
INTAKE_GROUP = "command-centre"
# What the metrics count: no snapshots (large, and their rate is the findings' anyway).
OBSERVED_KINDS = frozenset({"finding", "camera_status", "alert"})

# Something that runs beside the centre on the same bus while the app runs (the embedded
# gateway of `command-center serve`): entered once the centre takes events, left first.
Companion = Callable[[Bus], AbstractAsyncContextManager[None]]
# Routes whose bodies may pass the default 64 KiB (api/body_limit.py), with the reason beside
# each constant.
BODY_LIMITS = {"/api/sensors/readings": sensors.MAX_BODY_BYTES}


def consumer_name(config: CentreConfig) -> str:
    """This command centre among its groups' consumers, the same after a restart (a name per
    process would leave what it had read and not handled to another only after a minute's idle,
    behind newer events)."""
    return f"{socket.gethostname()}:{config.server.port}"


def start_sensors(
    services: Services, readings: Subscription, bus: Bus, environ: Mapping[str, str] = os.environ
) -> list[asyncio.Task[None]]:
    """The sensor service on the bus, its stale check and, with REDIS_URL set, the reader of
    the Redis stream of readings."""
    service = services.sensors
    tasks = [asyncio.create_task(service.consume(readings), name="sensor readings")]
    if not service.sensors:
        return tasks
    every_s = services.config.sensor_input.stale_check_s
    tasks.append(asyncio.create_task(service.watch_staleness(every_s), name="sensor staleness"))
    url = environ.get("REDIS_URL", "").strip()
    if url:
        reader = ReadingStreamReader(url, service.sensors, bus.publish)
        tasks.append(asyncio.create_task(reader.run(), name="sensor stream"))
    return tasks


async def record_config(services: Services) -> None:
    """Audits the configuration in force when it differs from the one last recorded."""
    digest = hashlib.sha256(services.config.model_dump_json().encode()).hexdigest()
    last = await services.audit.query(object_type="config", limit=1)
    if last and last[0].object_id == digest:
        return
    await services.audit.record(
        "system",
        Action.CONFIG_CHANGE,
        object_type="config",
        object_id=digest,
        detail={"change": "loaded at start"},
    )


def create_app(
    config: CentreConfig,
    bus: Bus | None = None,
    *,
    companion: Companion | None = None,
    frontend_dist: Path = DEFAULT_DIST,
    database: Database | None = None,
    admin_password: str | None = None,
    demo: bool = False,
) -> FastAPI:
    """The command centre. `companion` runs beside it on the same bus: the composition package
    passes the embedded gateway this way, so the centre never imports the gateway. The bus is
    Redis Streams when REDIS_URL is set, else in-process; the database is DATABASE_URL's, else
    SQLite under ./var/. `admin_password` makes the first admin of an
    empty database. `demo`: a wall page opened on this machine pairs itself."""
    event_bus = bus if bus is not None else bus_from_env()
    store = database if database is not None else Database(database_url())
    services = Services.build(config, event_bus.publish, store)
    metrics = Metrics(services)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await store.migrate()
        await services.hub.start()
        if admin_password is not None and await services.auth.ensure_first_admin(admin_password):
            await services.audit.record(
                "system",
                Action.USER_CHANGE,
                object_type="user",
                object_id="admin",
                detail={"change": "first admin"},
            )
        await record_config(services)
        await services.alert_store.load()
        saving = asyncio.create_task(services.alert_store.run(), name="alert store")
        me = consumer_name(config)
        subscription = event_bus.subscribe(kinds=EVENT_KINDS, group=INTAKE_GROUP, consumer=me)
        intake = asyncio.create_task(services.intake.consume(subscription), name="intake")
        observed = event_bus.subscribe(kinds=OBSERVED_KINDS)
        counting = asyncio.create_task(metrics.consume(observed), name="metrics")
        readings = event_bus.subscribe(kinds=SENSOR_KINDS, group=SENSOR_GROUP, consumer=me)
        sensor_tasks = start_sensors(services, readings, event_bus)
        try:
            async with AsyncExitStack() as beside:
                if companion is not None:
                    await beside.enter_async_context(companion(event_bus))
                yield
        finally:
            for task in (intake, counting, *sensor_tasks):
                task.cancel()
            for taken in (observed, readings, subscription):
                event_bus.unsubscribe(taken)
            await event_bus.aclose()
            saving.cancel()
            await asyncio.gather(saving, return_exceptions=True)
            await services.hub.stop()
            await store.aclose()

    app = FastAPI(
        title="Command centre", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None
    )
    app.state.services = services
    errors.install(app)
    app.state.bus = event_bus
    app.state.metrics = metrics
    for module in (auth, users, areas, cameras, alerts, walls, sensors, audit, live, health):
        app.include_router(module.router)
    mount_frontend(app, frontend_dist, pair_local_display if demo else None)
    mount_api_docs(app)
    app.add_middleware(BodyLimit, limits=BODY_LIMITS)
    app.add_middleware(TrustedHosts, names=config.server.trusted())  # before the body is read
    app.add_middleware(SecurityHeaders)  # outermost: on the 400s and 413s too
    plain_openapi = app.openapi

    def openapi() -> dict[str, Any]:
        """The same cached dict each time, with the middlewares' refusals (400, 413)."""
        return document_host_refusal(document_too_large(plain_openapi()))

    app.openapi = openapi  # type: ignore[method-assign]
    return app
