"""The sensors' state in the command centre: takes SensorReading events from the bus, applies
the rules, publishes Alert events on the same bus (the intake files them with the camera
alerts), and checks for silent sensors every `stale_check_s`."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime

from common.debounce import AlertEffect
from events.ports import Subscription
from events.schema import SENSOR_CHECK_SEVERITY, Alert, Event, SensorReading
from sensors.config import SensorConfig
from sensors.rules import SensorAlertChange, SensorState, on_clock, on_reading

log = logging.getLogger(__name__)

# Redis consumer group of the sensor service: readings it had not handled at a crash come again.
SENSOR_GROUP = "sensors"


class SensorService:
    def __init__(
        self,
        sensors: Iterable[SensorConfig],
        publish: Callable[[Event], None],
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.sensors = {sensor.id: sensor for sensor in sensors}
        self._publish = publish
        self._clock = clock
        start = clock()
        self._states = {sensor_id: SensorState(since=start) for sensor_id in self.sensors}

    def state(self, sensor_id: str) -> SensorState | None:
        return self._states.get(sensor_id)

    def handle(self, reading: SensorReading) -> None:
        sensor = self.sensors.get(reading.sensor_id)
        if sensor is None:
            log.warning("reading of unknown sensor %r ignored", reading.sensor_id)
            return
        state, changes = on_reading(
            sensor.rules, self._states[sensor.id], reading.value, reading.ts.timestamp()
        )
        self._states[sensor.id] = state
        self._announce(sensor.id, changes, reading.ts.timestamp())

    def check_stale(self) -> None:
        now = self._clock()
        for sensor in self.sensors.values():
            state, changes = on_clock(sensor.rules, self._states[sensor.id], now)
            self._states[sensor.id] = state
            self._announce(sensor.id, changes, now)

    async def consume(self, subscription: Subscription) -> None:
        async for event in subscription:
            try:
                if isinstance(event, SensorReading):
                    self.handle(event)
            except Exception:  # one bad reading must not stop the others
                log.exception("could not handle reading of sensor %s", event.camera_id)
            finally:
                subscription.ack(event)

    async def watch_staleness(self, every_s: float) -> None:
        while True:
            await asyncio.sleep(every_s)
            self.check_stale()

    def _announce(self, sensor_id: str, changes: list[SensorAlertChange], at: float) -> None:
        for change in changes:
            raised = change.effect is AlertEffect.RAISE
            self._publish(
                Alert(
                    camera_id=sensor_id,
                    ts=datetime.fromtimestamp(at, UTC),
                    check=change.check,
                    subject="sensor",
                    state="raised" if raised else "cleared",
                    score=change.score,
                    severity=SENSOR_CHECK_SEVERITY[change.check],
                )
            )
