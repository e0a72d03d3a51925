"""Gateways share one camera list through leases in Redis: each camera is sampled by exactly one
live gateway, a dead gateway's cameras are taken over, a new gateway takes a fair share.

Every `lease_s / 3` a gateway renews its heartbeat and the leases it holds, counts the live
gateways, releases what it holds above its fair share and takes free cameras up to it. A lease
not renewed for `lease_s` expires, so a killed gateway's cameras are free after at most
`lease_s` and taken within one more cycle: under 2 x lease_s. A gateway that cannot renew stops
sampling a camera when its own record of the lease runs out, before Redis frees it.
"""

from __future__ import annotations

import hashlib
import math
import time
from dataclasses import dataclass

from redis.asyncio import Redis

RENEW_FRACTION = 3  # renew three times a lease: two renewals may fail before it is lost
# Stop sampling this long before the lease would expire in Redis: clocks and a slow cycle.
SAFETY_MARGIN = 0.2

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""


def fair_share(cameras: int, gateways: int) -> int:
    return math.ceil(cameras / max(1, gateways))


def preference(camera_id: str, gateway_id: str) -> int:
    """Rendezvous order: each gateway tries the cameras in its own order, so gateways that
    look for work at once mostly reach for different cameras."""
    digest = hashlib.blake2b(f"{camera_id}/{gateway_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


@dataclass(frozen=True, slots=True)
class Plan:
    release: list[str]  # held above the fair share, least preferred first
    wanted: int  # how many free cameras to try to take


def plan(held: set[str], cameras: list[str], gateways: int, me: str) -> Plan:
    share = fair_share(len(cameras), gateways)
    ordered = sorted(held, key=lambda c: preference(c, me))
    extra = len(held) - share
    return Plan(release=ordered[share:] if extra > 0 else [], wanted=max(0, -extra))


@dataclass(frozen=True, slots=True)
class Change:
    gained: list[str]
    lost: list[str]


class LeaseKeeper:
    """One gateway's leases; `cycle()` every `interval_s`, start and stop what it reports."""

    def __init__(
        self, redis: Redis, gateway_id: str, cameras: list[str], lease_s: float, prefix: str = "cc"
    ) -> None:
        self._redis = redis
        self._me = gateway_id
        self._cameras = sorted(cameras, key=lambda c: preference(c, gateway_id))
        self._lease_ms = int(lease_s * 1000)
        self._prefix = prefix
        self._valid_until: dict[str, float] = {}  # camera -> monotonic time our lease runs out

    @property
    def interval_s(self) -> float:
        return self._lease_ms / 1000 / RENEW_FRACTION

    @property
    def held(self) -> set[str]:
        return set(self._valid_until)

    def _key(self, camera: str) -> str:
        return f"{self._prefix}:lease:{camera}"

    async def cycle(self) -> Change:
        started = time.monotonic()
        gateways = await self._heartbeat()
        lost = await self._renew(started)
        step = plan(self.held, self._cameras, gateways, self._me)
        for camera in step.release:
            await self._redis.eval(_RELEASE, 1, self._key(camera), self._me)
            del self._valid_until[camera]
        gained = await self._take(step.wanted, started)
        return Change(gained, lost + step.release)

    def expire_unrenewed(self, now: float) -> list[str]:
        """Leases our own clock says are over (Redis unreachable): stop sampling those."""
        over = [c for c, until in self._valid_until.items() if until <= now]
        for camera in over:
            del self._valid_until[camera]
        return over

    async def release_all(self) -> None:
        for camera in list(self._valid_until):
            await self._redis.eval(_RELEASE, 1, self._key(camera), self._me)
        self._valid_until.clear()
        await self._redis.zrem(f"{self._prefix}:gateways", self._me)

    async def _heartbeat(self) -> int:
        """Record ourselves as live and count the live gateways (ours included)."""
        key = f"{self._prefix}:gateways"
        wall_ms = int(time.time() * 1000)
        async with self._redis.pipeline(transaction=True) as pipe:
            pipe.zadd(key, {self._me: wall_ms + self._lease_ms})
            pipe.zremrangebyscore(key, 0, wall_ms)
            pipe.zcard(key)
            replies = await pipe.execute()
        return int(replies[-1])

    async def _renew(self, now: float) -> list[str]:
        lost = []
        for camera in list(self._valid_until):
            renewed = await self._redis.eval(_RENEW, 1, self._key(camera), self._me, self._lease_ms)
            if renewed:
                self._valid_until[camera] = self._until(now)
            else:
                lost.append(camera)
                del self._valid_until[camera]
        return lost

    async def _take(self, wanted: int, now: float) -> list[str]:
        gained: list[str] = []
        for camera in self._cameras:
            if len(gained) >= wanted:
                break
            if camera in self._valid_until:
                continue
            if await self._redis.set(self._key(camera), self._me, nx=True, px=self._lease_ms):
                self._valid_until[camera] = self._until(now)
                gained.append(camera)
        return gained

    def _until(self, now: float) -> float:
        return now + self._lease_ms / 1000 * (1 - SAFETY_MARGIN)
