"""/metrics and /healthz on the real app (in-process bus, no gateway): counts follow events."""

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from prometheus_client.parser import text_string_to_metric_families

from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from events.schema import Alert, CameraStatus, CheckName, Finding, Severity, Verdict
from support import app_options, log_in, wait_for

CONFIG = {
    "cameras": [
        {"id": "cam-1", "name": "Gate", "url": "rtsp://10.0.0.1/live"},
        {"id": "cam-2", "name": "Square", "url": "rtsp://10.0.0.2/live"},
    ],
    "walls": [],
}


@pytest.fixture
def app_and_bus(tmp_path):
    bus = InProcessBus()
    config = AppConfig.model_validate(CONFIG).centre()
    app = create_app(config, bus, **app_options(tmp_path))
    with TestClient(app) as client:
        log_in(client)
        yield client, bus


def samples(client) -> dict[tuple[str, tuple], float]:
    text = client.get("/metrics").text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


def test_cameras_are_counted_by_state(app_and_bus):
    client, bus = app_and_bus
    assert samples(client)[("cc_cameras", (("state", "connecting"),))] == 2
    bus.publish(CameraStatus(camera_id="cam-1", ts=datetime.now(UTC), state="online"))
    wait_for(lambda: samples(client)[("cc_cameras", (("state", "online"),))] == 1, 5, "the metric")
    assert samples(client)[("cc_cameras", (("state", "connecting"),))] == 1


def test_findings_and_raised_alerts_are_counted(app_and_bus):
    client, bus = app_and_bus
    now = datetime.now(UTC)
    for verdict in (Verdict.FAIL, Verdict.FAIL, Verdict.PASS):
        bus.publish(
            Finding(
                camera_id="cam-1",
                ts=now,
                check=CheckName.DARK,
                verdict=verdict,
                score=1.0,
                threshold=30.0,
            )
        )
    raised = Alert(
        camera_id="cam-1",
        ts=now,
        check=CheckName.DARK,
        state="raised",
        score=1.0,
        severity=Severity.CRITICAL,
    )
    bus.publish(raised)
    bus.publish(raised)  # a second raise of an active alert is the same alert
    key = ("cc_findings_total", (("check", "dark"), ("verdict", "fail")))
    wait_for(lambda: samples(client).get(key) == 2, 5, "the metric")
    raised_key = ("cc_alerts_raised_total", (("check", "dark"), ("severity", "critical")))
    assert wait_for(lambda: samples(client).get(raised_key), 5, "the raised alert") == 1


def test_the_bus_lag_is_measured_from_the_event_time(app_and_bus):
    client, bus = app_and_bus
    old = datetime.now(UTC) - timedelta(seconds=7)
    bus.publish(CameraStatus(camera_id="cam-2", ts=old, state="online"))
    count = ("cc_bus_lag_seconds_count", ())
    wait_for(lambda: samples(client).get(count) == 1, 5, "the metric")
    assert samples(client)[("cc_bus_lag_seconds_bucket", (("le", "5.0"),))] == 0
    assert samples(client)[("cc_bus_lag_seconds_bucket", (("le", "10.0"),))] == 1


def test_websocket_clients_are_counted(app_and_bus):
    client, _ = app_and_bus
    with client.websocket_connect("/ws") as ws:
        ws.receive_json()  # the hello: the hub has the client
        assert samples(client)[("cc_websocket_clients", ())] == 1
    # The server notices the close on its next read; a loaded machine may take a while.
    wait_for(lambda: samples(client)[("cc_websocket_clients", ())] == 0, 20, "the client gone")


def test_healthz_reports_the_in_process_bus_and_the_database(app_and_bus):
    client, _ = app_and_bus
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "bus": {"kind": "memory", "ok": True},
        "database": {"kind": "sqlite", "ok": True},
    }
