"""A sensor's rules as pure functions: a reading (or the clock) and the previous state in, the new
state and the alert changes out. Times are seconds since the epoch, passed in.

`sensor_high`, `sensor_low` and `sensor_rate` go through the camera alert debounce
(common/debounce.py: k of the last n readings raise, m passing readings and hold_s
without a failure clear), timed by the readings' own timestamps, so a flapping sensor keeps
one alert. `sensor_stale` is not debounced: it is raised once a sensor has been silent for
longer than `stale_after_s` (counted from the start of watching if it never reported) and
cleared by the next reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from common.debounce import AlertEffect, AlertState, Debounce, step_debounce
from events.schema import SensorCheck, Verdict
from sensors.config import SensorRules

SECONDS_PER_MINUTE = 60.0
UP = (AlertState.RAISED, AlertState.CLEARING)  # states in which an alert is active


@dataclass(frozen=True, slots=True)
class SensorState:
    since: float  # when watching began: staleness counts from here until the first reading
    last_value: float | None = None
    last_ts: float | None = None
    stale: bool = False
    debounces: Mapping[SensorCheck, Debounce] = field(default_factory=dict)

    def active(self) -> list[SensorCheck]:
        """The checks whose alert is up (raised or clearing), stale included."""
        up = [c for c, d in self.debounces.items() if d.state in UP]
        return sorted([*up, SensorCheck.STALE] if self.stale else up)


@dataclass(frozen=True, slots=True)
class SensorAlertChange:
    check: SensorCheck
    effect: AlertEffect
    score: float  # the reading that decided it; for staleness, the seconds without one


def findings(
    rules: SensorRules, state: SensorState, value: float, ts: float
) -> dict[SensorCheck, Verdict]:
    """The verdict of each rule the sensor has for this reading; rate needs a previous one."""
    verdicts: dict[SensorCheck, Verdict] = {}
    if rules.high is not None:
        verdicts[SensorCheck.HIGH] = _fail_if(value > rules.high)
    if rules.low is not None:
        verdicts[SensorCheck.LOW] = _fail_if(value < rules.low)
    if rules.rate_per_min is not None and state.last_value is not None:
        assert state.last_ts is not None
        per_min = abs(value - state.last_value) * SECONDS_PER_MINUTE / (ts - state.last_ts)
        verdicts[SensorCheck.RATE] = _fail_if(per_min > rules.rate_per_min)
    return verdicts


def on_reading(
    rules: SensorRules, state: SensorState, value: float, ts: float
) -> tuple[SensorState, list[SensorAlertChange]]:
    """Take in one reading. One not newer than the last taken is ignored (a resend or a
    reading overtaken by a later one): rules judge readings in time order only."""
    if state.last_ts is not None and ts <= state.last_ts:
        return state, []
    rule = rules.debounce.rule()
    debounces = dict(state.debounces)
    changes = []
    for check, verdict in findings(rules, state, value, ts).items():
        debounces[check], effect = step_debounce(
            debounces.get(check, Debounce()), verdict is Verdict.FAIL, rule, ts
        )
        if effect is not None:
            changes.append(SensorAlertChange(check, effect, value))
    if state.stale:
        changes.append(SensorAlertChange(SensorCheck.STALE, AlertEffect.CLEAR, value))
    return SensorState(state.since, value, ts, False, debounces), changes


def on_clock(
    rules: SensorRules, state: SensorState, now: float
) -> tuple[SensorState, list[SensorAlertChange]]:
    """Raise `sensor_stale` once the sensor has been silent for longer than its limit."""
    limit = rules.stale_after_s
    if limit is None or state.stale:
        return state, []
    silent = now - (state.last_ts if state.last_ts is not None else state.since)
    if silent <= limit:
        return state, []
    return replace(state, stale=True), [
        SensorAlertChange(SensorCheck.STALE, AlertEffect.RAISE, silent)
    ]


def _fail_if(failed: bool) -> Verdict:
    return Verdict.FAIL if failed else Verdict.PASS
