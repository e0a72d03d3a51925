"""What every bus does, run on the in-process bus and on Redis Streams (the `bus` fixture)."""

import asyncio

from events.bus import InProcessBus
from events.schema import COMMAND_KINDS, EVENT_KINDS
from events.streams import family_of
from samples import sample_alert as alert
from samples import sample_command as command
from samples import sample_finding as finding
from samples import sample_snapshot as snapshot
from samples import sample_status as status

WAIT_S = 5.0  # generous: Redis answers in milliseconds, but the machine is shared
QUIET_S = 0.3  # how long "nothing arrives" is watched for


async def take(subscription, count):
    return [await asyncio.wait_for(subscription.get(), WAIT_S) for _ in range(count)]


async def nothing_more(subscription):
    try:
        event = await asyncio.wait_for(subscription.get(), QUIET_S)
    except TimeoutError:
        return True
    raise AssertionError(f"unexpected {event!r}")


def by_family(events):
    families = {}
    for event in events:
        families.setdefault(family_of(event.kind), []).append(event)
    return families


async def test_every_subscriber_gets_every_event_in_order_within_its_stream(bus):
    first, second = bus.subscribe(), bus.subscribe()
    events = [status("a"), alert("b"), snapshot("c"), finding(1.0), alert("d"), finding(2.0)]
    for event in events:
        bus.publish(event)
    for sub in (first, second):
        got = await take(sub, len(events))
        assert by_family(got) == by_family(events)
        await nothing_more(sub)


async def test_a_subscription_by_kind_gets_only_those_kinds(bus):
    commands = bus.subscribe(kinds=COMMAND_KINDS)
    alerts = bus.subscribe(kinds=frozenset({"alert"}))
    bus.publish(alert("a"))
    bus.publish(command("b"))
    bus.publish(snapshot("c"))
    assert await take(commands, 1) == [command("b")]
    assert await take(alerts, 1) == [alert("a")]
    await nothing_more(commands)
    await nothing_more(alerts)


async def test_an_unsubscribed_subscription_gets_nothing_more(bus):
    sub = bus.subscribe()
    bus.unsubscribe(sub)
    bus.publish(alert())
    assert [event async for event in sub] == []


async def test_events_published_before_a_subscription_do_not_reach_it(bus):
    bus.publish(alert("before"))
    sub = bus.subscribe(kinds=EVENT_KINDS)
    bus.publish(alert("after"))
    assert await take(sub, 1) == [alert("after")]
    await nothing_more(sub)


async def test_what_a_group_acked_is_not_given_to_its_next_consumer(bus):
    first = bus.subscribe(kinds=EVENT_KINDS, group="intake", consumer="one")
    bus.publish(alert("a"))
    for event in await take(first, 1):
        first.ack(event)
    await first.close()
    second = bus.subscribe(kinds=EVENT_KINDS, group="intake", consumer="one")
    bus.publish(alert("b"))
    assert await take(second, 1) == [alert("b")]


async def test_publishing_a_burst_returns_at_once_and_all_of_it_arrives(bus):
    sub = bus.subscribe(kinds=frozenset({"finding"}))
    burst = [finding(float(i)) for i in range(2_000)]
    for event in burst:
        bus.publish(event)
    assert [event.score for event in await take(sub, len(burst))] == [e.score for e in burst]


async def test_an_event_published_from_another_thread_arrives(bus):
    sub = bus.subscribe(kinds=EVENT_KINDS)
    await asyncio.to_thread(bus.publish, alert("from-a-thread"))
    assert await take(sub, 1) == [alert("from-a-thread")]


async def test_closing_the_bus_ends_every_subscription(bus):
    sub = bus.subscribe()
    await bus.aclose()
    assert [event async for event in sub] == []


async def test_a_full_in_process_subscriber_drops_snapshots_to_keep_alerts():
    bus = InProcessBus()
    sub = bus.subscribe(maxsize=2)
    bus.publish(snapshot("a"))
    bus.publish(alert("b"))
    bus.publish(alert("c"))
    bus.publish(snapshot("d"))
    got = [await sub.get(), await sub.get()]
    assert [e.camera_id for e in got] == ["b", "c"]
    assert sub.dropped == 1
