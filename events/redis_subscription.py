"""One subscription read from Redis streams through a consumer group.

Named group (at least once): on start the consumer first re-reads its own pending entries
(id 0), those it took and had not acked before a crash; then new ones (XREADGROUP > with
BLOCK). Every half CLAIM_IDLE_S it takes over (XAUTOCLAIM) entries that another consumer of
the group has held unacked for CLAIM_IDLE_S: that consumer is taken as dead. Acks wait
locally and go in one round trip before the next read, and at close.

No group: a group of its own read with NOACK (at most once, nothing pending), destroyed
at close.

An entry that does not parse is logged with its id, copied to the dead-letter stream and
acked. An entry trimmed away while pending is acked and skipped. When the group is missing
(Redis restarted without persistence) it is created again from the start of the stream,
which then holds only what came since the restart.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import redis.asyncio as aioredis
from redis.exceptions import RedisError
from redis.typing import KeyT, StreamIdT

from events.ports import IteratesEvents, SubscriptionClosed
from events.redis_groups import Buried, Raw, ack, bury, create_group, destroy_group, entries
from events.redis_link import (
    REDIS_DOWN,
    Outage,
    is_missing_group,
    raise_if_cancelling,
)
from events.schema import Event
from events.streams import (
    DEFAULT_MAXLEN,
    Family,
    MalformedEntry,
    StreamNames,
    decode,
    kind_of,
)

log = logging.getLogger(__name__)

READ_COUNT = 100  # entries a read: a burst costs one round trip per 100 events
# The longest a read waits for new entries; acks and the claim check wait for it too.
READ_BLOCK_MS = 1_000
# Silent this long, a consumer is taken as dead and its entries go to another: an event is
# processed in milliseconds, and a consumer restarted under its own name re-reads its own.
CLAIM_IDLE_S = 60.0
# At close, how long to wait for the writer to have created a group before destroying it.
CLOSE_WAIT_S = 1.0


@dataclass(frozen=True)
class ReadSettings:
    count: int = READ_COUNT
    block_ms: int = READ_BLOCK_MS
    claim_idle_s: float = CLAIM_IDLE_S
    dead_maxlen: int = DEFAULT_MAXLEN[Family.DEAD]

    def bounded(self, maxsize: int) -> ReadSettings:
        return replace(self, count=max(1, min(self.count, maxsize)))


@dataclass(frozen=True)
class GroupRef:
    name: str
    consumer: str
    durable: bool  # a named group: entries stay pending until acked


class RedisSubscription(IteratesEvents):
    def __init__(
        self,
        client: aioredis.Redis,
        names: StreamNames,
        streams: list[str],
        kinds: frozenset[str] | None,
        group: GroupRef,
        settings: ReadSettings,
        ready: list[asyncio.Event],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._client = client
        self._dead = names.of(Family.DEAD)
        self._streams = streams
        self._kinds = kinds
        self._group = group
        self._settings = settings
        self._ready = ready  # the writer has created the group on each stream
        self._clock = clock
        self._buffer: deque[Event] = deque()
        self._delivered: dict[int, tuple[str, bytes, Event]] = {}  # id(event) -> its entry
        self._held: set[tuple[str, bytes]] = set()  # delivered, not acked
        self._acks: defaultdict[str, list[bytes]] = defaultdict(list)
        self._pending_from: dict[KeyT, StreamIdT] | None = (
            dict.fromkeys(streams, b"0") if group.durable else None
        )
        self._claim_from = dict.fromkeys(streams, b"0-0")
        self._next_claim = 0.0
        self._lost_group = False
        self._regrouped = False
        self._outage = Outage(f"subscriber {group.consumer} of {group.name}")
        self._closed = False
        self._ended = asyncio.Event()  # wakes a `get` waiting for the group to be created
        self._released = False

    async def get(self) -> Event:
        while True:
            if self._closed:
                raise SubscriptionClosed
            if self._buffer:
                return self._buffer.popleft()
            raise_if_cancelling()
            await self._fill()

    def ack(self, event: Event) -> None:
        held = self._delivered.pop(id(event), None)
        if held is not None:
            stream, entry_id, _ = held
            self._held.discard((stream, entry_id))
            self._acks[stream].append(entry_id)

    def end(self) -> None:
        """Deliver nothing more, at once; `release` then tells Redis."""
        self._closed = True
        self._ended.set()

    async def close(self) -> None:
        self.end()
        await self.release()

    async def release(self) -> None:
        """Send the acks still waiting; a group-less subscription's group is destroyed."""
        if self._released:
            return
        self._released = True
        try:
            await self._flush_acks()
            if not self._group.durable:
                await self._destroy_group()
        except (*REDIS_DOWN, RedisError) as exc:
            log.warning("subscriber %s: closed without redis (%s)", self._group.consumer, exc)

    async def _fill(self) -> None:
        try:
            await self._prepare()
            await self._accept(await self._read())
            self._outage.over()
            self._regrouped = False
        except (*REDIS_DOWN, RedisError) as exc:
            if self._closed:
                return
            if is_missing_group(exc) and not self._regrouped:
                self._lost_group = True  # created again at once; if that does not help, backoff
            else:
                await self._outage.wait(exc)

    async def _prepare(self) -> None:
        if not all(ready.is_set() for ready in self._ready):
            await self._wait_created()
        if self._lost_group:
            log.warning("group %s was missing (redis restarted?): created again", self._group.name)
            await create_group(self._client, self._streams, self._group.name, start=b"0")
            self._lost_group = False
            self._regrouped = True
        await self._flush_acks()

    async def _wait_created(self) -> None:
        """Until the bus's writer has created the group, or this subscription ends."""
        waiters: set[asyncio.Future[Any]] = {
            asyncio.ensure_future(asyncio.gather(*(ready.wait() for ready in self._ready))),
            asyncio.ensure_future(self._ended.wait()),
        }
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for waiter in waiters:
                waiter.cancel()

    async def _read(self) -> list[Raw]:
        if self._pending_from is not None:
            raws = await self._read_pending(self._pending_from)
            if raws:
                return raws
            self._pending_from = None
        if self._group.durable and self._clock() >= self._next_claim:
            self._next_claim = self._clock() + self._settings.claim_idle_s / 2
            raws = await self._claim()
            if raws:
                return raws
        reply = await self._client.xreadgroup(
            self._group.name,
            self._group.consumer,
            dict.fromkeys(self._streams, b">"),
            count=self._settings.count,
            block=self._settings.block_ms,
            noack=not self._group.durable,
        )
        return entries(reply)

    async def _read_pending(self, since: dict[KeyT, StreamIdT]) -> list[Raw]:
        """This consumer's own entries, taken before a crash and not acked."""
        group, consumer = self._group.name, self._group.consumer
        reply = await self._client.xreadgroup(group, consumer, since, count=self._settings.count)
        raws = entries(reply)
        for stream, entry_id, _ in raws:
            since[stream] = entry_id
        return raws

    async def _claim(self) -> list[Raw]:
        """Entries other consumers of the group have held for too long."""
        idle_ms = int(self._settings.claim_idle_s * 1000)
        raws: list[Raw] = []
        for stream in self._streams:
            cursor, claimed, *_ = await self._client.xautoclaim(
                stream,
                self._group.name,
                self._group.consumer,
                idle_ms,
                start_id=self._claim_from[stream],
                count=self._settings.count,
            )
            self._claim_from[stream] = cursor
            raws += [(stream, i, f or {}) for i, f in claimed if (stream, i) not in self._held]
        if raws:
            log.warning("subscriber %s took over %d entries", self._group.consumer, len(raws))
        return raws

    async def _accept(self, raws: list[Raw]) -> None:
        buried: list[Buried] = []
        for stream, entry_id, fields in raws:
            if not fields or not self._wants(kind_of(fields)):  # or trimmed while pending
                self._acks[stream].append(entry_id)
                continue
            try:
                event = decode(fields)
            except MalformedEntry as exc:
                buried.append((stream, entry_id, fields, str(exc)))
                continue
            if not self._wants(event.kind):
                self._acks[stream].append(entry_id)
                continue
            self._deliver(stream, entry_id, event)
        if buried:
            group = self._group.name if self._group.durable else None
            await bury(self._client, self._dead, self._settings.dead_maxlen, group, buried)

    def _wants(self, kind: str | None) -> bool:
        return self._kinds is None or kind is None or kind in self._kinds

    def _deliver(self, stream: str, entry_id: bytes, event: Event) -> None:
        self._buffer.append(event)
        if self._group.durable:
            self._delivered[id(event)] = (stream, entry_id, event)
            self._held.add((stream, entry_id))

    async def _flush_acks(self) -> None:
        if not self._group.durable or not self._acks:
            self._acks.clear()
            return
        acks, self._acks = self._acks, defaultdict(list)
        try:
            await ack(self._client, self._group.name, acks)
        except BaseException:
            for stream, ids in acks.items():
                self._acks[stream][:0] = ids
            raise

    async def _destroy_group(self) -> None:
        try:
            await asyncio.wait_for(asyncio.gather(*(r.wait() for r in self._ready)), CLOSE_WAIT_S)
        except TimeoutError:
            return  # never created while redis was away: nothing to destroy
        await destroy_group(self._client, self._streams, self._group.name)
