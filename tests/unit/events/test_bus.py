import asyncio
from datetime import UTC, datetime

from events.bus import InProcessBus
from events.schema import COMMAND_KINDS, Alert, CheckName, SetReference, Snapshot

NOW = datetime(2026, 11, 25, tzinfo=UTC)


def snapshot(camera="cam-1"):
    return Snapshot(camera_id=camera, ts=NOW, jpeg=b"x", width=1, height=1)


def alert(camera="cam-1"):
    return Alert(camera_id=camera, ts=NOW, check=CheckName.DARK, state="raised", score=0.0)


async def test_every_subscriber_gets_every_event_in_order():
    bus = InProcessBus()
    first, second = bus.subscribe(), bus.subscribe()
    events = [alert("a"), snapshot("b"), alert("c")]
    for event in events:
        bus.publish(event)
    for sub in (first, second):
        got = [await asyncio.wait_for(sub.get(), 1) for _ in events]
        assert got == events


async def test_a_full_subscriber_drops_snapshots_to_keep_alerts():
    bus = InProcessBus()
    sub = bus.subscribe(maxsize=2)
    bus.publish(snapshot("a"))
    bus.publish(alert("b"))
    bus.publish(alert("c"))
    bus.publish(snapshot("d"))
    got = [await sub.get(), await sub.get()]
    assert [e.camera_id for e in got] == ["b", "c"]
    assert sub.dropped == 1


async def test_an_unsubscribed_queue_gets_nothing_more():
    bus = InProcessBus()
    sub = bus.subscribe()
    bus.unsubscribe(sub)
    bus.publish(alert())
    await asyncio.sleep(0)
    assert sub.dropped == 0
    assert not sub._items


async def test_a_subscription_by_kind_gets_only_those_kinds():
    bus = InProcessBus()
    commands = bus.subscribe(kinds=COMMAND_KINDS)
    bus.publish(alert("a"))
    bus.publish(SetReference(camera_id="b", ts=NOW))
    got = await asyncio.wait_for(commands.get(), 1)
    assert isinstance(got, SetReference) and got.camera_id == "b"
    assert not commands._items
