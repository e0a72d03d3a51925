"""The command centre's parts, built once per app and reached by the routes through deps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from command_center.alerts import AlertBook
from command_center.cameras import CameraRegistry
from command_center.config import AppConfig
from command_center.hub import Hub
from command_center.intake import Intake
from events.schema import Event
from sensors.auth import load_tokens
from sensors.service import SensorService


@dataclass
class Services:
    config: AppConfig
    cameras: CameraRegistry
    alerts: AlertBook
    hub: Hub
    intake: Intake
    sensors: SensorService
    sensor_tokens: frozenset[str]

    @classmethod
    def build(cls, config: AppConfig, publish: Callable[[Event], None]) -> Services:
        """`publish` puts the sensor alerts on the bus; device tokens come from the
        environment (raises sensors.auth.TokenError for a weak one)."""
        cameras, alerts, hub = CameraRegistry(config.cameras), AlertBook(), Hub()
        sensor_names = {sensor.id: sensor.name for sensor in config.sensors}
        intake = Intake(cameras, alerts, hub, sensor_names)
        sensors = SensorService(config.sensors, publish)
        tokens = load_tokens(config.sensor_input.token_envs) if config.sensors else frozenset()
        return cls(config, cameras, alerts, hub, intake, sensors, tokens)

    def camera_name(self, camera_id: str) -> str:
        """The camera's name (or a sensor's, for a sensor alert)."""
        return self.intake.name_of(camera_id)
