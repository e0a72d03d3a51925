"""What the command centre knows of each camera: state, latest snapshot. Never the stream URL."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pydantic import BaseModel

from command_center.config import CameraEntry
from events.schema import CameraStatus, ConnectionState, LinkFailure, Snapshot


class CameraPublic(BaseModel):
    id: str
    name: str
    state: ConnectionState
    failure: LinkFailure | None
    reason: str
    last_sample_at: datetime | None
    alerts: list[str]


@dataclass(slots=True)
class CameraView:
    id: str
    name: str
    state: ConnectionState = ConnectionState.CONNECTING
    failure: LinkFailure | None = None
    reason: str = ""
    last_sample_at: datetime | None = None
    snapshot: bytes | None = None


class CameraRegistry:
    def __init__(self, cameras: list[CameraEntry]) -> None:
        self._views = {c.id: CameraView(c.id, c.name) for c in cameras}

    def get(self, camera_id: str) -> CameraView | None:
        return self._views.get(camera_id)

    def all(self) -> list[CameraView]:
        return list(self._views.values())

    def apply_status(self, event: CameraStatus) -> CameraView | None:
        view = self._views.get(event.camera_id)
        if view is None:
            return None
        view.state, view.failure, view.reason = event.state, event.failure, event.reason
        return view

    def apply_snapshot(self, event: Snapshot) -> CameraView | None:
        view = self._views.get(event.camera_id)
        if view is None:
            return None
        view.snapshot, view.last_sample_at = event.jpeg, event.ts
        return view


def camera_public(view: CameraView, active_checks: list[str]) -> CameraPublic:
    return CameraPublic(
        id=view.id,
        name=view.name,
        state=view.state,
        failure=view.failure,
        reason=view.reason,
        last_sample_at=view.last_sample_at,
        alerts=active_checks,
    )
