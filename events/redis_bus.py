"""The Redis Streams bus: several processes, several machines (REDIS_URL).

`publish` queues the event locally (events/outbox.py: bounded, alerts never dropped) and one
writer task appends the queue to the streams in pipelined batches of up to WRITE_BATCH
entries, each stream bounded by XADD MAXLEN ~ (events/streams.py). When Redis is away the
writer keeps the queue and retries with backoff (events/redis_link.py); what a pipeline had
written before the connection broke is written again, so delivery is at least once.
Subscriptions read with consumer groups (events/redis_subscription.py).

Call `subscribe` and `unsubscribe` from the event loop that runs the bus; `publish` too, or
from any thread once the bus has been used on its loop.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Mapping
from dataclasses import replace

from redis.exceptions import RedisError

from events.outbox import Entry, GroupOp, Outbox, Outgoing
from events.ports import DEFAULT_QUEUE_SIZE, Subscription, on_loop
from events.redis_link import (
    REDIS_DOWN,
    Outage,
    as_fields,
    connect,
    is_existing_group,
    is_transient,
    raise_if_cancelling,
)
from events.redis_subscription import GroupRef, ReadSettings, RedisSubscription
from events.schema import Event
from events.streams import DEFAULT_MAXLEN, Family, GatewayOf, StreamNames, encode

log = logging.getLogger(__name__)

# One round trip for a burst (a patrol round of 100 cameras is ~1,000 findings): ~100 KB
# of findings, ~25 MB at worst if all are snapshots (one per camera is ever queued).
WRITE_BATCH = 500
# At close, how long queued events may take to reach Redis before they are given up.
FLUSH_TIMEOUT_S = 5.0


class RedisBus:
    def __init__(
        self,
        url: str,
        *,
        names: StreamNames | None = None,
        maxlen: Mapping[Family, int] = DEFAULT_MAXLEN,
        gateway_of: GatewayOf | None = None,
        read: ReadSettings | None = None,
    ) -> None:
        """`gateway_of(camera_id)` names the gateway a command goes to; commands it does
        not place (None, or no `gateway_of`) go to every gateway."""
        self._client = connect(url)
        self._names = names or StreamNames()
        self._maxlen = maxlen
        self._gateway_of = gateway_of
        self._read = replace(read or ReadSettings(), dead_maxlen=maxlen[Family.DEAD])
        self._outbox = Outbox()
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._writer: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None  # the one the bus runs on
        self._subscriptions: set[RedisSubscription] = set()
        self._closing: set[asyncio.Task[None]] = set()
        self._closed = False

    async def ping(self, timeout_s: float) -> bool:
        """Whether Redis answers within `timeout_s`: what /healthz reports."""
        try:
            return bool(await asyncio.wait_for(self._client.ping(), timeout_s))
        except (RedisError, OSError, TimeoutError):
            return False

    @property
    def dropped(self) -> int:
        """Events dropped from the local queue: older snapshots and, in long outages, findings."""
        return self._outbox.dropped

    def publish(self, event: Event) -> None:
        stream, family = self._names.route(event, self._gateway_of)
        entry = Entry(stream, family, event.camera_id, encode(event))
        if self._loop is not None and not on_loop(self._loop):
            self._loop.call_soon_threadsafe(self._enqueue, entry)  # e.g. a sync FastAPI route
        else:
            self._enqueue(entry)

    def subscribe(
        self,
        maxsize: int = DEFAULT_QUEUE_SIZE,
        kinds: frozenset[str] | None = None,
        *,
        group: str | None = None,
        consumer: str | None = None,
    ) -> RedisSubscription:
        streams = self._names.to_read(kinds, group)
        name = group or f"once-{uuid.uuid4().hex}"
        creations = [GroupOp(stream, name) for stream in streams]
        for creation in creations:
            self._enqueue(creation)
        ref = GroupRef(name, consumer or _process_name(), durable=group is not None)
        ready = [creation.ready for creation in creations]
        subscription = RedisSubscription(
            self._client, self._names, streams, kinds, ref, self._read.bounded(maxsize), ready
        )
        self._subscriptions.add(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        if isinstance(subscription, RedisSubscription) and subscription in self._subscriptions:
            self._subscriptions.discard(subscription)
            subscription.end()
            task = asyncio.get_running_loop().create_task(subscription.release())
            self._closing.add(task)
            task.add_done_callback(self._closing.discard)

    async def aclose(self, timeout_s: float = FLUSH_TIMEOUT_S) -> None:
        if self._closed:
            return
        self._closed = True
        for subscription in list(self._subscriptions):
            self.unsubscribe(subscription)
        await asyncio.gather(*self._closing, return_exceptions=True)
        if not await self.flush(timeout_s):
            log.error("redis bus closed with %d events not written", len(self._outbox))
        if self._writer is not None:
            self._writer.cancel()
            await asyncio.gather(self._writer, return_exceptions=True)
        await self._client.aclose()

    async def flush(self, timeout_s: float = FLUSH_TIMEOUT_S) -> bool:
        """Wait until what was published and subscribed so far is in Redis; False on timeout."""
        if self._writer is None:
            return True
        try:
            await asyncio.wait_for(self._idle.wait(), timeout_s)
        except TimeoutError:
            return False
        return True

    def _enqueue(self, item: Outgoing) -> None:
        self._outbox.put(item)
        self._idle.clear()
        self._wake.set()
        if self._writer is None or self._writer.done():
            self._loop = asyncio.get_running_loop()
            self._writer = self._loop.create_task(self._write_forever(), name="redis-bus-writer")
            self._writer.add_done_callback(_log_crash)

    async def _write_forever(self) -> None:
        outage = Outage("redis bus writer")
        while True:
            raise_if_cancelling()
            batch = await self._next_batch()
            failed, error = await self._write(batch)
            if error is None:
                outage.over()
                continue
            self._outbox.requeue(failed)
            await outage.wait(error, queued=len(self._outbox))

    async def _next_batch(self) -> list[Outgoing]:
        while not (batch := self._outbox.take(WRITE_BATCH)):
            self._idle.set()
            self._wake.clear()
            await self._wake.wait()
        return batch

    async def _write(self, batch: list[Outgoing]) -> tuple[list[Outgoing], Exception | None]:
        """Append a batch in one round trip; returns what to retry and why."""
        try:
            async with self._client.pipeline(transaction=False) as pipe:
                for item in batch:
                    if isinstance(item, Entry):
                        pipe.xadd(
                            item.stream, as_fields(item.fields), maxlen=self._maxlen[item.family]
                        )
                    else:
                        pipe.xgroup_create(item.stream, item.group, id="$", mkstream=True)
                results = await pipe.execute(raise_on_error=False)
        except (*REDIS_DOWN, RedisError) as exc:
            return batch, exc
        failed: list[Outgoing] = []
        error: Exception | None = None
        for item, result in zip(batch, results, strict=True):
            if is_transient(result):
                failed.append(item)
                error = error or result
            else:
                _settle(item, result)
        return failed, error


def _settle(item: Outgoing, result: object) -> None:
    """Mark a group created; an entry Redis refused for good is logged and dropped."""
    if isinstance(item, GroupOp):
        if isinstance(result, Exception) and not is_existing_group(result):
            log.error("could not create group %s on %s: %s", item.group, item.stream, result)
        item.ready.set()
    elif isinstance(result, Exception):
        log.error("redis refused an entry for %s, dropped: %s", item.stream, result)


def _process_name() -> str:
    """This process among the consumers of a group: unique, so two never share entries."""
    return f"{socket.gethostname()}-{os.getpid()}"


def _log_crash(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error(
            "redis bus writer stopped; restarts on the next publish", exc_info=task.exception()
        )
