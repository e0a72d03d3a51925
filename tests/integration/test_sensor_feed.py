"""The real command centre fed by the simulator's sensors: a water level pushed over its limit
is an active sensor alert in GET /api/alerts, and clears once the fault is removed."""

from __future__ import annotations

import httpx
import pytest

from servers.simulator import SensorFeed, running_simulator
from support import api, fast_config, free_port, running_command_center, wait_for

pytestmark = pytest.mark.integration

TOKEN = "integration-test-device-token-0001"
TOKEN_ENV = "CC_TEST_SENSOR_TOKEN"
FAST_DEBOUNCE = {"raise_after": 2, "window": 3, "clear_after": 2, "hold_s": 1}
SENSORS = [
    {
        "id": "smoke-1",
        "name": "Depot smoke",
        "kind": "smoke",
        "unit": "ppm",
        "rules": {"high": 150, "debounce": FAST_DEBOUNCE},
    },
    {
        "id": "water-1",
        "name": "River gauge",
        "kind": "water_level",
        "unit": "cm",
        "rules": {"high": 300, "stale_after_s": 60, "debounce": FAST_DEBOUNCE},
    },
    {
        "id": "crowd-1",
        "name": "Square counter",
        "kind": "crowd",
        "unit": "people",
        "rules": {"high": 4000, "debounce": FAST_DEBOUNCE},
    },
    {
        "id": "door-1",
        "name": "Depot door",
        "kind": "door",
        "rules": {"high": 0.5, "debounce": FAST_DEBOUNCE},
    },
]
ALERT_TIMEOUT_S = 20  # readings every 0.5 s: two over the limit raise, two under and 1 s clear


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    config = fast_config({}, free_port()) | {
        "sensors": SENSORS,
        "sensor_input": {"token_envs": [TOKEN_ENV], "stale_check_s": 1},
    }
    workdir = tmp_path_factory.mktemp("cc")
    with running_command_center(config, workdir, extra_env={TOKEN_ENV: TOKEN}) as base:
        feed = SensorFeed(f"{base}/api/sensors/readings", TOKEN)
        with running_simulator(cameras=1, sensors=feed) as sim:
            yield sim, base


def active_alerts(base):
    alerts = api(base).get("/api/alerts", params={"active": "true"}).json()
    return sorted((a["subject"], a["camera_id"], a["check"]) for a in alerts)


def sensors(base):
    return {s["id"]: s for s in api(base).get("/api/sensors").json()}


def test_all_four_sensors_report_and_none_alerts(system):
    _, base = system
    wait_for(lambda: all(s["state"] == "ok" for s in sensors(base).values()), 20, "readings")
    assert active_alerts(base) == []


def test_a_water_level_over_its_limit_raises_one_sensor_alert_and_clears(system):
    sim, base = system
    sim.set_sensor_fault("water-1", on=True)
    wanted = [("sensor", "water-1", "sensor_high")]
    wait_for(lambda: active_alerts(base) == wanted, ALERT_TIMEOUT_S, "a water-level alert")
    alert = api(base).get("/api/alerts", params={"active": "true"}).json()[0]
    assert alert["camera_name"] == "River gauge" and alert["severity"] == "critical"
    assert alert["score"] > 300 and not alert["has_evidence"]
    assert sensors(base)["water-1"]["state"] == "alert"

    sim.set_sensor_fault("water-1", on=False)
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S, "the alert to clear")
    assert sensors(base)["water-1"]["state"] == "ok"


def test_a_wrong_token_is_refused(system):
    _, base = system
    response = httpx.post(
        f"{base}/api/sensors/readings",
        json={"readings": []},
        headers={"Authorization": "Bearer not-the-device-token"},
    )
    assert response.status_code == 401
