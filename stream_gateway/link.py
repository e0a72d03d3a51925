"""A camera's connection state: one transition function, pure, time passed in.

connecting -> online on the first frame. A camera that comes back after being offline or in
error is `degraded` until it has sent frames for `stable_after_s` without a break, so a flapping
camera shows amber, not a green tile that keeps blinking red. `error` means a fault an operator
must fix (wrong password, wrong path, a codec we cannot decode): retrying will not heal it,
though the reader keeps retrying at its slowest pace in case someone fixes the camera.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from events.schema import ConnectionState as S


class LinkEvent(StrEnum):
    FRAME = "frame"
    FALLBACK_FRAME = "fallback_frame"  # a picture, but from the snapshot URL: the stream is lost
    SIGNAL_LOST = "signal_lost"
    MISCONFIGURED = "misconfigured"


@dataclass(frozen=True, slots=True)
class Link:
    state: S = S.CONNECTING
    since: float = 0.0  # when the current state began (monotonic seconds)


def step_link(link: Link, event: LinkEvent, now: float, stable_after_s: float) -> Link:
    if event is LinkEvent.MISCONFIGURED:
        return _to(link, S.ERROR, now)
    if event is LinkEvent.SIGNAL_LOST:
        return link if link.state is S.ERROR else _to(link, S.OFFLINE, now)
    if event is LinkEvent.FALLBACK_FRAME:
        return _to(link, S.DEGRADED, now)
    return _on_frame(link, now, stable_after_s)


def _on_frame(link: Link, now: float, stable_after_s: float) -> Link:
    if link.state in (S.OFFLINE, S.ERROR):
        return Link(S.DEGRADED, now)
    if link.state is S.DEGRADED and now - link.since < stable_after_s:
        return link
    return _to(link, S.ONLINE, now)


def _to(link: Link, state: S, now: float) -> Link:
    return link if link.state is state else Link(state, now)
