"""POST /api/sensors/readings and GET /api/sensors on the real app (in-process bus, no gateway)."""

import time
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from command_center.api.sensors import MAX_BODY_BYTES
from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from sensors.auth import TokenError
from sensors.config import MAX_BATCH
from support import app_options, log_in

TOKEN = "t0k3n-for-tests-only-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
CONFIG = {
    "sensors": [
        {
            "id": "water-1",
            "name": "River gauge",
            "kind": "water_level",
            "unit": "cm",
            "rules": {"high": 300, "debounce": {"raise_after": 2, "hold_s": 0}},
        },
        {"id": "door-1", "name": "Depot door", "kind": "door"},
    ],
    "sensor_input": {"token_envs": ["TEST_SENSOR_TOKEN"]},
}


@pytest.fixture
def client(monkeypatch, tmp_path):
    monkeypatch.setenv("TEST_SENSOR_TOKEN", TOKEN)
    app = create_app(
        AppConfig.model_validate(CONFIG).centre(), InProcessBus(), **app_options(tmp_path)
    )
    with TestClient(app) as client:
        log_in(client)
        yield client


def reading(sensor_id="water-1", value=100.0, ago_s=0.0):
    ts = datetime.now(UTC) - timedelta(seconds=ago_s)
    return {"sensor_id": sensor_id, "ts": ts.isoformat(), "value": value}


def post(client, readings, headers=AUTH):
    return client.post("/api/sensors/readings", json={"readings": readings}, headers=headers)


def eventually(probe, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not (value := probe()):
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)
    return value


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer wrong-token-0123456789"},
        {"Authorization": TOKEN},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": "Bearer "},
    ],
)
def test_a_missing_or_wrong_token_is_401_with_a_json_error(client, headers):
    response = post(client, [reading()], headers)
    assert response.status_code == 401
    assert response.json() == {
        "detail": "a valid device token is needed",
        "field": None,
        "errors": [],
    }
    assert response.headers["www-authenticate"] == "Bearer"


def test_a_good_batch_is_200_and_shows_in_the_sensor_list(client):
    response = post(client, [reading(value=120.5), reading("door-1", 1)])
    assert response.status_code == 200 and response.json() == {"accepted": 2, "refused": []}
    sensors = eventually(lambda: [s for s in client.get("/api/sensors").json() if s["value"]])
    water = next(s for s in sensors if s["id"] == "water-1")
    assert water["value"] == 120.5 and water["state"] == "ok" and water["unit"] == "cm"
    assert "token" not in str(client.get("/api/sensors").json()).lower()


def test_bad_items_are_207_naming_index_and_field_and_the_good_ones_are_kept(client):
    items = [reading(), reading("nope"), reading(value="x"), reading(ago_s=-3600), 7]
    response = post(client, items)
    assert response.status_code == 207
    body = response.json()
    assert body["accepted"] == 1
    assert [(r["index"], r["field"]) for r in body["refused"]] == [
        (1, "sensor_id"),
        (2, "value"),
        (3, "ts"),
        (4, ""),
    ]
    assert "future" in body["refused"][2]["reason"]


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"not json", 422),
        (b"[" * 150_000 + b"]" * 150_000, 413),
        (b"[" * 50_000 + b"]" * 50_000, 422),
        (b'{"readings": {"sensor_id": "water-1"}}', 422),
        (b'{"readings": null}', 422),
        (b"\xff\xfe", 422),
        (b"x" * (MAX_BODY_BYTES + 1), 413),
    ],
)
def test_a_hostile_body_is_refused_with_a_json_error(client, content, status):
    response = client.post("/api/sensors/readings", content=content, headers=AUTH)
    assert response.status_code == status
    assert isinstance(response.json()["detail"], str)


def test_more_than_the_max_batch_is_refused_whole(client):
    response = post(client, [reading()] * (MAX_BATCH + 1))
    assert response.status_code == 422 and str(MAX_BATCH) in response.json()["detail"]


def test_readings_over_the_limit_raise_a_sensor_alert_on_the_alert_path(client):
    assert (
        post(client, [reading(value=350, ago_s=2), reading(value=360, ago_s=1)]).status_code == 200
    )
    alerts = eventually(lambda: client.get("/api/alerts", params={"active": "true"}).json())
    assert [(a["subject"], a["camera_id"], a["camera_name"], a["check"]) for a in alerts] == [
        ("sensor", "water-1", "River gauge", "sensor_high")
    ]
    assert alerts[0]["severity"] == "critical" and not alerts[0]["has_evidence"]
    water = next(s for s in client.get("/api/sensors").json() if s["id"] == "water-1")
    assert water["state"] == "alert" and water["alerts"] == ["sensor_high"]


def test_a_weak_token_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("TEST_SENSOR_TOKEN", "tinytoken")
    with pytest.raises(TokenError, match="TEST_SENSOR_TOKEN") as raised:
        create_app(AppConfig.model_validate(CONFIG).centre(), InProcessBus())
    assert "tinytoken" not in str(raised.value)
