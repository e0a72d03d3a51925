"""The command centre's parts, built once per app and reached by the routes through deps."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from command_center.alerts.book import AlertBook
from command_center.alerts.store import AlertStore
from command_center.areas.tree import AreaTree
from command_center.audit.log import AuditLog
from command_center.audit.looks import Looks
from command_center.auth.service import AuthService
from command_center.cameras.registry import CameraRegistry
from command_center.config import CentreConfig
from command_center.hub import Hub, MessageLog, camera_topics
from command_center.hub.admission import HandshakeAdmission
from command_center.intake import Intake
from command_center.store.database import Database
from events.schema import Event
from sensors.auth import load_tokens
from sensors.service import SensorService


@dataclass
class Services:
    config: CentreConfig
    cameras: CameraRegistry
    alerts: AlertBook
    hub: Hub
    intake: Intake
    sensors: SensorService
    sensor_tokens: frozenset[str]
    database: Database
    areas: AreaTree
    auth: AuthService
    audit: AuditLog
    alert_store: AlertStore
    looks: Looks = field(default_factory=Looks)  # which snapshot and evidence views to audit
    handshakes: HandshakeAdmission = field(default_factory=HandshakeAdmission)

    @classmethod
    def build(
        cls, config: CentreConfig, publish: Callable[[Event], None], database: Database
    ) -> Services:
        """`publish` puts the sensor alerts on the bus; device tokens come from the
        environment (raises sensors.auth.TokenError for a weak one)."""
        areas = config.area_tree()
        cameras, alerts = CameraRegistry(config.cameras), AlertBook()
        sensor_names = {sensor.id: sensor.name for sensor in config.sensors}
        placed = source_areas(config, areas)
        camera_areas = {camera.id: placed[camera.id] for camera in config.cameras}
        hub = Hub(MessageLog(database), camera_topics(camera_areas))
        intake = Intake(cameras, alerts, hub, sensor_names, placed, areas.default_code)
        sensors = SensorService(config.sensors, publish)
        tokens = load_tokens(config.sensor_input.token_envs) if config.sensors else frozenset()
        auth = AuthService(database, areas, config.auth)
        alert_store = AlertStore(database, alerts, intake.area_of)
        return cls(
            config,
            cameras,
            alerts,
            hub,
            intake,
            sensors,
            tokens,
            database,
            areas,
            auth,
            AuditLog(database),
            alert_store,
        )

    def area_of(self, source_id: str) -> str:
        """The area of a camera or sensor (the root for an unknown one)."""
        return self.intake.area_of(source_id)

    def wall_area(self, wall_id: str) -> str:
        for wall in self.config.walls:
            if wall.id == wall_id:
                return wall.area or self.areas.default_code
        return self.areas.default_code

    def camera_name(self, camera_id: str) -> str:
        """The camera's name (or a sensor's, for a sensor alert)."""
        return self.intake.name_of(camera_id)


def source_areas(config: CentreConfig, areas: AreaTree) -> dict[str, str]:
    """The area code of every camera and sensor; those that name none lie in the root."""
    placed = {camera.id: camera.area for camera in config.cameras}
    placed |= {sensor.id: sensor.area or None for sensor in config.sensors}
    return {source: code or areas.default_code for source, code in placed.items()}
