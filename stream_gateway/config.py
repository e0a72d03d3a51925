"""Gateway configuration: cameras, sampling, threshold profiles. Pydantic, one model a concern."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from common.debounce import AlertRuleConfig
from common.ids import ENV_NAME_PATTERN, SOURCE_ID_PATTERN
from common.strict import StrictModel
from stream_gateway.checks.thresholds import CheckThresholds

SamplingPolicy = Literal["keep_open", "per_check"]


class OnvifConfig(StrictModel):
    host: str = Field(min_length=1, max_length=253, description="The device's address")
    port: int = Field(default=80, ge=1, le=65535, description="Its ONVIF (HTTP) port")
    username: str | None = Field(default=None, description="ONVIF user name")
    password_env: str | None = Field(
        default=None,
        pattern=ENV_NAME_PATTERN,
        description="Name of the environment variable holding the password (never the password)",
    )
    stream: Literal["main", "sub"] = Field(
        default="main",
        description="main: the largest profile; sub: the smallest (cheaper to patrol)",
    )


class CameraConfig(StrictModel):
    id: str = Field(pattern=SOURCE_ID_PATTERN, description="Stable camera id, used in URLs")
    name: str = Field(min_length=1, max_length=120, description="Name shown on the wall")
    url: str | None = Field(
        default=None,
        description="RTSP URL without credentials, e.g. rtsp://host:554/stream1; or give onvif",
    )
    onvif: OnvifConfig | None = Field(
        default=None,
        description="Resolve the stream (and a snapshot fallback) from the device over ONVIF",
    )
    username: str | None = Field(
        default=None, description="RTSP user name, if the camera needs one"
    )
    password_env: str | None = Field(
        default=None,
        pattern=ENV_NAME_PATTERN,
        description="Name of the environment variable holding the password (never the password)",
    )
    area: str | None = Field(
        default=None, max_length=40, description="Code of the area it watches; none: the root"
    )
    profile: str = Field(default="default", description="Threshold profile by day (see profiles)")
    night_profile: str | None = Field(
        default=None, description="Threshold profile at night; none: the day profile all day"
    )
    sampling: SamplingPolicy | None = Field(
        default=None, description="Override the gateway's sampling policy for this camera"
    )
    ignore: list[tuple[float, float, float, float]] = Field(
        default_factory=list,
        max_length=16,
        description="Regions the checks ignore (on-screen clock, a flag in the wind), each "
        "[x, y, width, height] as shares of the frame",
    )

    @field_validator("ignore")
    @classmethod
    def _regions_inside_the_frame(
        cls, regions: list[tuple[float, float, float, float]]
    ) -> list[tuple[float, float, float, float]]:
        for x, y, w, h in regions:
            if not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x + 1e-9 and 0 < h <= 1 - y + 1e-9):
                raise ValueError(f"region {[x, y, w, h]} must lie inside the frame (0..1)")
        return regions

    @model_validator(mode="after")
    def _one_source(self) -> CameraConfig:
        if (self.url is None) == (self.onvif is None):
            raise ValueError("give either url or onvif, not both or neither")
        return self

    @field_validator("url")
    @classmethod
    def _rtsp_without_credentials(cls, url: str | None) -> str | None:
        if url is None:
            return None
        if not re.match(r"^rtsps?://[^/\s]+(/\S*)?$", url):
            raise ValueError("must be an rtsp:// or rtsps:// URL")
        if "@" in url.split("/", 3)[2]:
            raise ValueError("must not hold credentials; use username and password_env")
        return url


class NightConfig(StrictModel):
    """Night is a clock window, or a dark picture, or either when both are given."""

    start: dt.time | None = Field(default=None, description="Local time night begins, e.g. 19:00")
    end: dt.time | None = Field(default=None, description="Local time night ends, e.g. 07:00")
    luma_below: float | None = Field(
        default=None, ge=0, le=255, description="Mean luma under which the picture counts as night"
    )

    @model_validator(mode="after")
    def _says_when(self) -> NightConfig:
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end, or neither")
        if self.start is None and self.luma_below is None:
            raise ValueError("give start and end, or luma_below")
        return self


class GatewayConfig(StrictModel):
    sample_interval_s: float = Field(
        default=2.0, gt=0, le=3600, description="Seconds between two samples of one camera"
    )
    open_timeout_s: float = Field(default=5.0, gt=0, le=60, description="Timeout to open a stream")
    read_timeout_s: float = Field(
        default=5.0, gt=0, le=60, description="Timeout for one read on an open stream"
    )
    signal_timeout_s: float = Field(
        default=3.0,
        gt=0,
        le=600,
        description="No packet at all from the stream for this long counts as signal loss",
    )
    keyframe_timeout_s: float = Field(
        default=10.0,
        gt=0,
        le=3600,
        description="No decodable keyframe for this long counts as signal loss too, though "
        "packets still come; set above the cameras' longest keyframe interval",
    )
    sampling: SamplingPolicy = Field(
        default="keep_open",
        description="keep_open: hold each stream open and sample its newest keyframe (the wall's "
        "cameras); per_check: connect, take one keyframe, close, at every sample (thousands of "
        "cameras with few open connections)",
    )
    max_concurrent_opens: int = Field(
        default=16,
        ge=1,
        le=1024,
        description="per_check: streams being opened at once; a hung camera holds one slot for "
        "at most open_timeout_s + read_timeout_s",
    )
    lease_s: float = Field(
        default=5.0,
        ge=1,
        le=300,
        description="Gateway processes sharing cameras: a dead gateway's cameras are taken "
        "over within twice this; each gateway renews its leases three times as often",
    )
    stable_after_s: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="A camera back after a loss shows degraded until it has sent frames this long",
    )
    reconnect_max_s: float = Field(
        default=10.0, gt=0, le=600, description="Cap of the reconnect backoff"
    )
    sample_width: int = Field(
        default=320, ge=64, le=1920, description="Width the checks run at (height keeps the aspect)"
    )
    snapshot_width: int = Field(
        default=640, ge=64, le=1920, description="Width of the JPEG snapshot shown on the wall"
    )
    thresholds: CheckThresholds = Field(
        default_factory=CheckThresholds, description="The `default` profile"
    )
    profiles: dict[str, CheckThresholds] = Field(
        default_factory=dict,
        description="Named threshold profiles for cameras or groups; each lists what differs "
        "from the built-in defaults",
    )
    night: NightConfig | None = Field(default=None, description="When night profiles apply")
    alerts: AlertRuleConfig = Field(default_factory=AlertRuleConfig)

    def profile(self, name: str) -> CheckThresholds:
        return self.thresholds if name == "default" else self.profiles[name]
