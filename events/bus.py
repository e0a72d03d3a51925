"""The in-process bus (the default) and the choice of bus by the environment.

Publishing never blocks the gateway. Each subscriber has a bounded queue; when it is full a
snapshot is dropped (a newer one follows within one sample interval) but any other event
evicts the oldest snapshot still queued, and only if none is queued is it dropped and counted.
With REDIS_URL set, `bus_from_env` gives the Redis Streams bus instead (events/redis_bus.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections import deque
from collections.abc import Mapping

from events.ports import (
    DEFAULT_QUEUE_SIZE,
    Bus,
    IteratesEvents,
    Subscription,
    SubscriptionClosed,
    on_loop,
)
from events.redis_bus import RedisBus
from events.schema import Event, Snapshot

__all__ = [
    "DEFAULT_QUEUE_SIZE",
    "Bus",
    "InProcessBus",
    "QueueSubscription",
    "Subscription",
    "SubscriptionClosed",
    "bus_from_env",
]

log = logging.getLogger(__name__)


def bus_from_env(environ: Mapping[str, str] = os.environ) -> Bus:
    """Redis Streams when REDIS_URL is set (several processes), else the in-process bus."""
    url = environ.get("REDIS_URL", "").strip()
    return RedisBus(url) if url else InProcessBus()


class QueueSubscription(IteratesEvents):
    def __init__(self, maxsize: int, kinds: frozenset[str] | None = None) -> None:
        self.kinds = kinds
        self._items: deque[Event] = deque()
        self._maxsize = maxsize
        self._ready = asyncio.Event()
        self._closed = False
        self.dropped = 0

    def offer(self, event: Event) -> None:
        if len(self._items) >= self._maxsize and not self._make_room(event):
            self.dropped += 1
            return
        self._items.append(event)
        self._ready.set()

    def _make_room(self, event: Event) -> bool:
        if isinstance(event, Snapshot):
            return False
        for index, queued in enumerate(self._items):
            if isinstance(queued, Snapshot):
                del self._items[index]
                return True
        log.error("bus subscriber full of non-snapshot events; dropping %s", event.kind)
        return False

    async def get(self) -> Event:
        while not self._items:
            if self._closed:
                raise SubscriptionClosed
            self._ready.clear()
            await self._ready.wait()
        return self._items.popleft()

    def ack(self, event: Event) -> None:
        """Nothing to do: an in-process event is gone once taken."""

    def end(self) -> None:
        self._closed = True
        self._items.clear()
        self._ready.set()

    async def close(self) -> None:
        self.end()


class InProcessBus:
    def __init__(self) -> None:
        self._subscriptions: list[QueueSubscription] = []
        self._loop: asyncio.AbstractEventLoop | None = None  # where the subscribers wait

    def subscribe(
        self,
        maxsize: int = DEFAULT_QUEUE_SIZE,
        kinds: frozenset[str] | None = None,
        *,
        group: str | None = None,
        consumer: str | None = None,
    ) -> QueueSubscription:
        """Events of the given kinds (all when None), in publishing order. Every subscription
        gets every event: in one process there is no crash to survive, so no group."""
        with contextlib.suppress(RuntimeError):  # no loop yet: publishing stays direct
            self._loop = asyncio.get_running_loop()
        subscription = QueueSubscription(maxsize, kinds)
        self._subscriptions.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        if isinstance(subscription, QueueSubscription) and subscription in self._subscriptions:
            self._subscriptions.remove(subscription)
            subscription.end()

    def publish(self, event: Event) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed() and not on_loop(loop):
            loop.call_soon_threadsafe(self.publish, event)  # e.g. from a sync FastAPI route
            return
        for subscription in self._subscriptions:
            if subscription.kinds is None or event.kind in subscription.kinds:
                subscription.offer(event)

    async def aclose(self) -> None:
        for subscription in list(self._subscriptions):
            self.unsubscribe(subscription)
