"""The whole configuration file: one pydantic model a concern, refused with a precise reason.

A bad file is reported as `FILE:LINE: FIELD.PATH: reason`, the line found by walking the
YAML node tree along the field path, so the operator can go straight to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from command_center.areas import AreaConfig, AreaTree, tree_problems
from command_center.auth.settings import AuthConfig
from sensors.config import MAX_SENSORS, SensorConfig, SensorInputConfig
from stream_gateway.config import CAMERA_ID_PATTERN, CameraConfig, GatewayConfig


class ConfigError(Exception):
    """A configuration file that cannot be used; str() is the one-line message for the operator."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


# The names this machine answers to by default; any other Host header is refused, so a page
# whose DNS name was rebound to this machine's address cannot talk to it.
DEFAULT_TRUSTED_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", ""})


class ServerConfig(_Strict):
    host: str = Field(default="127.0.0.1", description="Address the command centre listens on")
    port: int = Field(default=8000, ge=1, le=65535, description="HTTP port of the command centre")
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Other origins (scheme://host:port) whose pages may open the websocket",
    )
    trusted_hosts: list[str] = Field(
        default_factory=lambda: list(DEFAULT_TRUSTED_HOSTS),
        max_length=100,
        description="Host names (no port; '*.example.org' for a domain's) requests may be "
        "addressed to; any other Host header is answered 400. `host` is trusted too",
    )

    def trusted(self) -> frozenset[str]:
        """The names to accept: `trusted_hosts` and the address listened on (not 0.0.0.0)."""
        names = {name.lower().strip("[]") for name in self.trusted_hosts}
        if self.host not in WILDCARD_ADDRESSES:
            names.add(self.host.lower().strip("[]"))
        return frozenset(names)


class WallConfig(_Strict):
    id: str = Field(pattern=CAMERA_ID_PATTERN, description="Wall id, as in /wall/<id>")
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


class SimulatorConfig(_Strict):
    """Used by `command-center demo` only: the simulated cameras started beside the system."""

    cameras: int = Field(default=8, ge=1, le=500, description="Number of simulated cameras")
    rtsp_port: int = Field(default=8554, ge=1, le=65535, description="RTSP port of the simulator")
    api_port: int = Field(default=8555, ge=1, le=65535, description="Fault control API port")
    faults: dict[str, str] = Field(
        default_factory=dict, description="Faults at start, camera id to fault kind"
    )
    sensors: bool = Field(
        default=False,
        description="Also feed readings of the simulated sensors (smoke-1, water-1, crowd-1, "
        "door-1) to the command centre, with the first of sensor_input.token_envs",
    )


class AppConfig(_Strict):
    server: ServerConfig = Field(default_factory=ServerConfig)
    gateway: GatewayConfig = Field(default_factory=GatewayConfig)
    cameras: list[CameraConfig] = Field(default_factory=list, max_length=10_000)
    walls: list[WallConfig] = Field(default_factory=list)
    sensors: list[SensorConfig] = Field(default_factory=list, max_length=MAX_SENSORS)
    sensor_input: SensorInputConfig = Field(
        default_factory=SensorInputConfig, description="Device tokens and the stale check"
    )
    simulator: SimulatorConfig | None = Field(default=None, description="Demo simulator")
    areas: list[AreaConfig] = Field(
        default_factory=list, max_length=100_000, description="The area tree; none: one root"
    )
    auth: AuthConfig = Field(default_factory=AuthConfig, description="Logins and wall displays")

    @model_validator(mode="after")
    def _consistent(self) -> AppConfig:
        ids = [camera.id for camera in self.cameras]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"camera ids appear twice: {', '.join(duplicates)}")
        known = {"default", *self.gateway.profiles}
        for camera in self.cameras:
            for name in (camera.profile, camera.night_profile):
                if name is not None and name not in known:
                    raise ValueError(f"camera {camera.id!r} names unknown profile {name!r}")
        self._sensor_ids_unique(set(ids))
        self._areas_known()
        for wall in self.walls:
            unknown = [c for c in wall.cameras if c not in ids]
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
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"sensor ids appear twice: {', '.join(duplicates)}")
        shared = sorted(camera_ids.intersection(ids))
        if shared:
            raise ValueError(f"ids used by a camera and a sensor: {', '.join(shared)}")


def load_config(path: Path) -> AppConfig:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    return parse_config(text, str(path))


def parse_config(text: str, source: str) -> AppConfig:
    try:
        data = yaml.safe_load(text)
        root = yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        context = ""
        if exc.context and exc.context_mark:
            context = f" ({exc.context}, line {exc.context_mark.line + 1})"
        raise ConfigError(f"{source}:{line}: YAML syntax: {exc.problem}{context}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{source}: YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(
            f"{source}: the file must hold a mapping of sections, not {type(data).__name__}"
        )
    try:
        return AppConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, root, source)) from None


def _describe(exc: ValidationError, root: yaml.Node | None, source: str) -> str:
    messages = []
    for error in exc.errors():
        loc = error["loc"]
        line = _line_of(root, loc)
        where = f"{source}:{line}" if line else source
        field = format_path(loc) or "(top level)"
        messages.append(f"{where}: {field}: {error['msg']}")
    return "; ".join(messages)


def format_path(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _line_of(node: yaml.Node | None, loc: tuple[int | str, ...]) -> int | None:
    found = node
    for part in loc:
        child = _child(found, part)
        if child is None:
            break
        found = child
    return found.start_mark.line + 1 if found is not None else None


def _child(node: Any, part: int | str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value  # type: ignore[no-any-return]
    if isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        return node.value[part]  # type: ignore[no-any-return]
    return None
