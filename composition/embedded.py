"""The centre and the gateway in one process (`command-center serve`, `demo`): the gateway runs
as the centre app's companion on the same bus. The only place that builds both."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from fastapi import FastAPI

from command_center.app import create_app
from composition.config import AppConfig
from events.bus import Bus
from events.schema import COMMAND_KINDS
from stream_gateway.gateway import Gateway

EMBEDDED_GATEWAY_ID = "embedded"


def embedded_gateway(
    config: AppConfig, gateway_id: str = EMBEDDED_GATEWAY_ID
) -> Callable[[Bus], AbstractAsyncContextManager[None]]:
    """A gateway for all the config's cameras, obeying the commands sent to it on the bus."""

    @asynccontextmanager
    async def running(bus: Bus) -> AsyncIterator[None]:
        commands = bus.subscribe(kinds=COMMAND_KINDS, group=gateway_id, consumer=gateway_id)
        gateway = Gateway(config.gateway, config.cameras, bus.publish, commands)
        await gateway.start()
        try:
            yield
        finally:
            await gateway.stop()

    return running


def system_app(config: AppConfig, *, run_gateway: bool = True, **options: Any) -> FastAPI:
    """The command centre's app, with the embedded gateway unless `run_gateway` is False (the
    cameras are then patrolled by `command-center gateway` processes on the Redis bus)."""
    companion = embedded_gateway(config) if run_gateway else None
    return create_app(config.centre(), companion=companion, **options)
