"""A camera's health over time: debounce every check, follow the link. Pure, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

from common.debounce import (
    AlertEffect,
    AlertRule,
    AlertState,
    Debounce,
    step_debounce,
)
from events.schema import CheckName, Verdict
from stream_gateway.checks import CheckResult
from stream_gateway.checks.result import Region
from stream_gateway.link import Link, LinkEvent, step_link


@dataclass(frozen=True, slots=True)
class CheckAlertChange:
    check: CheckName
    effect: AlertEffect
    score: float
    region: Region | None = None
    # A clear from UNKNOWN (after a start or a takeover): nothing was raised here, it only tells
    # the centre that no alert it may hold from before stands. Worth sending, not worth a log.
    confirms: bool = False


@dataclass(slots=True)
class CameraHealth:
    link: Link = field(default_factory=Link)
    checks: dict[CheckName, Debounce] = field(default_factory=dict)

    def observe(
        self, results: list[CheckResult], rule: AlertRule, now: float
    ) -> list[CheckAlertChange]:
        changes = []
        for result in results:
            if result.verdict is Verdict.UNKNOWN:  # neither raises nor clears, like a mask
                continue
            current = self.checks.get(result.check, Debounce(AlertState.UNKNOWN))
            updated, effect = step_debounce(current, result.verdict is Verdict.FAIL, rule, now)
            self.checks[result.check] = updated
            if effect is not None:
                confirms = current.state is AlertState.UNKNOWN and effect is AlertEffect.CLEAR
                change = CheckAlertChange(
                    result.check, effect, result.score, result.region, confirms
                )
                changes.append(change)
        return changes

    def link_event(self, event: LinkEvent, now: float, stable_after_s: float) -> bool:
        """Apply a link event; True when the connection state changed."""
        before = self.link.state
        self.link = step_link(self.link, event, now, stable_after_s)
        return self.link.state is not before
