from datetime import UTC, datetime, timedelta

import pytest

from events.schema import SensorReading
from sensors.config import MAX_FUTURE_S, SensorConfig
from sensors.readings import Refusal, check_reading

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SENSORS = {
    "water-1": SensorConfig(
        id="water-1",
        name="River gauge",
        kind="water_level",
        rules={"high": 300, "stale_after_s": 120},
    ),
    "door-1": SensorConfig(id="door-1", name="Depot door", kind="door"),
}


def check(raw):
    return check_reading(raw, 3, SENSORS, NOW)


def test_a_good_reading_becomes_an_event():
    reading = check({"sensor_id": "water-1", "ts": NOW.isoformat(), "value": 120})
    assert reading == SensorReading(sensor_id="water-1", ts=NOW, value=120.0)


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ({"sensor_id": "nope", "ts": NOW.isoformat(), "value": 1}, "sensor_id"),
        ({"sensor_id": "water-1", "ts": NOW.isoformat(), "value": "12"}, "value"),
        ({"sensor_id": "water-1", "ts": NOW.isoformat(), "value": True}, "value"),
        ({"sensor_id": "water-1", "ts": NOW.isoformat(), "value": float("nan")}, "value"),
        ({"sensor_id": "water-1", "ts": NOW.isoformat(), "value": float("inf")}, "value"),
        ({"sensor_id": "water-1", "ts": "2026-06-01T12:00:00", "value": 1}, "ts"),
        ({"sensor_id": "water-1", "ts": "yesterday", "value": 1}, "ts"),
        ({"sensor_id": "water-1", "value": 1}, "ts"),
        ({"sensor_id": "water-1", "ts": NOW.isoformat(), "value": 1, "x": 1}, "x"),
        ({"sensor_id": ["water-1"], "ts": NOW.isoformat(), "value": 1}, "sensor_id"),
    ],
)
def test_a_bad_item_is_refused_naming_its_index_and_field(raw, field):
    refusal = check(raw)
    assert isinstance(refusal, Refusal)
    assert (refusal.index, refusal.field) == (3, field) and refusal.reason


def test_an_item_that_is_not_an_object_is_refused():
    assert check([1, 2]) == Refusal(3, "", "a reading is an object, not list")


def test_a_reading_from_the_future_is_refused_beyond_the_clock_skew_allowed():
    ahead = NOW + timedelta(seconds=MAX_FUTURE_S - 1)
    assert isinstance(
        check({"sensor_id": "water-1", "ts": ahead.isoformat(), "value": 1}), SensorReading
    )
    far = NOW + timedelta(seconds=MAX_FUTURE_S + 1)
    refusal = check({"sensor_id": "water-1", "ts": far.isoformat(), "value": 1})
    assert refusal.field == "ts" and "future" in refusal.reason


def test_a_reading_older_than_the_stale_limit_is_refused():
    old = (NOW - timedelta(seconds=121)).isoformat()
    refusal = check({"sensor_id": "water-1", "ts": old, "value": 1})
    assert refusal.field == "ts" and "stale" in refusal.reason
    hour_old = (NOW - timedelta(seconds=3500)).isoformat()  # no stale rule: an hour is allowed
    assert isinstance(check({"sensor_id": "door-1", "ts": hour_old, "value": 1}), SensorReading)


def test_a_hostile_field_name_is_not_echoed_in_full():
    refusal = check({"sensor_id": "door-1", "ts": NOW.isoformat(), "value": 1, "k" * 10_000: 1})
    assert refusal.field.startswith("k") and len(refusal.field) <= 64
