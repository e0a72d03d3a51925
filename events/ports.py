"""What a bus is, whichever carries the events: the in-process one or Redis Streams.

Publishing never blocks the caller. A subscription yields events of its kinds, in publishing
order within one stream (Redis keeps statuses and alerts, findings, snapshots and commands
on separate streams, so order holds within each of those families, not across them).

Groups: subscriptions with the same named `group` share its events and, on Redis, what one
consumer took but did not `ack` is delivered again (to the same consumer name when it comes
back, or to another consumer of the group once it has been idle long enough), so a member
of a named group must `ack` every event it got, or Redis keeps them pending. Without a
group a subscription gets every event of its kinds, at most once, from the moment it
subscribed. The in-process bus gives every subscription every event and keeps nothing across
a crash, so `group`, `consumer` and `ack` change nothing there.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Protocol

from events.schema import Event

# Generous: 8 cameras produce a few events a second; this absorbs a long pause of the consumer.
DEFAULT_QUEUE_SIZE = 10_000


def on_loop(loop: asyncio.AbstractEventLoop) -> bool:
    """Whether the caller runs on `loop`: publishing from another thread must hand over."""
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


class SubscriptionClosed(Exception):
    """`get` on a subscription that was closed or unsubscribed; `async for` just ends."""


class IteratesEvents:
    """`async for event in subscription`: `get()` until the subscription is closed."""

    async def get(self) -> Event:
        raise NotImplementedError

    def __aiter__(self) -> AsyncIterator[Event]:
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Event]:
        while True:
            try:
                yield await self.get()
            except SubscriptionClosed:
                return


class Subscription(Protocol):
    async def get(self) -> Event:
        """The next event; waits for one. Raises SubscriptionClosed once closed."""
        ...

    def ack(self, event: Event) -> None:
        """`event`, as returned by `get`, is processed: do not deliver it again."""
        ...

    def __aiter__(self) -> AsyncIterator[Event]: ...

    async def close(self) -> None:
        """Deliver nothing more; what was delivered and not acked stays pending."""
        ...


class Bus(Protocol):
    def publish(self, event: Event) -> None:
        """Queue `event` for every subscription of its kind; returns at once. Safe from
        another thread (a sync FastAPI route) once the bus has been used on its loop."""
        ...

    def subscribe(
        self,
        maxsize: int = DEFAULT_QUEUE_SIZE,
        kinds: frozenset[str] | None = None,
        *,
        group: str | None = None,
        consumer: str | None = None,
    ) -> Subscription:
        """Events of the given kinds (all when None). A gateway subscribes to commands with
        its gateway id as `group`: commands routed to it and broadcast ones reach it."""
        ...

    def unsubscribe(self, subscription: Subscription) -> None:
        """Close `subscription` (in the background on Redis)."""
        ...

    async def aclose(self) -> None:
        """Send what is still queued (within a bounded time), close every subscription."""
        ...
