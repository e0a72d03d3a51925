"""`command-center gateway`: a gateway process of its own, on the Redis Streams bus.

The command centre (`command-center serve --no-gateway`) and any number of these share the
bus named by REDIS_URL. Until cameras are shared out by leases, give each gateway its own
config with its own cameras.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket

from command_center.app import embedded_gateway
from command_center.config import AppConfig
from events.bus import bus_from_env

log = logging.getLogger(__name__)


def default_gateway_id() -> str:
    return f"{socket.gethostname()}-{os.getpid()}"


def run(config: AppConfig, gateway_id: str) -> int:
    if not os.environ.get("REDIS_URL", "").strip():
        print("error: a gateway process needs the bus: set REDIS_URL (e.g. redis://localhost:6379)")
        return 2
    asyncio.run(_serve(config, gateway_id))
    return 0


async def _serve(config: AppConfig, gateway_id: str) -> None:
    bus = bus_from_env()
    gateway = embedded_gateway(config, bus, gateway_id)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    await gateway.start()
    log.info("gateway %s: %d cameras, bus %s", gateway_id, len(config.cameras), "redis")
    try:
        await stopping.wait()
    finally:
        await gateway.stop()
        await bus.aclose()
