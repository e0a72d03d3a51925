"""The whole configuration file: the centre's sections, the gateway's, the demo's simulator.

One pydantic model a concern, each owned by its package; this one only puts them together and
checks what spans them. A bad file is reported as `FILE:LINE: FIELD.PATH: reason`, the line
found by walking the YAML node tree along the field path, so the operator can go straight to it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from command_center.areas.tree import AreaConfig
from command_center.auth.settings import AuthConfig
from command_center.config import CameraEntry, CentreConfig, ServerConfig, WallConfig
from common.strict import StrictModel
from sensors.config import MAX_SENSORS, SensorConfig, SensorInputConfig
from stream_gateway.config import CameraConfig, GatewayConfig


class ConfigError(Exception):
    """A configuration file that cannot be used; str() is the one-line message for the operator."""


class DemoSimulatorConfig(StrictModel):
    """Used by `command-center demo` only: how to launch the simulator (`python -m simulator`,
    a program of its own) beside the system."""

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
    onvif_port: int = Field(
        default=0,
        ge=0,
        le=65535,
        description="Emulated ONVIF device of cam-N on onvif_port + N - 1, answering "
        "WS-Discovery on 3702 too; 0: none. Password from $SIMULATOR_ONVIF_PASSWORD (the demo "
        "makes one up when unset)",
    )


class AppConfig(StrictModel):
    server: ServerConfig = Field(default_factory=ServerConfig)
    gateway: GatewayConfig = Field(default_factory=GatewayConfig)
    cameras: list[CameraConfig] = Field(default_factory=list, max_length=10_000)
    walls: list[WallConfig] = Field(default_factory=list)
    sensors: list[SensorConfig] = Field(default_factory=list, max_length=MAX_SENSORS)
    sensor_input: SensorInputConfig = Field(
        default_factory=SensorInputConfig, description="Device tokens and the stale check"
    )
    simulator: DemoSimulatorConfig | None = Field(
        default=None, description="The simulator `command-center demo` launches"
    )
    areas: list[AreaConfig] = Field(
        default_factory=list, max_length=100_000, description="The area tree; none: one root"
    )
    auth: AuthConfig = Field(default_factory=AuthConfig, description="Logins and wall displays")

    @model_validator(mode="after")
    def _consistent(self) -> AppConfig:
        known = {"default", *self.gateway.profiles}
        for camera in self.cameras:
            for name in (camera.profile, camera.night_profile):
                if name is not None and name not in known:
                    raise ValueError(f"camera {camera.id!r} names unknown profile {name!r}")
        try:
            self.centre()
        except ValidationError as exc:
            raise ValueError("; ".join(_reason(error) for error in exc.errors())) from None
        return self

    def centre(self) -> CentreConfig:
        """The command centre's part: it knows of each camera its id, name and area only."""
        return CentreConfig(
            server=self.server,
            cameras=[CameraEntry(id=c.id, name=c.name, area=c.area) for c in self.cameras],
            walls=self.walls,
            sensors=self.sensors,
            sensor_input=self.sensor_input,
            areas=self.areas,
            auth=self.auth,
        )


def _reason(error: Any) -> str:
    """A nested model's own words, without pydantic's "Value error, " in front of them."""
    context = error.get("ctx") or {}
    return str(context["error"]) if "error" in context else str(error["msg"])


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
