from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Request, Response

from command_center.alerts.book import AckRequest, AlertPublic, AlertRecord, alert_public
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
from command_center.auth.principal import Principal
from command_center.services import Services

router = APIRouter(prefix="/api/alerts", tags=["alerts"], responses={**INVALID, **UNAUTHENTICATED})


def visible_alert(services: Services, principal: Principal, alert_id: int) -> AlertRecord:
    record = services.alerts.get(alert_id)
    if record is None or not principal.can_see(services.area_of(record.camera_id)):
        raise HTTPException(404, f"unknown alert {alert_id}")
    return record


@router.get("")
def list_alerts(
    principal: PrincipalDep, services: ServicesDep, active: bool | None = None
) -> list[AlertPublic]:
    return [
        alert_public(a, services.camera_name(a.camera_id))
        for a in services.alerts.list(active)
        if principal.can_see(services.area_of(a.camera_id))
    ]


@router.post(
    "/{alert_id}/ack",
    responses={
        **FORBIDDEN,
        400: error_response("The body could not be read as JSON"),
        404: error_response("No such alert"),
    },
)
async def ack_alert(
    alert_id: int,
    actor: ActorDep,
    request: Request,
    services: ServicesDep,
    body: AckRequest | None = None,
) -> AlertPublic:
    """Acknowledged in the name of the logged-in user (the body's `by` is kept for older
    clients and ignored)."""
    before = visible_alert(services, actor, alert_id)
    was_acked = before.acked_at is not None
    record = services.alerts.ack(alert_id, actor.username, datetime.now(UTC))
    if record is None:
        raise HTTPException(404, f"unknown alert {alert_id}")
    if not was_acked:
        services.intake.publish_alert(record, "alert.updated")
        await services.audit.record(
            actor.username,
            Action.ALERT_ACK,
            object_type="alert",
            object_id=str(alert_id),
            remote=client_address(request),
        )
    return alert_public(record, services.camera_name(record.camera_id))


@router.get(
    "/{alert_id}/evidence.jpg",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}}},
        404: error_response("No such alert, or no evidence for it"),
    },
)
async def get_evidence(
    alert_id: int, principal: PrincipalDep, request: Request, services: ServicesDep
) -> Response:
    """The frame that raised the alert (none for signal loss: there was no frame). A person's
    look is recorded in the audit log."""
    record = visible_alert(services, principal, alert_id)
    if record.evidence_jpeg is None:
        raise HTTPException(404, f"no evidence for alert {alert_id}")
    await record_look(request, principal, Action.EVIDENCE_VIEW, "alert", str(alert_id))
    return Response(record.evidence_jpeg, media_type="image/jpeg")
