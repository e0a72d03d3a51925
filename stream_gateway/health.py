"""Per-camera health: alert debounce per check and the connection state. Pure, no I/O.

A check raises an alert only after `raise_after` consecutive failing samples and clears it
only after `clear_after` consecutive passing ones, so one bad frame does not light the wall.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from events.schema import ConnectionState, Verdict


class AlertState(StrEnum):
    CLEAR = "clear"
    RAISED = "raised"


class AlertEffect(StrEnum):
    RAISE = "raise"
    CLEAR = "clear"


@dataclass(frozen=True, slots=True)
class Debounce:
    state: AlertState = AlertState.CLEAR
    fails: int = 0
    passes: int = 0


def step_debounce(
    current: Debounce, verdict: Verdict, raise_after: int, clear_after: int
) -> tuple[Debounce, AlertEffect | None]:
    if verdict is Verdict.FAIL:
        counted = replace(current, fails=current.fails + 1, passes=0)
        if counted.state is AlertState.CLEAR and counted.fails >= raise_after:
            return replace(counted, state=AlertState.RAISED), AlertEffect.RAISE
        return counted, None
    counted = replace(current, passes=current.passes + 1, fails=0)
    if counted.state is AlertState.RAISED and counted.passes >= clear_after:
        return replace(counted, state=AlertState.CLEAR), AlertEffect.CLEAR
    return counted, None


class LinkEvent(StrEnum):
    FRAME = "frame"
    SIGNAL_LOST = "signal_lost"
    RECONNECTING = "reconnecting"


_LINK_TRANSITIONS: dict[tuple[ConnectionState, LinkEvent], ConnectionState] = {
    (ConnectionState.CONNECTING, LinkEvent.FRAME): ConnectionState.ONLINE,
    (ConnectionState.CONNECTING, LinkEvent.SIGNAL_LOST): ConnectionState.OFFLINE,
    (ConnectionState.CONNECTING, LinkEvent.RECONNECTING): ConnectionState.CONNECTING,
    (ConnectionState.ONLINE, LinkEvent.FRAME): ConnectionState.ONLINE,
    (ConnectionState.ONLINE, LinkEvent.SIGNAL_LOST): ConnectionState.OFFLINE,
    (ConnectionState.ONLINE, LinkEvent.RECONNECTING): ConnectionState.CONNECTING,
    (ConnectionState.OFFLINE, LinkEvent.FRAME): ConnectionState.ONLINE,
    (ConnectionState.OFFLINE, LinkEvent.SIGNAL_LOST): ConnectionState.OFFLINE,
    # An offline camera stays offline while the reader keeps trying; only a frame revives it.
    (ConnectionState.OFFLINE, LinkEvent.RECONNECTING): ConnectionState.OFFLINE,
}


def step_link(state: ConnectionState, event: LinkEvent) -> ConnectionState:
    try:
        return _LINK_TRANSITIONS[(state, event)]
    except KeyError:
        raise ValueError(f"no link transition from {state} on {event}") from None
