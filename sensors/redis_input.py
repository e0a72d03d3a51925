"""Readings from the Redis stream `cc:sensor-readings` (with REDIS_URL set): entries with the
fields sensor_id, ts, value, read through the consumer group `command-centre`.

Each entry is checked as an API reading is (sensors/readings.py) and published on the bus; it
is acked once handled. A malformed entry is logged with its id and reason and acked too: sent
again it would be just as malformed. After a crash the consumer first re-reads its own entries
it had not acked. Redis down: retried every RETRY_S.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import cast

import redis.asyncio as aioredis
from redis.exceptions import RedisError, ResponseError

from events.redis_link import raise_if_cancelling
from events.schema import Event, SensorReading
from sensors.config import READINGS_STREAM, SensorConfig
from sensors.readings import check_reading

log = logging.getLogger(__name__)

READINGS_GROUP = "command-centre"
CONSUMER = "command-centre-1"  # one command centre process for now (issue 5 shares them)
READ_COUNT = 100  # entries a read: a burst costs one round trip per 100 readings
READ_BLOCK_MS = 1_000  # the longest a read waits for new entries
RETRY_S = 2.0  # Redis unreachable: try again this often, logging each failure once


class ReadingStreamReader:
    def __init__(
        self,
        url: str,
        sensors: Mapping[str, SensorConfig],
        publish: Callable[[Event], None],
        stream: str = READINGS_STREAM,
        consumer: str = CONSUMER,
    ) -> None:
        self._url = url
        self._sensors = sensors
        self._publish = publish
        self._stream = stream
        self._consumer = consumer
        self._from = "0"  # first this consumer's pending entries, then new ones (">")

    async def run(self) -> None:
        client = aioredis.from_url(self._url, decode_responses=True)
        try:
            while True:
                try:
                    await self._create_group(client)
                    while True:
                        raise_if_cancelling()
                        await self._read_some(client)
                except (RedisError, OSError) as exc:
                    raise_if_cancelling()
                    log.warning(
                        "sensor stream %s: %s; retrying in %g s", self._stream, exc, RETRY_S
                    )
                    await asyncio.sleep(RETRY_S)
        finally:
            await client.aclose()

    async def _create_group(self, client: aioredis.Redis) -> None:
        try:
            await client.xgroup_create(self._stream, READINGS_GROUP, id="0", mkstream=True)
        except ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    async def _read_some(self, client: aioredis.Redis) -> None:
        reply = await client.xreadgroup(
            READINGS_GROUP,
            self._consumer,
            {self._stream: self._from},
            count=READ_COUNT,
            block=READ_BLOCK_MS,
        )
        # redis-py types a reply as anything a command may return; XREADGROUP's is
        # [(stream, [(entry id, fields), ...]), ...], decoded to str by the client.
        streams = cast(list[tuple[str, list[tuple[str, dict[str, str]]]]], reply or [])
        entries = [entry for _, stream_entries in streams for entry in stream_entries]
        if not entries and self._from == "0":
            self._from = ">"
        for entry_id, fields in entries:
            self.handle(entry_id, fields or {})
        if entries:
            await client.xack(self._stream, READINGS_GROUP, *(entry_id for entry_id, _ in entries))

    def handle(self, entry_id: str, fields: Mapping[str, str]) -> None:
        """Publish the entry's reading, or log why it is refused."""
        raw: dict[str, object] = dict(fields)
        try:
            raw["value"] = float(fields.get("value", ""))
        except ValueError:
            log.warning("sensor stream entry %s refused: value: not a number", entry_id)
            return
        checked = check_reading(raw, 0, self._sensors, datetime.now(UTC))
        if isinstance(checked, SensorReading):
            self._publish(checked)
        else:
            log.warning(
                "sensor stream entry %s refused: %s: %s", entry_id, checked.field, checked.reason
            )
