from datetime import UTC, datetime

from events.schema import Alert, SensorReading, Severity
from sensors.config import SensorConfig
from sensors.service import SensorService

WATER = SensorConfig(
    id="water-1",
    name="River gauge",
    kind="water_level",
    rules={"high": 300, "stale_after_s": 60, "debounce": {"raise_after": 1, "hold_s": 0}},
)


class Clock:
    def __init__(self, now=1_000.0):
        self.now = now

    def __call__(self):
        return self.now


def reading(value, at):
    return SensorReading(sensor_id="water-1", ts=datetime.fromtimestamp(at, UTC), value=value)


def test_a_reading_over_the_limit_publishes_a_sensor_alert_and_a_good_one_clears_it():
    published = []
    service = SensorService([WATER], published.append, Clock())
    service.handle(reading(350, 1_001))
    service.handle(reading(340, 1_002))
    service.handle(reading(120, 1_003))
    service.handle(reading(110, 1_004))
    assert [(a.check, a.state) for a in published] == [
        ("sensor_high", "raised"),
        ("sensor_high", "cleared"),
    ]
    raised = published[0]
    assert isinstance(raised, Alert) and raised.subject == "sensor"
    assert raised.camera_id == "water-1" and raised.score == 350
    assert raised.severity is Severity.CRITICAL


def test_the_stale_check_uses_the_injected_clock():
    published, clock = [], Clock()
    service = SensorService([WATER], published.append, clock)
    clock.now += 59
    service.check_stale()
    assert published == []
    clock.now += 2
    service.check_stale()
    assert [(a.check, a.state, a.severity) for a in published] == [
        ("sensor_stale", "raised", "minor")
    ]
    assert service.state("water-1").stale


def test_a_reading_of_an_unknown_sensor_is_ignored():
    published = []
    service = SensorService([WATER], published.append, Clock())
    service.handle(SensorReading(sensor_id="nope", ts=datetime.now(UTC), value=1e9))
    assert published == []
