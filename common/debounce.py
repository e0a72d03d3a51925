"""Alert debounce, for a camera's checks and a sensor's rules alike. Pure, no I/O.

A check raises an alert when `k` of its last `n` samples failed, so one bad frame does not light
the wall; it clears after `m` consecutive passing samples and then `hold_s` without a failure, so
a flapping camera keeps one alert instead of raising a new one at every flap.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from pydantic import Field, model_validator

from common.strict import StrictModel


class AlertState(StrEnum):
    # After a start or a takeover from another gateway: the command centre may hold an alert
    # raised before. Failures raise as from CLEAR (the centre merges a raise into the alert it
    # holds); m passes send a clear at once (the centre ignores a clear it holds nothing for).
    UNKNOWN = "unknown"
    CLEAR = "clear"
    RAISED = "raised"
    CLEARING = "clearing"  # passing again, but not yet for the hold time


class AlertEffect(StrEnum):
    RAISE = "raise"
    CLEAR = "clear"


@dataclass(frozen=True, slots=True)
class AlertRule:
    raise_after: int  # k failing samples ...
    window: int  # ... among the last n
    clear_after: int  # m consecutive passing samples start the clearing
    hold_s: float  # clear only after this long without a failure


@dataclass(frozen=True, slots=True)
class Debounce:
    state: AlertState = AlertState.CLEAR
    recent: tuple[bool, ...] = ()  # the last `window` verdicts, True for a failure
    passes: int = 0
    clearing_since: float = 0.0


def step_debounce(
    current: Debounce, failed: bool, rule: AlertRule, now: float
) -> tuple[Debounce, AlertEffect | None]:
    counted = replace(
        current,
        recent=(*current.recent, failed)[-rule.window :],
        passes=0 if failed else current.passes + 1,
    )
    if failed:
        return _on_failure(counted, rule)
    return _on_pass(counted, rule, now)


def _on_failure(current: Debounce, rule: AlertRule) -> tuple[Debounce, AlertEffect | None]:
    if current.state is AlertState.CLEARING:
        return replace(current, state=AlertState.RAISED), None  # flapping: same alert goes on
    idle = current.state in (AlertState.CLEAR, AlertState.UNKNOWN)
    if idle and sum(current.recent) >= rule.raise_after:
        return replace(current, state=AlertState.RAISED), AlertEffect.RAISE
    return current, None


def _on_pass(current: Debounce, rule: AlertRule, now: float) -> tuple[Debounce, AlertEffect | None]:
    if current.state is AlertState.UNKNOWN and current.passes >= rule.clear_after:
        return replace(current, state=AlertState.CLEAR, recent=()), AlertEffect.CLEAR
    if current.state is AlertState.RAISED and current.passes >= rule.clear_after:
        current = replace(current, state=AlertState.CLEARING, clearing_since=now)
    if current.state is AlertState.CLEARING and now - current.clearing_since >= rule.hold_s:
        return replace(current, state=AlertState.CLEAR, recent=()), AlertEffect.CLEAR
    return current, None


class AlertRuleConfig(StrictModel):
    """The debounce as written in a configuration file."""

    raise_after: int = Field(
        default=2, ge=1, le=100, description="Failing samples (k) among the last `window` to raise"
    )
    window: int | None = Field(
        default=None,
        ge=1,
        le=100,
        description="Samples looked at (n); default: raise_after, i.e. k consecutive failures",
    )
    clear_after: int = Field(
        default=2, ge=1, le=100, description="Consecutive passing samples to start clearing"
    )
    hold_s: float = Field(
        default=0.0,
        ge=0,
        le=86_400,
        description="Seconds without a failure before an alert "
        "clears; a failure meanwhile continues the same alert (no new one for a flapping camera)",
    )

    @model_validator(mode="after")
    def _window_holds_k(self) -> AlertRuleConfig:
        if self.window is not None and self.window < self.raise_after:
            raise ValueError(
                f"window ({self.window}) must be at least raise_after ({self.raise_after})"
            )
        return self

    def rule(self) -> AlertRule:
        return AlertRule(
            self.raise_after, self.window or self.raise_after, self.clear_after, self.hold_s
        )
