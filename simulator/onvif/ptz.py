"""PTZ presets of a simulated camera and the view each one shows: pure data.

A preset turns the view the way the `shift` fault does (`fault_effects.pan_px`): its pan is a
fraction of `MAX_PAN`, and must be a severity step so its clip is one the simulator can encode
and cache. Preset 1 is the home (normal) view. The position reported for a preset uses ONVIF's
generic spaces: pan x = the preset's pan (0..1 of -1..1), tilt 0, zoom 0.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.faults import SEVERITY_STEPS

PAN_TILT_SPACE = "http://www.onvif.org/ver10/tptz/PanTiltSpaces/PositionGenericSpace"
ZOOM_SPACE = "http://www.onvif.org/ver10/tptz/ZoomSpaces/PositionGenericSpace"
NODE_TOKEN = "ptz-node"


@dataclass(frozen=True)
class Preset:
    token: str
    name: str
    pan: float  # 0 home .. 1 turned furthest (MAX_PAN of the view width)


PRESETS = (
    Preset("1", "Home", 0.0),
    Preset("2", "Gate", 0.5),
    Preset("3", "Street", 1.0),
)
HOME = PRESETS[0]
assert all(p.pan == 0 or p.pan in SEVERITY_STEPS for p in PRESETS), "pans must be clip steps"


class UnknownPresetError(KeyError):
    def __str__(self) -> str:
        return f"no preset {self.args[0]!r}"


def preset(token: str) -> Preset:
    """Raises UnknownPresetError."""
    for candidate in PRESETS:
        if candidate.token == token:
            return candidate
    raise UnknownPresetError(token)


def position(pan: float) -> tuple[float, float, float]:
    """(pan, tilt, zoom) in the generic spaces for a view panned by `pan`."""
    return pan, 0.0, 0.0
