from hypothesis import given
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from common.debounce import (
    AlertEffect,
    AlertRule,
    AlertState,
    Debounce,
    step_debounce,
)

F, P = True, False  # a failing sample, a passing one


def run(verdicts, k=2, m=2, n=None, hold=0.0, every=1.0):
    rule = AlertRule(k, n or k, m, hold)
    state, effects = Debounce(), []
    for i, verdict in enumerate(verdicts):
        state, effect = step_debounce(state, verdict, rule, i * every)
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


def test_k_of_n_raises_on_scattered_failures():
    _, effects = run([F, P, F, P, F], k=3, n=5)
    assert effects == [None, None, None, None, AlertEffect.RAISE]


def test_k_of_n_forgets_failures_older_than_the_window():
    _, effects = run([F, P, P, P, F, P, F], k=3, n=3)
    assert AlertEffect.RAISE not in effects


def test_a_flapping_camera_keeps_one_alert_until_clear_for_the_hold_time():
    flaps = [F, F, P, P, F, P, P, F, F, P, P, P, P, P, P, P]
    _, effects = run(flaps, k=2, m=2, hold=4.0)
    assert effects.count(AlertEffect.RAISE) == 1
    assert effects.count(AlertEffect.CLEAR) == 1
    assert effects.index(AlertEffect.CLEAR) == 14  # passes from 9, clearing at 10, held 4 s


def test_without_hold_a_flap_clears_and_raises_again():
    _, effects = run([F, F, P, P, F, F], k=2, m=2)
    assert [e for e in effects if e] == [AlertEffect.RAISE, AlertEffect.CLEAR, AlertEffect.RAISE]


@given(
    st.lists(st.sampled_from([F, P]), max_size=60),
    st.integers(1, 5),
    st.integers(0, 3),
    st.integers(1, 5),
    st.floats(0, 5),
)
def test_raises_and_clears_alternate(verdicts, k, extra, m, hold):
    _, effects = run(verdicts, k, m, n=k + extra, hold=hold)
    changes = [e for e in effects if e is not None]
    assert changes == [AlertEffect.RAISE, AlertEffect.CLEAR] * (len(changes) // 2) + (
        [AlertEffect.RAISE] if len(changes) % 2 else []
    )


class DebounceMachine(RuleBasedStateMachine):
    """Random verdict sequences against a plain model of what an operator should see."""

    def __init__(self) -> None:
        super().__init__()
        self.rule = AlertRule(raise_after=2, window=3, clear_after=2, hold_s=3.0)
        self.state, self.now, self.raised = Debounce(), 0.0, False
        self.history: list[bool] = []
        self.last_failure = -1e9

    @rule(failed=st.booleans(), gap=st.floats(0.5, 3.0))
    def sample(self, failed: bool, gap: float) -> None:
        self.now += gap
        self.history.append(failed)
        if failed:
            self.last_failure = self.now
        self.state, effect = step_debounce(self.state, F if failed else P, self.rule, self.now)
        if effect is AlertEffect.RAISE:
            assert not self.raised and sum(self.history[-3:]) >= 2
            self.raised = True
        if effect is AlertEffect.CLEAR:
            assert self.raised and self.now - self.last_failure >= self.rule.hold_s
            self.raised, self.history = False, []

    @invariant()
    def raised_matches_the_state(self) -> None:
        assert self.raised == (self.state.state is not AlertState.CLEAR)


TestDebounceMachine = DebounceMachine.TestCase


def test_after_a_start_passes_clear_whatever_the_centre_may_hold():
    rule = AlertRule(raise_after=2, window=3, clear_after=2, hold_s=10.0)
    state, effects = Debounce(AlertState.UNKNOWN), []
    for now, verdict in enumerate([P, P, P]):
        state, effect = step_debounce(state, verdict, rule, float(now))
        effects.append(effect)
    assert effects == [None, AlertEffect.CLEAR, None]
    assert state.state is AlertState.CLEAR


def test_after_a_start_failures_raise_as_from_clear():
    rule = AlertRule(raise_after=2, window=3, clear_after=2, hold_s=10.0)
    state, effects = Debounce(AlertState.UNKNOWN), []
    for now, verdict in enumerate([F, F, F]):
        state, effect = step_debounce(state, verdict, rule, float(now))
        effects.append(effect)
    assert effects == [None, AlertEffect.RAISE, None]
