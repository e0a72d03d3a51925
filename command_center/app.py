"""The FastAPI application: REST, the live websocket and the frontend, over one event intake."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from command_center.api import alerts, cameras, live, walls
from command_center.config import AppConfig
from command_center.frontend import DEFAULT_DIST, mount_frontend
from command_center.services import Services
from events.bus import InProcessBus
from events.schema import COMMAND_KINDS, EVENT_KINDS
from stream_gateway.gateway import Gateway


def create_app(
    config: AppConfig,
    bus: InProcessBus | None = None,
    *,
    run_gateway: bool = True,
    frontend_dist: Path = DEFAULT_DIST,
) -> FastAPI:
    """Embedded mode when `run_gateway`: the gateway runs in this process on the same bus."""
    event_bus = bus if bus is not None else InProcessBus()
    services = Services.build(config)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        subscription = event_bus.subscribe(kinds=EVENT_KINDS)
        intake = asyncio.create_task(services.intake.consume(subscription), name="intake")
        commands = event_bus.subscribe(kinds=COMMAND_KINDS)
        gateway = Gateway(config.gateway, config.cameras, event_bus.publish, commands)
        if run_gateway:
            await gateway.start()
        try:
            yield
        finally:
            await gateway.stop()
            intake.cancel()
            event_bus.unsubscribe(subscription)
            event_bus.unsubscribe(commands)

    app = FastAPI(title="Command centre", version="0.1.0", lifespan=lifespan)
    app.state.services = services
    app.state.bus = event_bus
    for module in (cameras, alerts, walls, live):
        app.include_router(module.router)
    mount_frontend(app, frontend_dist)
    return app
