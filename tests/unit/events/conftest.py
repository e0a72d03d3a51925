"""The `bus` fixture: each contract test runs on the in-process bus and on Redis Streams."""

import uuid

import pytest

from events.bus import InProcessBus
from events.redis_bus import RedisBus
from events.streams import StreamNames


@pytest.fixture(params=["memory", "redis"])
async def bus(request):
    if request.param == "memory":
        yield InProcessBus()
        return
    server = request.getfixturevalue("redis_server")
    redis_bus = RedisBus(server.url, names=StreamNames(f"test-{uuid.uuid4().hex[:8]}"))
    yield redis_bus
    await redis_bus.aclose()
