"""The messages that cross the bus between the gateway and the command centre.

Both sides import this module and nothing else of each other. Every model carries
`v`, the schema version, so a reader can refuse a message it does not understand.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class CheckName(StrEnum):
    SIGNAL_LOSS = "signal_loss"
    FROZEN = "frozen"
    BLUR = "blur"
    DARK = "dark"
    OVEREXPOSED = "overexposed"
    COVERED = "covered"
    COLOR_CAST = "color_cast"
    NOISE = "noise"
    SCENE_CHANGE = "scene_change"


class Verdict(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"  # the check cannot judge this picture (a blank wall, night): no step


class ConnectionState(StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    DEGRADED = "degraded"  # back after a loss, not yet stable
    OFFLINE = "offline"
    ERROR = "error"  # needs an operator: wrong password or path, a codec we cannot decode


class LinkFailure(StrEnum):
    """Why the last connection attempt failed: shown with an offline or error camera."""

    AUTH = "auth"
    NOT_FOUND = "not_found"
    UNSUPPORTED_CODEC = "unsupported_codec"
    TIMEOUT = "timeout"
    REFUSED = "refused"
    UNREACHABLE = "unreachable"
    ENDED = "ended"
    OTHER = "other"


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    v: int = SCHEMA_VERSION
    camera_id: str
    ts: datetime


class CameraStatus(_Event):
    kind: Literal["camera_status"] = "camera_status"
    state: ConnectionState
    failure: LinkFailure | None = None
    reason: str = ""  # the failure in words, credentials redacted


class Finding(_Event):
    kind: Literal["finding"] = "finding"
    check: CheckName
    verdict: Verdict
    score: float
    threshold: float


class Severity(StrEnum):
    CRITICAL = "critical"  # nothing to see: the camera is as good as gone
    MAJOR = "major"  # the picture is there but useless for its post
    MINOR = "minor"  # degraded: still usable, fix in the next maintenance round


CHECK_SEVERITY: dict[CheckName, Severity] = {
    CheckName.SIGNAL_LOSS: Severity.CRITICAL,
    CheckName.DARK: Severity.CRITICAL,
    CheckName.FROZEN: Severity.CRITICAL,
    CheckName.COVERED: Severity.MAJOR,
    CheckName.SCENE_CHANGE: Severity.MAJOR,
    CheckName.OVEREXPOSED: Severity.MAJOR,
    CheckName.BLUR: Severity.MAJOR,
    CheckName.NOISE: Severity.MINOR,
    CheckName.COLOR_CAST: Severity.MINOR,
}


class SensorCheck(StrEnum):
    """The rules a sensor's readings are held to (sensors/rules.py)."""

    HIGH = "sensor_high"  # above its high limit
    LOW = "sensor_low"  # below its low limit
    RATE = "sensor_rate"  # changing faster than its limit per minute
    STALE = "sensor_stale"  # no reading for longer than its stale limit


SENSOR_CHECK_SEVERITY: dict[SensorCheck, Severity] = {
    SensorCheck.HIGH: Severity.CRITICAL,  # smoke, flood, overcrowding: act now
    SensorCheck.LOW: Severity.MAJOR,  # e.g. a reservoir running low: act soon
    SensorCheck.RATE: Severity.MAJOR,  # a fast rise warns before the limit is reached
    SensorCheck.STALE: Severity.MINOR,  # the device or its link needs maintenance
}


AlertPhase = Literal["raised", "cleared"]


class Alert(_Event):
    """A check crossed its debounce: `raised` when k of n samples failed, `cleared` when held
    clear. A raise carries its evidence: the frame that raised it and the region at fault.

    `subject` says what raised it: a camera check, or a sensor rule (then `check` is a
    SensorCheck and `camera_id` carries the sensor's id; issue 5 renames the field to
    `source_id` in schema v2)."""

    kind: Literal["alert"] = "alert"
    check: CheckName | SensorCheck
    subject: Literal["camera", "sensor"] = "camera"
    state: AlertPhase
    score: float
    severity: Severity = Severity.MAJOR
    region: tuple[float, float, float, float] | None = None
    evidence_jpeg: bytes | None = None


class Snapshot(_Event):
    """The latest sampled frame of a camera, JPEG-encoded."""

    kind: Literal["snapshot"] = "snapshot"
    jpeg: bytes
    width: int
    height: int


class SetReference(_Event):
    """Command to the gateway: take the camera's next good sample as its reference view."""

    kind: Literal["set_reference"] = "set_reference"
    requested_by: str = ""


class SensorReading(BaseModel):
    """One reading of a sensor, taken in by the API or the Redis stream `cc:sensor-readings`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    v: int = SCHEMA_VERSION
    kind: Literal["sensor_reading"] = "sensor_reading"
    sensor_id: str
    ts: datetime
    value: float

    @property
    def camera_id(self) -> str:
        """The bus routes and logs events by `camera_id`; a reading's is its sensor's id."""
        return self.sensor_id


Event = Annotated[
    CameraStatus | Finding | Alert | Snapshot | SetReference | SensorReading,
    Field(discriminator="kind"),
]
COMMAND_KINDS = frozenset({"set_reference"})
EVENT_KINDS = frozenset({"camera_status", "finding", "alert", "snapshot"})
SENSOR_KINDS = frozenset({"sensor_reading"})  # read by the sensor service, not the intake
