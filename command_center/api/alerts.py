from __future__ import annotations

from datetime import UTC, datetime

from fastapi import APIRouter, HTTPException, Response

from command_center.alerts import AckRequest, AlertPublic, alert_public
from command_center.api.deps import ServicesDep
from command_center.api.errors import INVALID, error_response

router = APIRouter(prefix="/api/alerts", tags=["alerts"], responses=INVALID)


@router.get("")
def list_alerts(services: ServicesDep, active: bool | None = None) -> list[AlertPublic]:
    return [
        alert_public(a, services.camera_name(a.camera_id)) for a in services.alerts.list(active)
    ]


@router.post(
    "/{alert_id}/ack",
    responses={
        400: error_response("The body could not be read as JSON"),
        404: error_response("No such alert"),
    },
)
def ack_alert(alert_id: int, services: ServicesDep, body: AckRequest | None = None) -> AlertPublic:
    by = (body or AckRequest()).by
    before = services.alerts.get(alert_id)
    was_acked = before is not None and before.acked_at is not None
    record = services.alerts.ack(alert_id, by, datetime.now(UTC))
    if record is None:
        raise HTTPException(404, f"unknown alert {alert_id}")
    if not was_acked:
        services.intake.publish_alert(record, "alert.updated")
    return alert_public(record, services.camera_name(record.camera_id))


@router.get(
    "/{alert_id}/evidence.jpg",
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}}},
        404: error_response("No such alert, or no evidence for it"),
    },
)
def get_evidence(alert_id: int, services: ServicesDep) -> Response:
    """The frame that raised the alert (none for signal loss: there was no frame)."""
    record = services.alerts.get(alert_id)
    if record is None or record.evidence_jpeg is None:
        raise HTTPException(404, f"no evidence for alert {alert_id}")
    return Response(record.evidence_jpeg, media_type="image/jpeg")
