"""Simulated sensors posting to the command centre: smoke (ppm), a river's water level (cm,
rising in a storm phase), a crowd counter (people, a daily curve) and a door (0 closed, 1 open).

A thread posts one batch of the four readings every `interval_s` to POST /api/sensors/readings
with the device token. A fault pushes a sensor past its demo limit until it is switched off
(POST /sensors/{id}/fault on the control API).
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

import httpx

log = logging.getLogger(__name__)

SEND_INTERVAL_S = 5.0  # a reading every 5 s: a level or a count changes slower than that
POST_TIMEOUT_S = 5.0  # under the interval, so a hung command centre costs one batch at most
STORM_CYCLE_S = 1_200.0  # 20 minutes: 10 of calm, 10 of storm with the river rising
# and falling: 20 cm in 5 minutes is 4 cm/min, under the demo's rate limit of 5 cm/min.
STORM_RISE_CM = 20.0
SECONDS_PER_DAY = 86_400.0


def smoke_ppm(t: float, fault: bool) -> float:
    return 400.0 if fault else 8.0 + 3.0 * math.sin(t / 40.0)  # demo limit 150 ppm


def water_level_cm(t: float, fault: bool) -> float:
    if fault:
        return 420.0  # over the demo limit of 300 cm: the river has burst its banks
    phase = (t % STORM_CYCLE_S) / STORM_CYCLE_S
    storm = max(0.0, 1.0 - abs(phase - 0.75) * 4.0)  # 0 when calm, 1 at the storm's peak
    return 120.0 + STORM_RISE_CM * storm + 0.3 * math.sin(t / 60.0)


def crowd_count(t: float, fault: bool) -> float:
    if fault:
        return 6_000.0  # over the demo limit of 4,000 people
    hour = (t % SECONDS_PER_DAY) / 3_600.0
    daytime = max(0.0, math.sin(math.pi * (hour - 6.0) / 16.0))  # 06:00 to 22:00
    return float(round(150 + 1_800 * daytime))


def door_state(t: float, fault: bool) -> float:
    return 1.0 if fault else 0.0  # the fault holds the door open


@dataclass(frozen=True)
class SimSensor:
    id: str
    value_at: Callable[[float, bool], float]


SENSORS = (
    SimSensor("smoke-1", smoke_ppm),
    SimSensor("water-1", water_level_cm),
    SimSensor("crowd-1", crowd_count),
    SimSensor("door-1", door_state),
)


class UnknownSensorError(KeyError):
    pass


class SensorFeeder:
    def __init__(
        self,
        url: str,
        token: str,
        interval_s: float = SEND_INTERVAL_S,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._url, self._token, self._interval_s, self._clock = url, token, interval_s, clock
        self._faults: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="sensors", daemon=True)
        self._failing = False
        self._ever_taken = False  # no reading taken yet: the receiver may still be starting

    def faults(self) -> dict[str, bool]:
        with self._lock:
            return {sensor.id: sensor.id in self._faults for sensor in SENSORS}

    def set_fault(self, sensor_id: str, on: bool) -> None:
        if sensor_id not in {sensor.id for sensor in SENSORS}:
            raise UnknownSensorError(sensor_id)
        with self._lock:
            (self._faults.add if on else self._faults.discard)(sensor_id)

    def readings(self, now: float) -> list[dict[str, object]]:
        ts = datetime.fromtimestamp(now, UTC).isoformat()
        faults = self.faults()
        return [
            {"sensor_id": s.id, "ts": ts, "value": s.value_at(now, faults[s.id])} for s in SENSORS
        ]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(POST_TIMEOUT_S + 1)

    def _run(self) -> None:
        headers = {"Authorization": f"Bearer {self._token}"}
        with httpx.Client(timeout=POST_TIMEOUT_S, headers=headers) as client:
            while not self._stop.is_set():
                self._send(client)
                self._stop.wait(self._interval_s)

    def _send(self, client: httpx.Client) -> None:
        try:
            response = client.post(self._url, json={"readings": self.readings(self._clock())})
            response.raise_for_status()
        except httpx.HTTPError as error:
            self._failed(error)
            return
        if self._failing and self._ever_taken:
            log.info("sensor readings taken again")
        self._failing, self._ever_taken = False, True

    def _failed(self, error: httpx.HTTPError) -> None:
        """Logs once per outage, not every interval. Refused connections before the first
        reading was taken are the demo's command centre starting after us: no warning."""
        if not self._failing:
            if isinstance(error, httpx.ConnectError) and not self._ever_taken:
                log.info("sensor readings wait for %s to answer", self._url)
            else:
                log.warning("sensor readings not taken: %s", error)
        self._failing = True
