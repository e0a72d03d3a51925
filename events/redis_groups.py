"""The consumer-group commands a subscription sends, each in one round trip."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

import redis.asyncio as aioredis

from events.redis_link import as_fields, is_existing_group
from events.streams import dead_letter

log = logging.getLogger(__name__)

Raw = tuple[str, bytes, dict[bytes, bytes]]  # stream, entry id, fields
Buried = tuple[str, bytes, dict[bytes, bytes], str]  # ..., and why it did not parse


def entries(reply: Any) -> list[Raw]:
    """(stream, id, fields) of an XREADGROUP reply: a RESP2 list or a RESP3 map."""
    if not reply:
        return []
    pairs = reply.items() if isinstance(reply, dict) else reply
    return [
        (stream.decode() if isinstance(stream, bytes) else stream, entry_id, fields or {})
        for stream, entries in pairs
        for entry_id, fields in entries
    ]


async def create_group(
    client: aioredis.Redis, streams: list[str], group: str, start: bytes
) -> None:
    """The group on each stream (and the stream), reading from `start`; one that exists stays."""
    async with client.pipeline(transaction=False) as pipe:
        for stream in streams:
            pipe.xgroup_create(stream, group, id=start, mkstream=True)
        results = await pipe.execute(raise_on_error=False)
    for result in results:
        if isinstance(result, Exception) and not is_existing_group(result):
            raise result


async def destroy_group(client: aioredis.Redis, streams: list[str], group: str) -> None:
    async with client.pipeline(transaction=False) as pipe:
        for stream in streams:
            pipe.xgroup_destroy(stream, group)
        await pipe.execute()


async def ack(client: aioredis.Redis, group: str, ids: Mapping[str, list[bytes]]) -> None:
    async with client.pipeline(transaction=False) as pipe:
        for stream, stream_ids in ids.items():
            pipe.xack(stream, group, *stream_ids)
        await pipe.execute()


async def bury(
    client: aioredis.Redis, dead: str, maxlen: int, group: str | None, buried: list[Buried]
) -> None:
    """Copy malformed entries to the dead-letter stream `dead`, and ack them in `group`."""
    async with client.pipeline(transaction=False) as pipe:
        for stream, entry_id, fields, reason in buried:
            pipe.xadd(dead, as_fields(dead_letter(stream, entry_id, fields, reason)), maxlen=maxlen)
            if group is not None:
                pipe.xack(stream, group, entry_id)
        await pipe.execute()
    for stream, entry_id, _, reason in buried:
        log.error("malformed entry %s on %s moved to %s: %s", entry_id, stream, dead, reason)
