import logging
from itertools import pairwise

import httpx
import pytest
from pydantic import ValidationError

from simulator.sensors import (
    STORM_CYCLE_S,
    SensorFeeder,
    UnknownSensorError,
    crowd_count,
    water_level_cm,
)
from simulator.settings import SimulatorSettings

DEMO_LIMITS = {"smoke-1": 150, "water-1": 300, "crowd-1": 4000, "door-1": 0.5}


def values(feeder, now):
    return {r["sensor_id"]: r["value"] for r in feeder.readings(now)}


@pytest.mark.parametrize("now", [0.0, 3_000.0, 43_200.0, 80_000.0, 1e9])
def test_without_a_fault_every_sensor_stays_inside_its_demo_limit(now):
    readings = values(SensorFeeder("http://x", "token"), now)
    assert all(readings[s] < limit for s, limit in DEMO_LIMITS.items())


def test_a_fault_pushes_one_sensor_over_its_limit_until_switched_off():
    feeder = SensorFeeder("http://x", "token")
    feeder.set_fault("water-1", on=True)
    over = values(feeder, 0.0)
    assert over["water-1"] > DEMO_LIMITS["water-1"] and over["smoke-1"] < DEMO_LIMITS["smoke-1"]
    feeder.set_fault("water-1", on=False)
    assert values(feeder, 0.0)["water-1"] < DEMO_LIMITS["water-1"]
    with pytest.raises(UnknownSensorError):
        feeder.set_fault("nope", on=True)


def test_the_river_rises_in_the_storm_but_slower_than_the_demo_rate_limit():
    calm = water_level_cm(STORM_CYCLE_S * 0.25, fault=False)
    storm = water_level_cm(STORM_CYCLE_S * 0.75, fault=False)
    assert storm > calm + 15
    every_s, demo_limit_per_min = 5.0, 5.0
    levels = [water_level_cm(t * every_s, fault=False) for t in range(3 * 240)]
    fastest = max(abs(b - a) for a, b in pairwise(levels)) * 60 / every_s
    assert fastest < demo_limit_per_min


def test_the_crowd_peaks_by_day_and_is_small_at_night():
    assert crowd_count(14 * 3_600, fault=False) > 5 * crowd_count(3 * 3_600, fault=False)


def test_sensors_need_a_token():
    with pytest.raises(ValidationError, match="device token"):
        SimulatorSettings(sensors_url="http://127.0.0.1:8000/api/sensors/readings")


def _client(*responses):
    """An httpx client answering each post with the next of `responses` (an exception: raised)."""
    queue = list(responses)

    def answer(request):
        reply = queue.pop(0)
        if isinstance(reply, Exception):
            raise reply
        return httpx.Response(reply, request=request)

    return httpx.Client(transport=httpx.MockTransport(answer))


def test_a_receiver_still_starting_is_waited_for_without_a_warning(caplog):
    feeder = SensorFeeder("http://127.0.0.1:9/api/sensors/readings", "token")
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    with caplog.at_level(logging.INFO, logger="simulator"), _client(refused, refused, 202) as c:
        for _ in range(3):
            feeder._send(c)
    assert [r.levelno for r in caplog.records] == [logging.INFO]
    assert "wait for http://127.0.0.1:9/api/sensors/readings" in caplog.records[0].getMessage()


def test_an_outage_after_readings_were_taken_warns_once_and_says_when_it_ends(caplog):
    feeder = SensorFeeder("http://127.0.0.1:9/api/sensors/readings", "token")
    refused = httpx.ConnectError("[Errno 111] Connection refused")
    client = _client(202, refused, refused, 202)
    with caplog.at_level(logging.INFO, logger="simulator"), client as c:
        for _ in range(4):
            feeder._send(c)
    messages = [(r.levelno, r.getMessage()) for r in caplog.records]
    assert messages == [
        (logging.WARNING, "sensor readings not taken: [Errno 111] Connection refused"),
        (logging.INFO, "sensor readings taken again"),
    ]


def test_a_refused_token_warns_even_at_start(caplog):
    feeder = SensorFeeder("http://127.0.0.1:9/api/sensors/readings", "token")
    with caplog.at_level(logging.INFO, logger="simulator"), _client(401) as c:
        feeder._send(c)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
