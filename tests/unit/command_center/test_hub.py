"""The hub without a database: numbering, areas, topics, resume from memory, backpressure."""

import asyncio
import json
from datetime import UTC, datetime

from hub_support import messages_in, principal, received

from command_center.hub import Hub, MessageLog, protocol
from command_center.hub.core import render
from command_center.hub.queue import ClientQueue

CAMERA_AREAS = {"cam-1": "north", "cam-2": "south"}


def hub(ring_size: int = 4096, queue_size: int = 512, fan_out_every_s: float = 0.025) -> Hub:
    def topic_area(topic: str) -> str | None:
        return CAMERA_AREAS.get(topic.removeprefix("camera:"))

    return Hub(
        MessageLog(ring_size=ring_size),
        topic_area,
        queue_size=queue_size,
        fan_out_every_s=fan_out_every_s,
    )


def raise_alert(h: Hub, i: int, area: str = "north") -> None:
    h.publish("alerts", "alert.raised", {"id": i}, area=area)


def test_each_topic_is_numbered_from_one():
    h = hub()
    seqs = [h.publish("alerts", "alert.raised", {}, area="north").seq for _ in range(3)]
    assert seqs == [1, 2, 3]
    assert h.publish("sensors", "sensor.reading", {}, area="north").seq == 1


def test_a_camera_message_is_numbered_in_its_topic_and_in_cameras():
    h = hub()
    h.publish("camera:cam-2", "camera.status", {}, area="south")
    h.publish("camera:cam-1", "camera.status", {}, area="north")
    assert (h.last_seq("camera:cam-1"), h.last_seq("camera:cam-2"), h.last_seq("cameras")) == (
        1,
        1,
        2,
    )


def test_a_droppable_message_takes_no_number_and_is_not_replayable():
    h = hub()
    h.publish("camera:cam-1", "camera.status", {}, area="north")
    sample = h.publish("camera:cam-1", "camera.sample", {}, area="north", replace_key="s:cam-1")
    assert sample.seq == 1 and h.last_seq("camera:cam-1") == 1


async def test_a_client_gets_only_what_lies_in_its_areas():
    h = hub()
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": None})
    raise_alert(h, 1, "north")
    raise_alert(h, 2, "south")
    raise_alert(h, 3, "north")
    messages = await received(h, client)
    assert messages[0] == {"type": "subscribed", "topics": {"alerts": 0}}
    assert [(m["data"]["id"], m["seq"], m["area"]) for m in messages[1:]] == [
        (1, 1, "north"),
        (3, 3, "north"),
    ]


async def test_a_topic_of_another_area_answers_as_an_unknown_one():
    h = hub()
    client = h.connect(principal("north"))
    await h.subscribe(client, {"camera:cam-2": None, "camera:cam-9": None, "camera:cam-1": 0})
    errors = {m["detail"]: m["code"] for m in await received(h, client) if m["type"] == "error"}
    assert errors == {"unknown topic 'camera:cam-2'": 404, "unknown topic 'camera:cam-9'": 404}
    assert h.visible(client.principal, "camera:cam-1")


async def test_a_narrowed_principal_drops_the_topics_and_areas_it_lost():
    h = hub()
    client = h.connect(principal("north", "south"))
    await h.subscribe(client, {"alerts": None, "camera:cam-1": None, "camera:cam-2": None})
    await received(h, client)
    h.reauthorize(client, principal("north"))
    raise_alert(h, 1, "south")
    h.publish("camera:cam-2", "camera.status", {}, area="south")
    h.publish("camera:cam-1", "camera.status", {}, area="north")
    raise_alert(h, 2, "north")
    got = await received(h, client)
    assert got[0] == {"type": "unsubscribed", "topics": ["camera:cam-2"], "reason": "access"}
    assert sorted((m["topic"], m["area"]) for m in got[1:]) == [
        ("alerts", "north"),
        ("camera:cam-1", "north"),
    ]


async def test_resume_replays_what_was_missed_then_continues_live_without_gap_or_duplicate():
    h = hub()
    for i in range(1, 6):
        raise_alert(h, i)
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": 2})
    raise_alert(h, 6)
    seqs = [m["seq"] for m in await received(h, client) if m["type"] == "alert.raised"]
    assert seqs == [3, 4, 5, 6]


async def test_resume_older_than_the_ring_without_a_database_asks_for_resync():
    h = hub(ring_size=3)
    for i in range(1, 8):
        raise_alert(h, i)
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": 2})
    raise_alert(h, 8)
    messages = await received(h, client)
    assert {"type": "resync", "topic": "alerts", "seq": 7} in messages
    assert [m["seq"] for m in messages if m["type"] == "alert.raised"] == [8]


async def test_since_beyond_the_last_number_asks_for_resync():
    h = hub()
    raise_alert(h, 1)
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": 40})
    assert {"type": "resync", "topic": "alerts", "seq": 1} in await received(h, client)


async def test_unsubscribe_stops_the_topic():
    h = hub()
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": None})
    h.unsubscribe(client, ["alerts"])
    raise_alert(h, 1)
    assert [m["type"] for m in await received(h, client)] == ["subscribed", "unsubscribed"]


