"""Fault kinds a simulated camera can show, and what each one plays.

Adding a kind: add it to `FaultKind`, then say what it plays in `FAULT_CLIPS` (a clip, or `None`
for "no stream at all"). Kinds that come with a strength (blur, noise, cover) will read
`Fault.severity` and pick a pre-encoded clip per severity step; the field is accepted already.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from simulator.clips import ClipName


class FaultKind(StrEnum):
    NORMAL = "normal"
    BLACK = "black"
    FREEZE = "freeze"
    DISCONNECT = "disconnect"


# What a camera streams under each fault; None: no stream (sessions closed, new ones refused).
FAULT_CLIPS: dict[FaultKind, ClipName | None] = {
    FaultKind.NORMAL: ClipName.NORMAL,
    FaultKind.BLACK: ClipName.BLACK,
    FaultKind.FREEZE: ClipName.FREEZE,
    FaultKind.DISCONNECT: None,
}


@dataclass(frozen=True)
class Fault:
    kind: FaultKind = FaultKind.NORMAL
    severity: float | None = None  # 0..1, for kinds that have a strength; unused by v1 kinds


def clip_for(fault: Fault) -> ClipName | None:
    return FAULT_CLIPS[fault.kind]


def streams(fault: Fault) -> bool:
    """Whether the camera accepts RTSP sessions under this fault."""
    return clip_for(fault) is not None


def parse_fault_arg(text: str) -> tuple[str, FaultKind]:
    """`cam-3=black` -> ("cam-3", FaultKind.BLACK); ValueError names what is wrong."""
    camera_id, sep, kind = text.partition("=")
    if not sep or not camera_id.strip():
        raise ValueError(f"expected CAMERA=KIND (e.g. cam-3=black), got {text!r}")
    try:
        return camera_id.strip(), FaultKind(kind.strip())
    except ValueError:
        allowed = ", ".join(k.value for k in FaultKind)
        raise ValueError(f"unknown fault kind {kind!r} in {text!r}; allowed: {allowed}") from None
