"""Lease keepers of several gateways on a real redis-server: every camera held by exactly one,
fair shares, takeover of a dead gateway's cameras within twice the lease time."""

from __future__ import annotations

import asyncio
import time

import redis.asyncio

from stream_gateway.leases import LeaseKeeper, fair_share

CAMERAS = [f"cam-{i}" for i in range(12)]
LEASE_S = 1.0


def keepers(client, names: list[str], prefix: str) -> dict[str, LeaseKeeper]:
    return {n: LeaseKeeper(client, n, CAMERAS, LEASE_S, prefix=prefix) for n in names}


async def settle(live: dict[str, LeaseKeeper], cycles: int = 6) -> None:
    for _ in range(cycles):
        for keeper in live.values():
            await keeper.cycle()
        await asyncio.sleep(LEASE_S / 3)


def assert_each_camera_once(live: dict[str, LeaseKeeper]) -> None:
    held = [c for keeper in live.values() for c in keeper.held]
    assert sorted(held) == sorted(CAMERAS)
    share = fair_share(len(CAMERAS), len(live))
    assert all(len(k.held) <= share for k in live.values()), {
        n: len(k.held) for n, k in live.items()
    }


def test_gateways_share_the_cameras_fairly_and_each_once(redis_server):
    async def run() -> None:
        client = redis.asyncio.from_url(redis_server.url)
        live = keepers(client, ["gw-a", "gw-b", "gw-c"], "share")
        await settle(live)
        assert_each_camera_once(live)
        await client.aclose()

    asyncio.run(run())


def test_a_new_gateway_takes_its_fair_share(redis_server):
    async def run() -> None:
        client = redis.asyncio.from_url(redis_server.url)
        live = keepers(client, ["gw-a"], "join")
        await settle(live, cycles=2)
        assert live["gw-a"].held == set(CAMERAS)
        live |= keepers(client, ["gw-b"], "join")
        await settle(live)
        assert_each_camera_once(live)
        assert len(live["gw-b"].held) == len(CAMERAS) // 2
        await client.aclose()

    asyncio.run(run())


def test_a_dead_gateways_cameras_are_taken_over_within_twice_the_lease(redis_server):
    async def run() -> float:
        client = redis.asyncio.from_url(redis_server.url)
        live = keepers(client, ["gw-a", "gw-b"], "takeover")
        await settle(live)
        orphans = live.pop("gw-a").held  # it stops renewing, as a killed process does
        died = time.monotonic()
        while not orphans <= live["gw-b"].held and time.monotonic() - died < 10 * LEASE_S:
            await live["gw-b"].cycle()
            await asyncio.sleep(LEASE_S / 3)
        taken_after = time.monotonic() - died
        assert_each_camera_once(live)
        await client.aclose()
        return taken_after

    assert asyncio.run(run()) <= 2 * LEASE_S + LEASE_S / 3  # one cycle of slack for the poll


def test_a_gateway_that_loses_redis_stops_sampling_when_its_lease_runs_out(redis_server):
    async def run() -> tuple[list[str], list[str]]:
        client = redis.asyncio.from_url(redis_server.url)
        keeper = keepers(client, ["gw-a"], "cutoff")["gw-a"]
        await keeper.cycle()
        early = keeper.expire_unrenewed(time.monotonic())
        late = keeper.expire_unrenewed(time.monotonic() + LEASE_S)
        await client.aclose()
        return early, late

    early, late = asyncio.run(run())
    assert early == [] and sorted(late) == sorted(CAMERAS)
