from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel

from command_center.api.deps import ServicesDep
from command_center.api.errors import INVALID, error_response
from command_center.cameras import CameraPublic, camera_public
from events.schema import SetReference

router = APIRouter(prefix="/api/cameras", tags=["cameras"], responses=INVALID)


@router.get("")
def list_cameras(services: ServicesDep) -> list[CameraPublic]:
    return [camera_public(v, services.alerts.active_checks(v.id)) for v in services.cameras.all()]


@router.get("/{camera_id}", responses={404: error_response("No such camera")})
def get_camera(camera_id: str, services: ServicesDep) -> CameraPublic:
    view = services.cameras.get(camera_id)
    if view is None:
        raise HTTPException(404, f"unknown camera {camera_id!r}")
    return camera_public(view, services.alerts.active_checks(camera_id))


@router.get(
    "/{camera_id}/snapshot.jpg",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}}},
        404: error_response("No such camera, or no sample yet"),
    },
)
def get_snapshot(camera_id: str, services: ServicesDep) -> Response:
    view = services.cameras.get(camera_id)
    if view is None:
        raise HTTPException(404, f"unknown camera {camera_id!r}")
    if view.snapshot is None:
        raise HTTPException(404, f"camera {camera_id!r} has no sample yet")
    return Response(view.snapshot, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


class ReferenceRequested(BaseModel):
    camera_id: str
    status: str = "requested"


@router.post(
    "/{camera_id}/reference",
    status_code=202,
    responses={404: error_response("No such camera")},
)
def renew_reference(camera_id: str, request: Request, services: ServicesDep) -> ReferenceRequested:
    """Accept the camera's current view as its reference: its next good sample becomes it."""
    if services.cameras.get(camera_id) is None:
        raise HTTPException(404, f"unknown camera {camera_id!r}")
    request.app.state.bus.publish(SetReference(camera_id=camera_id, ts=datetime.now(UTC)))
    return ReferenceRequested(camera_id=camera_id)