async def test_a_disconnected_client_leaves_the_counts():
    h = hub()
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": None})
    raise_alert(h, 1)
    h.fan_out()
    assert h.client_count == 1 and h.queue_depths() == [2]
    h.disconnect(client)
    raise_alert(h, 2)
    assert h.client_count == 0 and h.queue_depths() == []


async def test_a_burst_is_queued_whole_then_a_full_queue_of_alerts_overflows():
    h = hub(queue_size=4)
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": None})
    for i in range(10):
        raise_alert(h, i)
    h.fan_out()
    assert not client.queue.needs_resync and len(client.queue) == 11
    raise_alert(h, 10)
    h.fan_out()
    assert client.queue.needs_resync and len(client.queue) == 11


async def test_samples_replace_each_other_in_a_slow_queue_and_never_overflow_it():
    h = hub(queue_size=3)
    client = h.connect(principal("north"))
    await h.subscribe(client, {"cameras": None})
    for i in range(50):
        h.publish("camera:cam-1", "camera.sample", {"i": i}, area="north", replace_key="cam-1")
    messages = await received(h, client)
    assert not client.queue.needs_resync
    assert [m["data"]["i"] for m in messages if m["type"] == "camera.sample"] == [49]


def test_a_full_queue_drops_a_new_snapshot_but_flags_an_alert():
    queue = ClientQueue(maxsize=2)
    queue.offer("alert-1")
    queue.offer("alert-2")
    queue.offer("snap", "sample:cam-1")
    assert not queue.needs_resync and len(queue) == 2
    queue.offer("alert-3")
    assert queue.needs_resync and len(queue) == 2


async def test_a_replay_is_one_entry_of_the_queue():
    queue = ClientQueue(maxsize=2)
    queue.offer_replay([f"m{i}" for i in range(1000)])
    queue.offer("live")
    assert len(queue) == 2 and not queue.needs_resync
    assert len(await queue.take()) == 1001


async def test_a_slow_reader_does_not_stall_publishing_to_a_fast_one():
    h = hub(fan_out_every_s=0)
    slow, fast = h.connect(principal("north")), h.connect(principal("north"))
    for client in (slow, fast):
        await h.subscribe(client, {"alerts": None})
    got: list[dict] = []

    async def read_fast() -> None:
        while len(got) < 601:
            got.extend(messages_in(await fast.queue.take()))

    reader = asyncio.create_task(read_fast())
    for i in range(600):
        raise_alert(h, i)
        if i % 50 == 0:
            await asyncio.sleep(0)
    await asyncio.wait_for(reader, 1)
    assert slow.queue.needs_resync and not fast.queue.needs_resync
    assert [m["seq"] for m in got[1:]] == list(range(1, 601))


def test_a_message_renders_as_one_json_object_whatever_its_topic_and_data():
    ts = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    data = {"name": 'gate "7"\nnorth', "region": [0.1, None], "at": ts}
    text = render('camera:c"1', 3, "camera.status", "north", json.dumps(data, default=str), ts)
    assert "\n" not in text
    assert json.loads(text) == {
        "topic": 'camera:c"1',
        "seq": 3,
        "type": "camera.status",
        "area": "north",
        "data": {"name": 'gate "7"\nnorth', "region": [0.1, None], "at": str(ts)},
        "ts": "2026-11-26T08:00:00+00:00",
    }


async def test_clients_of_the_same_areas_share_the_frames_of_a_fan_out():
    h = hub()
    ana, ben, other = (
        h.connect(principal(*areas)) for areas in [("north",), ("north",), ("south",)]
    )
    for client in (ana, ben, other):
        await h.subscribe(client, {"alerts": None})
        await client.queue.take()  # "subscribed"
    for i in range(5):
        raise_alert(h, i, "north" if i % 2 == 0 else "south")
    h.fan_out()
    frames = [await client.queue.take() for client in (ana, ben, other)]
    assert frames[0] == frames[1] and all(a is b for a, b in zip(*frames[:2], strict=True))
    assert [m["data"]["id"] for m in messages_in(frames[0])] == [0, 2, 4]
    assert [m["data"]["id"] for m in messages_in(frames[2])] == [1, 3]


async def test_a_quiet_feed_fans_out_at_once_and_a_busy_one_at_most_every_interval():
    # The interval is long so that a busy machine pausing this process for a moment cannot
    # let it pass between two of the test's steps.
    h = hub(fan_out_every_s=3.0)
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": None})
    await client.queue.take()
    raise_alert(h, 1)
    await asyncio.sleep(0.01)
    assert len(client.queue) == 1  # the first after a quiet spell: no wait
    raise_alert(h, 2)
    raise_alert(h, 3)
    await asyncio.sleep(0.1)
    assert len(client.queue) == 1  # the next two wait for the interval...
    await asyncio.sleep(3.0)
    assert len(client.queue) == 3  # ...and go together


async def test_a_burst_goes_out_in_frames_of_at_most_64_kib():
    h = hub()
    client = h.connect(principal("north"))
    await h.subscribe(client, {"alerts": None})
    await client.queue.take()
    for i in range(300):
        h.publish("alerts", "alert.raised", {"id": i, "note": "x" * 1000}, area="north")
    h.fan_out()
    frames = protocol.frames(await client.queue.take())
    assert len(frames) > 1 and all(len(f.encode()) <= 64 * 1024 for f in frames)
    assert [m["data"]["id"] for m in messages_in(frames)] == list(range(300))
