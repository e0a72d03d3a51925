"""The in-process bus: the gateway publishes events, the command centre consumes them.

Publishing never blocks the gateway. Each subscriber has a bounded queue; when it is full a
snapshot is dropped (a newer one follows within one sample interval) but any other event
evicts the oldest snapshot still queued, and only if none is queued is it dropped and counted.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import AsyncIterator

from events.schema import Event, Snapshot

log = logging.getLogger(__name__)

# Generous: 8 cameras produce a few events a second; this absorbs a long pause of the consumer.
DEFAULT_QUEUE_SIZE = 10_000


class Subscription:
    def __init__(self, maxsize: int, kinds: frozenset[str] | None = None) -> None:
        self.kinds = kinds
        self._items: deque[Event] = deque()
        self._maxsize = maxsize
        self._ready = asyncio.Event()
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
            self._ready.clear()
            await self._ready.wait()
        return self._items.popleft()

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Event]:
        while True:
            yield await self.get()


class InProcessBus:
    def __init__(self) -> None:
        self._subscriptions: list[Subscription] = []

    def subscribe(
        self, maxsize: int = DEFAULT_QUEUE_SIZE, kinds: frozenset[str] | None = None
    ) -> Subscription:
        """Events of the given kinds (all when None), in publishing order."""
        subscription = Subscription(maxsize, kinds)
        self._subscriptions.append(subscription)
        return subscription

    def unsubscribe(self, subscription: Subscription) -> None:
        self._subscriptions.remove(subscription)

    def publish(self, event: Event) -> None:
        for subscription in self._subscriptions:
            if subscription.kinds is None or event.kind in subscription.kinds:
                subscription.offer(event)
