"""Alerts survive a restart on both databases: the same ids, states and evidence come back,
and new alerts are numbered after them."""

from __future__ import annotations

import asyncio
import contextlib
import time
from datetime import timedelta
from pathlib import Path

from fastapi.testclient import TestClient

from command_center.alerts.book import AlertBook
from command_center.alerts.store import AlertStore
from command_center.app import create_app
from command_center.store.database import Database
from command_center.store.database import database_url as async_url
from composition.config import AppConfig
from events.bus import InProcessBus
from samples import sample_alert
from support import ADMIN_PASSWORD, log_in

CAMERAS = [{"id": f"cam-{i}", "name": f"Cam {i}", "url": f"rtsp://h/{i}"} for i in (1, 2, 3)]
CONFIG = AppConfig.model_validate({"cameras": CAMERAS}).centre()


def running_app(url: str, bus: InProcessBus) -> TestClient:
    database = Database(async_url({"DATABASE_URL": url}))
    app = create_app(
        CONFIG,
        bus,
        database=database,
        admin_password=ADMIN_PASSWORD,
        frontend_dist=Path("/nonexistent"),
    )
    return TestClient(app)


def alerts_of(client: TestClient, camera: str, active: bool | None = None) -> list[dict]:
    query = "" if active is None else f"?active={str(active).lower()}"
    return [a for a in client.get(f"/api/alerts{query}").json() if a["camera_id"] == camera]


def wait_until(probe, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while not (value := probe()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)
    return value


def test_alerts_come_back_after_a_restart(database_url: str) -> None:
    bus = InProcessBus()
    with running_app(database_url, bus) as client:
        log_in(client)
        for camera in ("cam-1", "cam-2"):
            bus.publish(sample_alert(camera))
        first = wait_until(lambda: alerts_of(client, "cam-1"))[0]
        wait_until(lambda: alerts_of(client, "cam-2"))
        acked = client.post(f"/api/alerts/{first['id']}/ack").json()
        later = sample_alert().ts + timedelta(seconds=30)
        bus.publish(sample_alert("cam-2").model_copy(update={"state": "cleared", "ts": later}))
        wait_until(lambda: not alerts_of(client, "cam-2", active=True))
        before = {a["id"] for a in client.get("/api/alerts").json()}

    bus = InProcessBus()
    with running_app(database_url, bus) as client:
        log_in(client)
        assert {a["id"] for a in client.get("/api/alerts").json()} == before
        cam1 = alerts_of(client, "cam-1")[0]
        assert (cam1["acked_by"], cam1["acked_at"]) == ("admin", acked["acked_at"])
        assert cam1["cleared_at"] is None and cam1["region"] == [0.1, 0.2, 0.3, 0.4]
        assert client.get(f"/api/alerts/{cam1['id']}/evidence.jpg").content == b"\xff\xd8 evidence"
        assert alerts_of(client, "cam-2")[0]["cleared_at"] is not None
        bus.publish(sample_alert("cam-1"))  # still active: the same alert, not a new one
        bus.publish(sample_alert("cam-3"))
        new = wait_until(lambda: alerts_of(client, "cam-3"))[0]
        assert new["id"] > max(before)
        assert len(client.get("/api/alerts?active=true").json()) == 2


async def test_a_flush_cancelled_at_shutdown_finishes_its_write_first(database_url: str):
    database = Database(async_url({"DATABASE_URL": database_url}))
    await database.migrate()
    book = AlertBook()
    store = AlertStore(database, book, lambda _camera: "root")
    try:
        records = [book.apply_alert(sample_alert(f"cam-{i}")) for i in range(3)]
        flushing = asyncio.create_task(store.flush())
        await asyncio.sleep(0)  # the changes are taken and the write has begun
        flushing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flushing
        assert flushing.cancelled()
        assert book.take_dirty() == []  # written, not left over
        saved = AlertBook()
        assert await AlertStore(database, saved, lambda _camera: "root").load() == 3
        assert sorted(r.id for r in saved.list(active=True)) == sorted(r.id for r in records if r)
    finally:
        await database.aclose()
