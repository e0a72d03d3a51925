"""The connection to Redis: the client, which errors mean "Redis is away", and the backoff.

Neither the writer nor a reader ever stops on an outage: each retries with a doubling delay
(0.1 s up to 5 s) and logs one line when the outage starts and one when it ends, never a
line per attempt. The URL is never logged: it may carry a password.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import TypeGuard, cast

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ResponseError
from redis.exceptions import TimeoutError as RedisTimeoutError
from redis.typing import EncodableT, FieldT

log = logging.getLogger(__name__)

# Redis restarting on the same host is back within a second: retry soon at first...
BACKOFF_FIRST_S = 0.1
# ...and after a longer outage still notice within 5 s, at a dozen attempts a minute.
BACKOFF_MAX_S = 5.0
# Longer than a blocking read (events/redis_subscription.py, 1 s): a peer that vanished
# from the network without closing the connection shows within this time.
SOCKET_TIMEOUT_S = 5.0
CONNECT_TIMEOUT_S = 2.0  # a local or same-rack Redis accepts in milliseconds

# Redis is unreachable, restarting (LOADING is a ConnectionError) or timed out.
REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


def connect(url: str) -> aioredis.Redis:
    """A client without redis-py's own retries: the bus's loops retry with their backoff."""
    return aioredis.Redis.from_url(
        url,
        socket_timeout=SOCKET_TIMEOUT_S,
        socket_connect_timeout=CONNECT_TIMEOUT_S,
        retry=Retry(NoBackoff(), 0),
    )


def raise_if_cancelling() -> None:
    """redis-py can lose a cancellation that lands inside a command and raise the command's
    own error instead: a loop that retries on errors checks this so it still stops."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError


def is_missing_group(exc: BaseException) -> bool:
    """The stream or its group is gone: Redis restarted without persistence, or a reset."""
    return isinstance(exc, ResponseError) and str(exc).startswith("NOGROUP")


# Refusals that pass: out of memory until trimming or eviction frees some, a replica that
# is being promoted, a dataset still loading, a script running too long.
TRANSIENT_REFUSALS = ("OOM", "READONLY", "LOADING", "MASTERDOWN", "TRYAGAIN", "BUSY ")


def is_transient(result: object) -> TypeGuard[Exception]:
    """A pipeline result that means "try this command again later"."""
    if isinstance(result, REDIS_DOWN):
        return True
    return isinstance(result, ResponseError) and str(result).startswith(TRANSIENT_REFUSALS)


def is_existing_group(exc: BaseException) -> bool:
    return isinstance(exc, ResponseError) and str(exc).startswith("BUSYGROUP")


def as_fields(fields: dict[bytes, bytes]) -> dict[FieldT, EncodableT]:
    """The same dict, typed as redis-py's XADD wants it."""
    return cast("dict[FieldT, EncodableT]", fields)


class Outage:
    """Backoff and one log line at each end of an outage, for one loop (writer or reader)."""

    def __init__(self, who: str, clock: Callable[[], float] = time.monotonic) -> None:
        self._who = who
        self._clock = clock
        self._since: float | None = None
        self._delay = BACKOFF_FIRST_S

    @property
    def ongoing(self) -> bool:
        return self._since is not None

    async def wait(self, exc: BaseException, queued: int | None = None) -> None:
        """Sleep before the next attempt; the first failure of an outage is logged."""
        if self._since is None:
            self._since = self._clock()
            backlog = "" if queued is None else f"; {queued} events queued locally"
            log.warning("%s: redis unavailable (%s), retrying%s", self._who, exc, backlog)
        await asyncio.sleep(self._delay)
        self._delay = min(self._delay * 2, BACKOFF_MAX_S)

    def over(self) -> None:
        if self._since is not None:
            log.warning("%s: redis back after %.1f s", self._who, self._clock() - self._since)
        self._since = None
        self._delay = BACKOFF_FIRST_S
