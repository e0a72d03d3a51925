"""The command centre's parts, built once per app and reached by the routes through deps."""

from __future__ import annotations

from dataclasses import dataclass

from command_center.alerts import AlertBook
from command_center.cameras import CameraRegistry
from command_center.config import AppConfig
from command_center.hub import Hub
from command_center.intake import Intake


@dataclass
class Services:
    config: AppConfig
    cameras: CameraRegistry
    alerts: AlertBook
    hub: Hub
    intake: Intake

    @classmethod
    def build(cls, config: AppConfig) -> Services:
        cameras, alerts, hub = CameraRegistry(config.cameras), AlertBook(), Hub()
        return cls(config, cameras, alerts, hub, Intake(cameras, alerts, hub))

    def camera_name(self, camera_id: str) -> str:
        view = self.cameras.get(camera_id)
        return view.name if view is not None else camera_id
