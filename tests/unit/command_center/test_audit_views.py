"""Looks at pictures and camera subscriptions go in the audit log: once per look, not per
fetch or frame."""

import json
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from command_center.app import create_app
from command_center.audit.looks import Looks
from composition.config import AppConfig
from events.bus import InProcessBus
from events.schema import Snapshot
from samples import sample_alert
from support import app_options, log_in, wait_for

CONFIG = {"cameras": [{"id": "cam-1", "name": "Gate", "url": "rtsp://10.0.0.1/live"}]}


@pytest.fixture
def app_and_bus(tmp_path):
    bus = InProcessBus()
    app = create_app(AppConfig.model_validate(CONFIG).centre(), bus, **app_options(tmp_path))
    with TestClient(app) as client:
        log_in(client)
        yield client, bus


def entries(client, action: str) -> list[dict]:
    found = client.get("/api/audit", params={"limit": 1000}).json()["entries"]
    return [e for e in found if e["action"] == action]


def test_a_snapshot_view_is_recorded_once_per_look(app_and_bus):
    client, bus = app_and_bus
    bus.publish(
        Snapshot(camera_id="cam-1", ts=datetime.now(UTC), jpeg=b"\xff\xd8", width=1, height=1)
    )
    wait_for(
        lambda: client.get("/api/cameras/cam-1/snapshot.jpg").status_code == 200, 5, "the snapshot"
    )
    for _ in range(3):  # the console refreshing it at each sample
        assert client.get("/api/cameras/cam-1/snapshot.jpg").status_code == 200
    views = entries(client, "snapshot_view")
    assert [(e["actor"], e["object_type"], e["object_id"]) for e in views] == [
        ("admin", "camera", "cam-1")
    ]


def test_an_evidence_view_is_recorded(app_and_bus):
    client, bus = app_and_bus
    bus.publish(sample_alert("cam-1"))
    alert = wait_for(lambda: client.get("/api/alerts").json(), 5, "the alert")[0]
    assert client.get(f"/api/alerts/{alert['id']}/evidence.jpg").status_code == 200
    views = entries(client, "evidence_view")
    assert [(e["object_type"], e["object_id"]) for e in views] == [("alert", str(alert["id"]))]


def test_a_camera_subscription_is_recorded_once_per_subscribe_not_per_frame(app_and_bus):
    client, _ = app_and_bus
    hub = client.app.state.services.hub

    def publish() -> None:
        hub.publish("camera:cam-1", "camera.status", {}, area="root")

    with client.websocket_connect("/ws") as ws:
        types = lambda: [json.loads(line)["type"] for line in ws.receive_text().split("\n")]  # noqa: E731
        assert types() == ["hello"]
        topics = {"camera:cam-1": None, "camera:cam-9": None, "alerts": None}
        ws.send_json({"type": "subscribe", "topics": topics})
        while "subscribed" not in types():
            pass
        for _ in range(3):  # frames of the camera: no more entries
            client.portal.call(publish)
            while "camera.status" not in types():
                pass
    subscribed = entries(client, "camera_subscribe")
    assert [(e["actor"], e["object_id"]) for e in subscribed] == [("admin", "cam-1")]


def test_a_look_is_recorded_again_only_after_the_interval():
    looks = Looks(again_s=300)
    assert looks.to_record("ana", "camera", "cam-1", now=0.0)
    assert not looks.to_record("ana", "camera", "cam-1", now=299.0)
    assert looks.to_record("bob", "camera", "cam-1", now=299.0)  # someone else's look
    assert looks.to_record("ana", "camera", "cam-2", now=299.0)
    assert looks.to_record("ana", "camera", "cam-1", now=300.0)
