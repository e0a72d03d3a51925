"""The hub's durable log on SQLite and PostgreSQL: numbering across restarts, resume from the
table, replay racing live messages, retention."""

from __future__ import annotations

import asyncio
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from command_center.hub import Hub, MessageLog
from command_center.store.database import Database, database_url, open_database
from command_center.store.models import HubMessage

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "unit" / "command_center"))
from hub_support import principal, received


async def opened(url: str) -> Database:
    return await open_database(database_url({"DATABASE_URL": url}))


async def test_numbering_continues_after_a_restart_and_resume_reads_the_table(database_url):
    database = await opened(database_url)
    try:
        first = Hub(MessageLog(database))
        await first.start()
        for i in range(1, 11):
            first.publish("alerts", "alert.raised", {"id": i}, area="north")
        first.publish("camera:c1", "camera.sample", {}, area="north", replace_key="c1")
        await first.stop()

        second = Hub(MessageLog(database, ring_size=2))  # the ring warms with 2: the rest is read
        await second.start()
        assert second.publish("alerts", "alert.raised", {"id": 11}, area="north").seq == 11
        client = second.connect(principal("north"))
        await second.subscribe(client, {"alerts": 3})
        got = [
            m["data"]["id"] for m in await received(second, client) if m["type"] == "alert.raised"
        ]
        assert got == list(range(4, 12))
        await second.stop()
        async with database.session() as session:
            assert await session.scalar(select(func.count()).select_from(HubMessage)) == 11
    finally:
        await database.aclose()


async def test_messages_published_during_a_replay_follow_it_without_gap_or_duplicate(database_url):
    database = await opened(database_url)
    try:
        hub = Hub(MessageLog(database, ring_size=100))  # 1-200 are read from the table
        await hub.start()
        for i in range(1, 301):
            hub.publish("alerts", "alert.raised", {"id": i}, area="north")
        await hub.log.flush()
        client = hub.connect(principal("north"))
        subscribing = asyncio.create_task(hub.subscribe(client, {"alerts": 0}))
        published = 300
        while not subscribing.done():
            if published < 350:  # fewer than the ring holds: no resync is the right answer
                published += 1
                hub.publish("alerts", "alert.raised", {"id": published}, area="north")
            await asyncio.sleep(0)
        seqs = [m["seq"] for m in await received(hub, client) if m["type"] == "alert.raised"]
        assert published > 300
        assert seqs == list(range(1, published + 1))
        await hub.stop()
    finally:
        await database.aclose()


async def test_a_resume_older_than_the_table_keeps_asks_for_resync(database_url):
    database = await opened(database_url)
    now = datetime.now(UTC)
    try:
        hub = Hub(MessageLog(database, ring_size=2, keep_rows=5, clock=lambda: now))
        await hub.start()
        for i in range(1, 21):
            hub.publish("alerts", "alert.raised", {"id": i}, area="north")
        await hub.log.flush()
        async with database.session() as session:  # the first 12 are two days old
            old = now - timedelta(days=2)
            await session.execute(update(HubMessage).where(HubMessage.seq <= 12).values(ts=old))
            await session.commit()
        assert await hub.log.prune() == 12  # old, and not among the newest 5 (16-20)
        client = hub.connect(principal("north"))
        await hub.subscribe(client, {"alerts": 5})
        assert {"type": "resync", "topic": "alerts", "seq": 20} in await received(hub, client)
        await hub.subscribe(client, {"alerts": 12})
        got = [m["seq"] for m in await received(hub, client) if m["type"] == "alert.raised"]
        assert got == list(range(13, 21))
        await hub.stop()
    finally:
        await database.aclose()


async def test_a_replay_from_the_table_keeps_to_the_clients_areas(database_url):
    database = await opened(database_url)
    try:
        hub = Hub(MessageLog(database, ring_size=1))
        await hub.start()
        for i in range(1, 7):
            hub.publish("alerts", "alert.raised", {"id": i}, area="north" if i % 2 else "south")
        await hub.stop()
        client = hub.connect(principal("south"))
        await hub.subscribe(client, {"alerts": 0})
        got = [m["data"]["id"] for m in await received(hub, client) if m["type"] == "alert.raised"]
        assert got == [2, 4, 6]
    finally:
        await database.aclose()


async def test_a_camera_topic_of_the_longest_camera_id_is_logged(database_url):
    """Camera ids may have 64 characters; PostgreSQL refuses a topic longer than its column."""
    database = await opened(database_url)
    topic = "camera:" + "c" * 64
    try:
        hub = Hub(MessageLog(database))
        await hub.start()
        hub.publish(topic, "camera.status", {"id": "c" * 64}, area="north")
        await hub.stop()
        async with database.session() as session:
            stored = set(await session.scalars(select(HubMessage.topic)))
        assert stored == {topic, "cameras"}
    finally:
        await database.aclose()


async def test_a_message_the_table_refuses_does_not_hold_back_the_others(database_url, caplog):
    """PostgreSQL refuses a type longer than its column (SQLite does not check lengths)."""
    database = await opened(database_url)
    try:
        hub = Hub(MessageLog(database))
        await hub.start()
        for type_ in ["alert.raised", "x" * 41, "alert.cleared"]:
            hub.publish("alerts", type_, {}, area="north")
        await hub.stop()
        async with database.session() as session:
            stored = set(await session.scalars(select(HubMessage.seq)))
        refused = "postgresql" in database_url
        assert stored == ({1, 3} if refused else {1, 2, 3})
        assert refused == any("alerts #2 refused" in r.getMessage() for r in caplog.records)
    finally:
        await database.aclose()
