"""Simulator settings: what the CLI (or the demo) asks for, checked before anything starts."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, SecretStr, model_validator

from simulator.encoding import EncodeParams
from simulator.faults import FaultKind
from simulator.registry import camera_ids
from simulator.scenes import SceneKind
from simulator.sensors import SEND_INTERVAL_S

DEFAULT_CACHE_DIR = Path("var/cache/sim")
ONVIF_PASSWORD_ENV = "SIMULATOR_ONVIF_PASSWORD"  # the variable holding the ONVIF password
WS_DISCOVERY_PORT = 3702  # the port WS-Discovery multicast probes are sent to


class SimulatorSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cameras: int = Field(default=8, ge=1, le=500, description="Number of cameras, cam-1..cam-N")
    host: str = Field(default="127.0.0.1", description="Address both servers listen on")
    rtsp_port: int = Field(default=8554, ge=1, le=65535, description="RTSP port")
    api_port: int = Field(default=8555, ge=1, le=65535, description="Control API port")
    faults: dict[str, FaultKind] = Field(
        default_factory=dict, description="Faults at start, camera id to kind"
    )
    scenes: dict[str, SceneKind] = Field(
        default_factory=dict, description="Scene per camera id; unnamed cameras show a street"
    )
    prebuild_faults: bool = Field(
        default=False, description="Encode every fault clip before serving (slow first start)"
    )
    cache_dir: Path = Field(default=DEFAULT_CACHE_DIR, description="Where encoded clips are kept")
    width: int = Field(default=640, ge=64, le=3840, multiple_of=2, description="Picture width")
    height: int = Field(default=360, ge=64, le=2160, multiple_of=2, description="Picture height")
    fps: int = Field(default=25, ge=1, le=60, description="Frames per second")
    gop: int = Field(default=50, ge=1, le=600, description="Frames from keyframe to keyframe")
    onvif_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="ONVIF device of cam-N on port onvif_port + N - 1; 0: no ONVIF",
    )
    discovery_port: int = Field(
        default=WS_DISCOVERY_PORT,
        ge=0,
        le=65535,
        description=f"UDP port answering WS-Discovery probes (multicast on {WS_DISCOVERY_PORT}"
        " only); 0: none. Used only with ONVIF on",
    )
    onvif_username: str = Field(
        default="admin", min_length=1, max_length=64, description="ONVIF user name"
    )
    onvif_password: SecretStr | None = Field(
        default=None, description=f"ONVIF password, from ${ONVIF_PASSWORD_ENV}; needed for ONVIF"
    )
    sensors_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="POST simulated sensor readings here (the command centre's "
        "/api/sensors/readings); None: no sensors",
    )
    sensors_token: SecretStr | None = Field(
        default=None, description="Device token for sensors_url, from the variable named"
    )
    sensors_interval_s: float = Field(
        default=SEND_INTERVAL_S, ge=0.1, le=3_600, description="Seconds between sensor batches"
    )
    parent_pid: int | None = Field(
        default=None,
        ge=1,
        description="Stop when this process is no longer our parent (it died); None: never",
    )

    @model_validator(mode="after")
    def _known_cameras(self) -> SimulatorSettings:
        for what, named in (("fault", self.faults), ("scene", self.scenes)):
            unknown = sorted(set(named) - set(camera_ids(self.cameras)))
            if unknown:
                raise ValueError(f"{what} for unknown camera(s) {', '.join(unknown)}")
        if self.rtsp_port == self.api_port:
            raise ValueError("rtsp_port and api_port must differ")
        if self.onvif_port:
            self._check_onvif()
        if self.sensors_url and not (self.sensors_token and self.sensors_token.get_secret_value()):
            raise ValueError("sensors need a device token: --sensors-token-env NAME, NAME set")
        return self

    def _check_onvif(self) -> None:
        last = self.onvif_port + self.cameras - 1
        if last > 65535:
            raise ValueError(f"ONVIF ports {self.onvif_port}..{last} go past 65535")
        if self.onvif_port <= self.rtsp_port <= last or self.onvif_port <= self.api_port <= last:
            raise ValueError(f"ONVIF ports {self.onvif_port}..{last} overlap the RTSP or API port")
        if self.onvif_password is None or not self.onvif_password.get_secret_value():
            raise ValueError(f"ONVIF needs a password: set ${ONVIF_PASSWORD_ENV}")

    def onvif_ports(self) -> dict[str, int]:
        """Camera id to its ONVIF device's HTTP port; empty with ONVIF off."""
        if not self.onvif_port:
            return {}
        return {c: self.onvif_port + i for i, c in enumerate(camera_ids(self.cameras))}

    @property
    def encode_params(self) -> EncodeParams:
        return EncodeParams(self.width, self.height, self.fps, self.gop)
