"""What only the Redis Streams bus does, on a real redis-server: groups that survive a crash,
bounded streams, commands per gateway, the dead letter and a Redis restart.
(tests/unit/events/test_bus.py runs what both buses do on Redis too.)"""

import asyncio
import logging
import uuid

import pytest
import redis.asyncio as aioredis

from events.bus import InProcessBus, bus_from_env
from events.ports import SubscriptionClosed
from events.redis_bus import RedisBus
from events.redis_subscription import ReadSettings
from events.schema import COMMAND_KINDS, EVENT_KINDS
from events.streams import DEFAULT_MAXLEN, Family, StreamNames
from samples import sample_alert as alert
from samples import sample_command as command
from samples import sample_finding as finding
from samples import sample_snapshot as snapshot
from servers.simulator import free_port

WAIT_S = 5.0  # generous: Redis answers in milliseconds, but the machine is shared
QUIET_S = 0.3  # how long "nothing arrives" is watched for
# A consumer is taken as dead after 0.2 s instead of a minute; reads block 0.1 s, not 1 s.
FAST_CLAIM = ReadSettings(claim_idle_s=0.2, block_ms=100)
NODE_ENTRIES = 100  # redis' stream-node-max-entries: MAXLEN ~ trims whole nodes only


@pytest.fixture
def names():
    return StreamNames(f"test-{uuid.uuid4().hex[:8]}")


@pytest.fixture
async def make_bus(redis_server, names):
    """Buses on the session's redis-server; each bus stands for one process."""
    buses = []

    def make(url=None, **options):
        bus = RedisBus(url or redis_server.url, names=names, **options)
        buses.append(bus)
        return bus

    yield make
    for bus in buses:
        await bus.aclose()


@pytest.fixture
async def raw(redis_server):
    client = aioredis.Redis.from_url(redis_server.url)
    yield client
    await client.aclose()


async def take(subscription, count):
    return [await asyncio.wait_for(subscription.get(), WAIT_S) for _ in range(count)]


def cameras(events):
    return [event.camera_id for event in events]


async def nothing_more(subscription):
    with pytest.raises(TimeoutError):
        await asyncio.wait_for(subscription.get(), QUIET_S)


async def test_what_a_consumer_had_not_acked_comes_back_when_it_restarts_under_its_name(
    make_bus,
):
    before = make_bus()
    crashed = before.subscribe(kinds=EVENT_KINDS, group="intake", consumer="cc-1")
    for camera in "abc":
        before.publish(alert(camera))
    got = await take(crashed, 3)
    crashed.ack(got[0])
    await crashed.close()
    restarted = make_bus().subscribe(kinds=EVENT_KINDS, group="intake", consumer="cc-1")
    before.publish(alert("d"))
    assert cameras(await take(restarted, 3)) == ["b", "c", "d"]
    await nothing_more(restarted)


async def test_a_dead_consumers_events_go_to_another_of_its_group_after_the_idle_time(make_bus):
    bus = make_bus(read=FAST_CLAIM)
    dead = bus.subscribe(kinds=EVENT_KINDS, group="intake", consumer="cc-1")
    bus.publish(alert("a"))
    bus.publish(alert("b"))
    await take(dead, 2)
    await dead.close()
    heir = make_bus(read=FAST_CLAIM).subscribe(kinds=EVENT_KINDS, group="intake", consumer="cc-2")
    assert cameras(await take(heir, 2)) == ["a", "b"]


async def test_a_consumer_holding_events_past_the_idle_time_is_not_given_them_twice(make_bus):
    bus = make_bus(read=FAST_CLAIM)
    slow = bus.subscribe(kinds=EVENT_KINDS, group="intake", consumer="cc-1")
    bus.publish(alert("a"))
    await take(slow, 1)
    await asyncio.sleep(2 * FAST_CLAIM.claim_idle_s)
    await nothing_more(slow)


async def test_two_consumers_of_one_group_share_the_events_without_duplicates(make_bus):
    bus = make_bus()
    one = bus.subscribe(1, EVENT_KINDS, group="intake", consumer="one")
    two = bus.subscribe(1, EVENT_KINDS, group="intake", consumer="two")
    for i in range(20):
        bus.publish(alert(f"cam-{i}"))
    got = []
    for sub in (one, two):
        while len(got) < 20:
            try:
                got.append(await asyncio.wait_for(sub.get(), QUIET_S))
            except TimeoutError:
                break
    assert sorted(cameras(got)) == sorted(f"cam-{i}" for i in range(20))


async def test_a_stream_stays_within_its_bound(make_bus, raw, names):
    bus = make_bus(maxlen=DEFAULT_MAXLEN | {Family.FINDINGS: 100})
    for i in range(1_000):
        bus.publish(finding(float(i)))
    assert await bus.flush()
    assert 100 <= await raw.xlen(names.of(Family.FINDINGS)) < 100 + NODE_ENTRIES


async def test_a_reader_far_behind_loses_old_snapshots_but_no_alert(make_bus):
    bus = make_bus(maxlen=DEFAULT_MAXLEN | {Family.SNAPSHOTS: 100})
    wall = bus.subscribe(kinds=EVENT_KINDS, group="wall", consumer="one")
    for i in range(1_000):
        bus.publish(snapshot(f"cam-{i}"))
        if i % 100 == 0:
            bus.publish(alert(f"cam-{i}"))
    assert await bus.flush()
    got = []
    while True:
        try:
            got.append(await asyncio.wait_for(wall.get(), QUIET_S))
        except TimeoutError:
            break
    assert cameras(e for e in got if e.kind == "alert") == [
        f"cam-{i}" for i in range(0, 1_000, 100)
    ]
    assert 100 <= sum(e.kind == "snapshot" for e in got) < 100 + NODE_ENTRIES


