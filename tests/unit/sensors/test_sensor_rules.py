from hypothesis import given
from hypothesis import strategies as st

from common.debounce import AlertEffect, AlertRuleConfig
from events.schema import SensorCheck
from sensors.config import SensorRules
from sensors.rules import SensorAlertChange, SensorState, findings, on_clock, on_reading

RAISE, CLEAR = AlertEffect.RAISE, AlertEffect.CLEAR
HIGH, LOW = 100.0, 10.0
RULES = SensorRules(
    high=HIGH,
    low=LOW,
    stale_after_s=60,
    debounce=AlertRuleConfig(raise_after=2, window=3, clear_after=2, hold_s=30),
)


def feed(values, rules=RULES, every_s=10.0, start=0.0):
    state, changes = SensorState(since=start), []
    for i, value in enumerate(values):
        state, new = on_reading(rules, state, value, start + (i + 1) * every_s)
        changes += new
    return state, changes


def effects(changes):
    return [(c.check, c.effect) for c in changes]


@given(st.lists(st.floats(min_value=LOW, max_value=HIGH), min_size=1, max_size=50))
def test_a_value_inside_the_limits_never_alerts(values):
    state, changes = feed(values)
    assert changes == [] and state.active() == []


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), max_size=30))
def test_limits_alone_never_raise_rate_or_stale(values):
    _, changes = feed(values)
    assert {c.check for c in changes} <= {SensorCheck.HIGH, SensorCheck.LOW}


def test_one_reading_over_the_high_limit_does_not_raise_two_of_three_do():
    assert feed([50, 150, 50])[1] == []
    _, changes = feed([50, 150, 50, 150])
    assert effects(changes) == [(SensorCheck.HIGH, RAISE)]
    assert changes[0].score == 150


def test_a_flapping_sensor_raises_once_and_clears_after_the_hold():
    flapping = [150, 150, 50, 150, 50, 150, 50, 50, 50]  # readings 10 s apart
    state, changes = feed(flapping)
    assert effects(changes) == [(SensorCheck.HIGH, RAISE)]
    assert state.active() == [SensorCheck.HIGH]
    # two passes start the clearing; it clears once 30 s have passed without a failure
    _, later = feed([*flapping, 50, 50, 50])
    assert effects(later) == [(SensorCheck.HIGH, RAISE), (SensorCheck.HIGH, CLEAR)]


def test_below_the_low_limit_raises_sensor_low():
    _, changes = feed([5, 5])
    assert effects(changes) == [(SensorCheck.LOW, RAISE)]


def test_rate_of_change_is_absolute_change_per_minute():
    rules = SensorRules(rate_per_min=6.0)  # 1 per 10 s
    state = SensorState(since=0)
    state, _ = on_reading(rules, state, 0.0, 10.0)
    assert findings(rules, state, 1.0, 20.0) == {SensorCheck.RATE: "pass"}
    assert findings(rules, state, -1.5, 20.0) == {SensorCheck.RATE: "fail"}
    _, changes = feed([0, 5, 10], rules=rules)
    assert effects(changes) == [(SensorCheck.RATE, RAISE)]


def test_the_first_reading_has_no_rate_verdict():
    rules = SensorRules(rate_per_min=1.0)
    assert findings(rules, SensorState(since=0), 1000.0, 1.0) == {}


def test_a_reading_not_newer_than_the_last_is_ignored():
    state, _ = feed([150, 150])  # raised at t=20
    same, changes = on_reading(RULES, state, 50.0, 20.0)
    assert same is state and changes == []


def test_a_silent_sensor_goes_stale_after_its_limit_and_a_reading_clears_it():
    state = SensorState(since=1000.0)
    state, changes = on_clock(RULES, state, 1060.0)
    assert changes == []  # exactly at the limit: not yet
    state, changes = on_clock(RULES, state, 1060.5)
    assert changes == [SensorAlertChange(SensorCheck.STALE, RAISE, 60.5)]
    assert on_clock(RULES, state, 2000.0)[1] == []  # raised once
    state, changes = on_reading(RULES, state, 50.0, 2001.0)
    assert effects(changes) == [(SensorCheck.STALE, CLEAR)] and state.active() == []


def test_staleness_counts_from_the_last_reading():
    state, _ = on_reading(RULES, SensorState(since=0), 50.0, 100.0)
    assert on_clock(RULES, state, 159.0)[1] == []
    assert effects(on_clock(RULES, state, 161.0)[1]) == [(SensorCheck.STALE, RAISE)]


def test_without_a_stale_limit_a_sensor_never_goes_stale():
    assert on_clock(SensorRules(high=1), SensorState(since=0), 1e9)[1] == []
