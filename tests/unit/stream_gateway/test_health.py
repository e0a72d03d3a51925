import pytest
from hypothesis import given
from hypothesis import strategies as st

from events.schema import ConnectionState, Verdict
from stream_gateway.health import (
    AlertEffect,
    AlertState,
    Debounce,
    LinkEvent,
    step_debounce,
    step_link,
)

F, P = Verdict.FAIL, Verdict.PASS


def run(verdicts, k=2, m=2):
    state, effects = Debounce(), []
    for verdict in verdicts:
        state, effect = step_debounce(state, verdict, k, m)
        effects.append(effect)
    return state, effects


def test_raises_after_k_consecutive_failures_only():
    _, effects = run([F, P, F, F], k=2)
    assert effects == [None, None, None, AlertEffect.RAISE]


def test_raises_once_however_long_the_fault_lasts():
    _, effects = run([F] * 10, k=3)
    assert effects.count(AlertEffect.RAISE) == 1


def test_clears_after_m_consecutive_passes():
    state, effects = run([F, F, P, F, P, P, P], k=2, m=3)
    assert effects[-1] is AlertEffect.CLEAR
    assert effects.count(AlertEffect.CLEAR) == 1
    assert state.state is AlertState.CLEAR


def test_one_passing_sample_does_not_clear():
    state, effects = run([F, F, P], k=2, m=2)
    assert state.state is AlertState.RAISED
    assert AlertEffect.CLEAR not in effects


@given(st.lists(st.sampled_from([F, P]), max_size=60), st.integers(1, 5), st.integers(1, 5))
def test_raises_and_clears_alternate(verdicts, k, m):
    _, effects = run(verdicts, k, m)
    changes = [e for e in effects if e is not None]
    assert changes == [AlertEffect.RAISE, AlertEffect.CLEAR] * (len(changes) // 2) + (
        [AlertEffect.RAISE] if len(changes) % 2 else []
    )


def test_a_frame_brings_an_offline_camera_online():
    assert step_link(ConnectionState.OFFLINE, LinkEvent.FRAME) is ConnectionState.ONLINE


def test_reconnecting_does_not_hide_that_a_camera_is_offline():
    assert step_link(ConnectionState.OFFLINE, LinkEvent.RECONNECTING) is ConnectionState.OFFLINE


@pytest.mark.parametrize("state", list(ConnectionState))
@pytest.mark.parametrize("event", list(LinkEvent))
def test_every_link_state_answers_every_event(state, event):
    assert step_link(state, event) in ConnectionState
