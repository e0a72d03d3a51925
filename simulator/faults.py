"""Fault kinds a simulated camera can show, their strength, and which clip plays under each.

Adding a kind: add it to `FaultKind`; if it has a strength, add it to `GRADED` and teach
`fault_effects.apply_fault` what it does to a picture. Strengths are quantised to
`SEVERITY_STEPS`, one pre-encoded clip per step, so a fault never needs encoding per request
twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FaultKind(StrEnum):
    NORMAL = "normal"
    BLACK = "black"
    FREEZE = "freeze"
    BLUR = "blur"
    DARK = "dark"
    OVEREXPOSE = "overexpose"
    COVER = "cover"
    COLOR_CAST = "color_cast"
    NOISE = "noise"
    STRIPES = "stripes"
    SHIFT = "shift"
    DISCONNECT = "disconnect"


class ClipName(StrEnum):
    """The clips every camera has from the start; graded faults add `<kind>-<percent>` clips."""

    NORMAL = "normal"
    FREEZE = "freeze"
    BLACK = "black"


ClipId = str  # a ClipName, or a graded fault's clip such as "blur-050"

# Kinds whose picture depends on the severity; the others ignore it.
GRADED = frozenset(FaultKind) - {
    FaultKind.NORMAL,
    FaultKind.BLACK,
    FaultKind.FREEZE,
    FaultKind.DISCONNECT,
}
# Four steps: enough for "slight / clear / strong / total", few enough to pre-encode them all.
SEVERITY_STEPS = (0.25, 0.5, 0.75, 1.0)
DEFAULT_SEVERITY = 1.0


def quantise(severity: float) -> float:
    """The nearest step (ties go to the weaker one); 0 gives the weakest step, not "no fault"."""
    return min(SEVERITY_STEPS, key=lambda step: (abs(step - severity), step))


@dataclass(frozen=True)
class Fault:
    kind: FaultKind = FaultKind.NORMAL
    severity: float = DEFAULT_SEVERITY  # 0..1, as asked; `level` is what is shown

    @property
    def level(self) -> float | None:
        """The severity step shown, None for kinds without a strength."""
        return quantise(self.severity) if self.kind in GRADED else None


def clip_for(fault: Fault, pan: float = 0.0) -> ClipId | None:
    """The clip a camera streams under `fault`; None: no stream (sessions closed, refused).

    `pan` (0..1) is where an ONVIF preset turned the camera: without a fault it plays the shift
    clip of that strength, which shows the same scene panned; a fault shows over the home view.
    """
    if fault.kind is FaultKind.DISCONNECT:
        return None
    if fault.kind is FaultKind.NORMAL and pan > 0:
        return graded_clip(FaultKind.SHIFT, quantise(pan))
    if fault.level is None:
        return ClipName(fault.kind.value)
    return graded_clip(fault.kind, fault.level)


def graded_clip(kind: FaultKind, level: float) -> ClipId:
    return f"{kind.value}-{round(level * 100):03d}"


def parse_graded_clip(clip: ClipId) -> tuple[FaultKind, float]:
    """`"blur-050"` -> (FaultKind.BLUR, 0.5); ValueError for a base clip name."""
    kind, _, percent = clip.rpartition("-")
    if FaultKind(kind) not in GRADED:
        raise ValueError(f"{clip!r} is not a graded fault clip")
    return FaultKind(kind), int(percent) / 100


def is_graded_clip(clip: ClipId) -> bool:
    return clip not in set(ClipName)


def all_graded_clips() -> list[ClipId]:
    return [
        graded_clip(kind, level) for kind in FaultKind if kind in GRADED for level in SEVERITY_STEPS
    ]


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