async def test_commands_reach_only_their_gateway_and_broadcast_ones_reach_all(make_bus):
    centre = make_bus(gateway_of={"cam-1": "gw-a", "cam-2": "gw-b"}.get)
    gateway_a, gateway_b = make_bus(), make_bus()
    commands_a = gateway_a.subscribe(kinds=COMMAND_KINDS, group="gw-a")
    commands_b = gateway_b.subscribe(kinds=COMMAND_KINDS, group="gw-b")
    assert await gateway_a.flush() and await gateway_b.flush()
    for camera in ("cam-1", "cam-2", "cam-unplaced"):
        centre.publish(command(camera))
    assert sorted(cameras(await take(commands_a, 2))) == ["cam-1", "cam-unplaced"]
    assert sorted(cameras(await take(commands_b, 2))) == ["cam-2", "cam-unplaced"]
    await nothing_more(commands_a)


async def test_a_malformed_entry_goes_to_the_dead_letter_and_the_consumer_goes_on(
    make_bus, raw, names, caplog
):
    bus = make_bus()
    intake = bus.subscribe(kinds=EVENT_KINDS, group="intake", consumer="one")
    assert await bus.flush()
    stream = names.of(Family.EVENTS)
    bad_id = await raw.xadd(stream, {b"event": b"{broken"})
    bus.publish(alert("after"))
    got = await take(intake, 1)
    assert cameras(got) == ["after"]
    intake.ack(got[0])
    await intake.close()
    [(_, dead)] = await raw.xrange(names.of(Family.DEAD))
    assert (dead[b"dead:stream"], dead[b"dead:id"], dead[b"event"]) == (
        stream.encode(),
        bad_id,
        b"{broken",
    )
    assert (await raw.xpending(stream, "intake"))["pending"] == 0
    assert any(bad_id.decode() in record.getMessage() for record in caplog.records)


async def test_an_entry_of_a_kind_not_wanted_is_passed_over_unread(make_bus, raw, names):
    bus = make_bus()
    statuses = bus.subscribe(kinds=frozenset({"camera_status"}), group="walls", consumer="one")
    assert await bus.flush()
    stream = names.of(Family.EVENTS)
    await raw.xadd(stream, {b"kind": b"alert", b"event": b"{broken alert"})  # not parsed
    await raw.xadd(stream, {b"kind": b"camera_status", b"event": b"{broken status"})
    bus.publish(alert("after"))
    await nothing_more(statuses)
    await statuses.close()
    dead = [fields[b"event"] for _, fields in await raw.xrange(names.of(Family.DEAD))]
    assert dead == [b"{broken status"]
    assert (await raw.xpending(stream, "walls"))["pending"] == 0


async def test_a_groupless_subscription_leaves_no_group_behind(make_bus, raw, names):
    bus = make_bus()
    sub = bus.subscribe(kinds=EVENT_KINDS)
    bus.publish(alert())
    await take(sub, 1)
    await sub.close()
    assert await raw.xinfo_groups(names.of(Family.EVENTS)) == []


async def test_publisher_and_consumer_resume_after_redis_restarts(
    private_redis_server, names, caplog
):
    caplog.set_level(logging.WARNING, logger="events.redis_link")
    bus = RedisBus(private_redis_server.url, names=names)
    intake = bus.subscribe(kinds=EVENT_KINDS, group="intake", consumer="one")
    bus.publish(alert("before"))
    intake.ack((await take(intake, 1))[0])
    private_redis_server.stop()
    bus.publish(alert("during"))
    waiting = asyncio.create_task(take(intake, 1))
    await asyncio.sleep(0.5)
    private_redis_server.start()
    assert cameras(await waiting) == ["during"]
    bus.publish(alert("after"))
    assert cameras(await take(intake, 1)) == ["after"]
    await bus.aclose()
    messages = [record.getMessage() for record in caplog.records]
    assert sum("unavailable" in m for m in messages) == 2  # the writer and the subscriber
    assert sum("back after" in m for m in messages) == 2


async def test_with_redis_away_publishing_returns_and_closing_ends_a_waiting_consumer(
    names, caplog
):
    caplog.set_level(logging.WARNING, logger="events.redis_link")
    bus = RedisBus(f"redis://127.0.0.1:{free_port()}/0", names=names)
    intake = bus.subscribe(kinds=EVENT_KINDS, group="intake")
    waiting = asyncio.create_task(intake.get())
    for camera in range(100):
        bus.publish(alert(f"cam-{camera}"))
    assert not await bus.flush(timeout_s=QUIET_S)
    bus.unsubscribe(intake)
    with pytest.raises(SubscriptionClosed):
        await asyncio.wait_for(waiting, WAIT_S)
    await bus.aclose(timeout_s=0)
    messages = [record.getMessage() for record in caplog.records]
    assert sum("unavailable" in m for m in messages) == 1  # once per outage, not per attempt


async def test_the_environment_chooses_the_bus():
    assert isinstance(bus_from_env({}), InProcessBus)
    assert isinstance(bus_from_env({"REDIS_URL": "  "}), InProcessBus)
    redis_bus = bus_from_env({"REDIS_URL": "redis://127.0.0.1:1/0"})
    assert isinstance(redis_bus, RedisBus)
    await redis_bus.aclose()
