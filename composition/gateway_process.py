"""`command-center gateway`: a gateway process of its own, on the Redis Streams bus.

The command centre (`command-center serve --no-gateway`) and any number of these share the
bus named by REDIS_URL; the gateways share the config's cameras through leases in the same
Redis (stream_gateway/leases.py): start as many as the cameras need, stop or lose any.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import socket

import redis.asyncio

from composition.config import AppConfig
from events.bus import bus_from_env
from events.schema import COMMAND_KINDS
from stream_gateway.gateway import Gateway
from stream_gateway.leases import LeaseKeeper

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
    client = redis.asyncio.from_url(os.environ["REDIS_URL"])
    cameras = [c.id for c in config.cameras]
    leases = LeaseKeeper(client, gateway_id, cameras, config.gateway.lease_s)
    commands = bus.subscribe(kinds=COMMAND_KINDS, group=gateway_id, consumer=gateway_id)
    gateway = Gateway(config.gateway, config.cameras, bus.publish, commands, leases)
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    await gateway.start()
    log.info("gateway %s: sharing %d cameras with the other gateways", gateway_id, len(cameras))
    try:
        await stopping.wait()
    finally:
        await gateway.stop()
        await bus.aclose()
        await client.aclose()
