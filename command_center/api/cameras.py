from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel

from command_center.api.deps import (
    FORBIDDEN,
    UNAUTHENTICATED,
    ActorDep,
    PrincipalDep,
    ServicesDep,
    client_address,
    record_look,
)
from command_center.api.errors import INVALID, error_response
from command_center.audit.chain import Action
from command_center.auth.principal import Principal, Role
from command_center.cameras.registry import CameraPublic, CameraView, camera_public
from command_center.services import Services
from events.schema import SetReference

router = APIRouter(
    prefix="/api/cameras", tags=["cameras"], responses={**INVALID, **UNAUTHENTICATED}
)


def visible_camera(services: Services, principal: Principal, camera_id: str) -> CameraView:
    """The camera, if it lies in the principal's areas; 404 otherwise, as for no camera."""
    view = services.cameras.get(camera_id)
    if view is None or not principal.can_see(services.area_of(camera_id)):
        raise HTTPException(404, f"unknown camera {camera_id!r}")
    return view


@router.get("")
def list_cameras(principal: PrincipalDep, services: ServicesDep) -> list[CameraPublic]:
    return [
        camera_public(v, services.alerts.active_checks(v.id))
        for v in services.cameras.all()
        if principal.can_see(services.area_of(v.id))
    ]


@router.get("/{camera_id}", responses={404: error_response("No such camera")})
async def get_camera(
    camera_id: str, principal: PrincipalDep, request: Request, services: ServicesDep
) -> CameraPublic:
    """Opening one camera: a person's view of it is recorded in the audit log."""
    view = visible_camera(services, principal, camera_id)
    if principal.role != Role.WALL:
        await services.audit.record(
            principal.username,
            Action.CAMERA_VIEW,
            object_type="camera",
            object_id=camera_id,
            remote=client_address(request),
        )
    return camera_public(view, services.alerts.active_checks(camera_id))


@router.get(
    "/{camera_id}/snapshot.jpg",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}}},
        404: error_response("No such camera, or no sample yet"),
    },
)
async def get_snapshot(
    camera_id: str, principal: PrincipalDep, request: Request, services: ServicesDep
) -> Response:
    """The camera's latest sample: a person's look is recorded in the audit log (once per
    5 minutes of looking, docs/audit.md)."""
    view = visible_camera(services, principal, camera_id)
    if view.snapshot is None:
        raise HTTPException(404, f"camera {camera_id!r} has no sample yet")
    await record_look(request, principal, Action.SNAPSHOT_VIEW, "camera", camera_id)
    return Response(view.snapshot, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


class ReferenceRequested(BaseModel):
    camera_id: str
    status: str = "requested"


@router.post(
    "/{camera_id}/reference",
    status_code=202,
    responses={**FORBIDDEN, 404: error_response("No such camera")},
)
async def renew_reference(
    camera_id: str, actor: ActorDep, request: Request, services: ServicesDep
) -> ReferenceRequested:
    """Accept the camera's current view as its reference: its next good sample becomes it."""
    visible_camera(services, actor, camera_id)
    await services.audit.record(
        actor.username,
        Action.CONFIG_CHANGE,
        object_type="camera",
        object_id=camera_id,
        remote=client_address(request),
        detail={"change": "reference renewed"},
    )
    request.app.state.bus.publish(SetReference(camera_id=camera_id, ts=datetime.now(UTC)))
    return ReferenceRequested(camera_id=camera_id)
