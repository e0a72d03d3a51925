"""Events from the bus become the command centre's state and live messages for the screens."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from command_center.alerts.book import AlertBook, AlertRecord, alert_public
from command_center.areas.tree import ROOT_CODE
from command_center.cameras.registry import CameraRegistry, CameraView, camera_public
from command_center.hub import Hub
from events.bus import Subscription
from events.schema import Alert, CameraStatus, Event, Finding, Snapshot

log = logging.getLogger(__name__)


class Intake:
    def __init__(
        self,
        cameras: CameraRegistry,
        alerts: AlertBook,
        hub: Hub,
        sensor_names: Mapping[str, str] | None = None,
        source_areas: Mapping[str, str] | None = None,
        default_area: str = ROOT_CODE,
    ) -> None:
        self.cameras = cameras
        self.alerts = alerts
        self.hub = hub
        self.sensor_names = dict(sensor_names or {})
        self.source_areas = dict(source_areas or {})
        self.default_area = default_area

    def area_of(self, source_id: str) -> str:
        """The area of a camera or sensor; an unknown one lies in the root."""
        return self.source_areas.get(source_id, self.default_area)

    async def consume(self, subscription: Subscription) -> None:
        async for event in subscription:
            try:
                self.handle(event)
            except Exception:  # one bad event must not stop the intake of all the others
                log.exception("could not handle %s event of camera %s", event.kind, event.camera_id)
            finally:
                subscription.ack(event)

    def handle(self, event: Event) -> None:
        if isinstance(event, Snapshot):
            self._snapshot(event)
        elif isinstance(event, CameraStatus):
            view = self.cameras.apply_status(event)
            if view is not None:
                self.publish_camera(view)
        elif isinstance(event, Alert):
            self._alert(event)
        elif isinstance(event, Finding):
            self.alerts.apply_finding(event)

    def _snapshot(self, event: Snapshot) -> None:
        if self.cameras.apply_snapshot(event) is None:
            return
        data = {
            "camera_id": event.camera_id,
            "ts": event.ts.isoformat(),
            "width": event.width,
            "height": event.height,
        }
        topic, area = f"camera:{event.camera_id}", self.area_of(event.camera_id)
        self.hub.publish(topic, "camera.sample", data, area=area, replace_key=event.camera_id)

    def _alert(self, event: Alert) -> None:
        record = self.alerts.apply_alert(event)
        if record is None:
            return
        self.publish_alert(record, "alert.raised" if record.active else "alert.cleared")
        view = self.cameras.get(event.camera_id)
        if view is not None:
            self.publish_camera(view)

    def publish_alert(self, record: AlertRecord, type_: str) -> None:
        name = self.name_of(record.camera_id)
        data = alert_public(record, name).model_dump(mode="json")
        self.hub.publish("alerts", type_, data, area=self.area_of(record.camera_id))

    def name_of(self, source_id: str) -> str:
        """The name of the camera or sensor `source_id`, or the id if neither is known."""
        view = self.cameras.get(source_id)
        if view is not None:
            return view.name
        return self.sensor_names.get(source_id, source_id)

    def publish_camera(self, view: CameraView) -> None:
        public = camera_public(view, self.alerts.active_checks(view.id))
        data = public.model_dump(mode="json")
        self.hub.publish(f"camera:{view.id}", "camera.status", data, area=self.area_of(view.id))
