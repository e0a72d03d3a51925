"""Readings from the Redis stream, on a real redis-server: published, acked, malformed dropped."""

import asyncio
import uuid
from datetime import UTC, datetime

import redis.asyncio as aioredis

from events.schema import SensorReading
from sensors.config import SensorConfig
from sensors.redis_input import ReadingStreamReader

SENSORS = {"water-1": SensorConfig(id="water-1", name="River gauge", kind="water_level")}


async def wait_for(probe, timeout=5.0):
    for _ in range(int(timeout / 0.05)):
        if await probe():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_good_entries_are_published_and_every_entry_is_acked(redis_server, caplog):
    stream = f"test:{uuid.uuid4().hex}:sensor-readings"
    client = aioredis.from_url(redis_server.url, decode_responses=True)
    now = datetime.now(UTC).isoformat()
    await client.xadd(stream, {"sensor_id": "water-1", "ts": now, "value": "42.5"})
    await client.xadd(stream, {"sensor_id": "water-1", "ts": now, "value": "deep"})
    await client.xadd(stream, {"sensor_id": "nope", "ts": now, "value": "1"})
    await client.xadd(stream, {"garbage": "x"})
    published = []
    reader = ReadingStreamReader(redis_server.url, SENSORS, published.append, stream=stream)
    task = asyncio.create_task(reader.run())
    try:

        async def all_acked():
            groups = await client.xinfo_groups(stream)
            return groups and groups[0]["pending"] == 0 and groups[0]["entries-read"] == 4

        await wait_for(all_acked)
        assert published == [
            SensorReading(sensor_id="water-1", ts=datetime.fromisoformat(now), value=42.5)
        ]
        refused = [r.getMessage() for r in caplog.records if "refused" in r.getMessage()]
        assert len(refused) == 3 and any("unknown sensor" in m for m in refused)
        await client.xadd(stream, {"sensor_id": "water-1", "ts": now, "value": "7"})
        await wait_for(lambda: asyncio.sleep(0, len(published) == 2))
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.delete(stream)
        await client.aclose()
