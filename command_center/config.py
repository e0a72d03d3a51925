"""The command centre's configuration: its server, what it knows of the cameras, walls,
sensors, areas and logins. Loaded from the file by the composition package."""

from __future__ import annotations

import ipaddress
from collections import Counter

from pydantic import Field, field_validator, model_validator

from command_center.areas.tree import AreaConfig, AreaTree, tree_problems
from command_center.auth.settings import AuthConfig
from common.ids import SOURCE_ID_PATTERN
from common.strict import StrictModel
from sensors.config import MAX_SENSORS, SensorConfig, SensorInputConfig

# The names this machine answers to by default; any other Host header is refused, so a page
# whose DNS name was rebound to this machine's address cannot talk to it.
DEFAULT_TRUSTED_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})


class ServerConfig(StrictModel):
    host: str = Field(default="127.0.0.1", description="Address the command centre listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="HTTP port of the command centre")
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Other origins (scheme://host:port) whose pages may open the websocket",
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        max_length=100,
        description="Reverse proxies (IPs or CIDRs) whose X-Forwarded-For and X-Forwarded-Proto "
        "are believed; none: those headers are ignored and the peer's address is the client's",
    )

    trusted_hosts: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TRUSTED_HOSTS),
        max_length=100,
        description="Host names (no port; '*.example.org' for a domain's) requests may be "
        "addressed to; any other Host header is answered 400. `host` is trusted too",
    )

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, proxies: list[str]) -> list[str]:
        for proxy in proxies:
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError:
                raise ValueError(f"{proxy!r} is not an IP address or a CIDR network") from None
        return proxies

    def trusted(self) -> frozenset[str]:
        """The names to accept: `trusted_hosts` and the address listened on (not 0.0.0.0)."""
        names = {name.lower().strip("[]") for name in self.trusted_hosts}
        if self.host not in WILDCARD_ADDRESSES:
            names.add(self.host.lower().strip("[]"))
        return frozenset(names)


class WallConfig(StrictModel):
    id: str = Field(pattern=SOURCE_ID_PATTERN, description="Wall id, as in /wall/<id>")
    name: str = Field(min_length=1, max_length=120, description="Name shown on the wall header")
    rows: int = Field(default=3, ge=1, le=12, description="Tile rows")
    cols: int = Field(default=3, ge=1, le=12, description="Tile columns")
    cameras: list[str] = Field(default_factory=list, description="Camera ids, row by row")
    area: str | None = Field(
        default=None, max_length=40, description="Code of the area it shows; none: the root"
    )

    @model_validator(mode="after")
    def _fits(self) -> WallConfig:
        if len(self.cameras) > self.rows * self.cols:
            raise ValueError(
                f"{len(self.cameras)} cameras do not fit {self.rows}x{self.cols} tiles"
            )
        return self


class CameraEntry(StrictModel):
    """What the command centre knows of a camera: never its stream URL or credentials."""

    id: str = Field(pattern=SOURCE_ID_PATTERN, description="Stable camera id, used in URLs")
    name: str = Field(min_length=1, max_length=120, description="Name shown on the wall")
    area: str | None = Field(
        default=None, max_length=40, description="Code of the area it watches; none: the root"
    )


class CentreConfig(StrictModel):
    server: ServerConfig = Field(default_factory=ServerConfig)
    cameras: list[CameraEntry] = Field(default_factory=list, max_length=10_000)
    walls: list[WallConfig] = Field(default_factory=list)
    sensors: list[SensorConfig] = Field(default_factory=list, max_length=MAX_SENSORS)
    sensor_input: SensorInputConfig = Field(
        default_factory=SensorInputConfig, description="Device tokens and the stale check"
    )
    areas: list[AreaConfig] = Field(
        default_factory=list, max_length=100_000, description="The area tree; none: one root"
    )
    auth: AuthConfig = Field(default_factory=AuthConfig, description="Logins and wall displays")

    @model_validator(mode="after")
    def _consistent(self) -> CentreConfig:
        ids = [camera.id for camera in self.cameras]
        duplicates = _repeated(ids)
        if duplicates:
            raise ValueError(f"camera ids appear twice: {', '.join(duplicates)}")
        self._sensor_ids_unique(set(ids))
        self._areas_known()
        known = set(ids)
        for wall in self.walls:
            unknown = [c for c in wall.cameras if c not in known]
            if unknown:
                raise ValueError(f"wall {wall.id!r} names unknown cameras: {', '.join(unknown)}")
        return self

    def _areas_known(self) -> None:
        problems = tree_problems(self.areas)
        if problems:
            raise ValueError("; ".join(problems))
        codes = {area.code for area in self.areas}
        placed = [("camera", c.id, c.area) for c in self.cameras]
        placed += [("sensor", s.id, s.area or None) for s in self.sensors]
        placed += [("wall", w.id, w.area) for w in self.walls]
        for kind, item_id, code in placed:
            if code is not None and code not in codes:
                raise ValueError(f"{kind} {item_id!r} names unknown area {code!r}")

    def area_tree(self) -> AreaTree:
        return AreaTree(self.areas)

    def _sensor_ids_unique(self, camera_ids: set[str]) -> None:
        """Sensor alerts are filed by id beside camera alerts: the ids must not meet."""
        ids = [sensor.id for sensor in self.sensors]
        duplicates = _repeated(ids)
        if duplicates:
            raise ValueError(f"sensor ids appear twice: {', '.join(duplicates)}")
        shared = sorted(camera_ids.intersection(ids))
        if shared:
            raise ValueError(f"ids used by a camera and a sensor: {', '.join(shared)}")


def _repeated(ids: list[str]) -> list[str]:
    return sorted(item for item, count in Counter(ids).items() if count > 1)
