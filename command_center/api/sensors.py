"""`/api/sensors`: readings in from devices (batch, Bearer device token), sensors out.

A batch is taken item by item: the good readings are kept even when others are refused.
200: every reading accepted. 207: some refused, each named by index, field and reason; the
others were accepted. 401: no or a wrong token. 413: a body over MAX_BODY_BYTES. 422: the body
is not a batch (not JSON, no `readings` list, more than MAX_BATCH items).
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from command_center.api.deps import UNAUTHENTICATED, PrincipalDep, ServicesDep
from command_center.api.errors import INVALID, error_response
from events.schema import SensorReading
from sensors.auth import bearer_ok
from sensors.config import MAX_BATCH, SensorKind
from sensors.readings import Refusal, check_reading

router = APIRouter(prefix="/api/sensors", tags=["sensors"], responses=INVALID)

# A full batch of 500 readings is about 50 KB; four times that leaves room for long ids.
# Enforced for this route by the body limit middleware (app.py BODY_LIMITS).
MAX_BODY_BYTES = 256 * 1024


class RefusalPublic(BaseModel):
    index: int
    field: str
    reason: str


class BatchResult(BaseModel):
    accepted: int
    refused: list[RefusalPublic]


class SensorPublic(BaseModel):
    id: str
    name: str
    kind: SensorKind
    unit: str
    area: str
    position: tuple[float, float] | None
    value: float | None
    ts: datetime | None
    state: str  # "unknown" (no reading yet), "ok", "alert" or "stale"
    alerts: list[str]


@router.get("", responses=UNAUTHENTICATED)
def list_sensors(principal: PrincipalDep, services: ServicesDep) -> list[SensorPublic]:
    return [
        _public(services, sensor_id)
        for sensor_id in services.sensors.sensors
        if principal.can_see(services.area_of(sensor_id))
    ]


@router.post(
    "/readings",
    responses={
        207: {"model": BatchResult, "description": "Some readings refused, each named"},
        401: error_response("No valid device token"),
        413: error_response("Body over 256 KiB (MAX_BODY_BYTES): refused before it was read"),
    },
)
async def post_readings(
    request: Request,
    services: ServicesDep,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    if not bearer_ok(authorization, services.sensor_tokens):
        raise HTTPException(401, "a valid device token is needed", {"WWW-Authenticate": "Bearer"})
    items = _batch(await request.body())  # at most MAX_BODY_BYTES (api/body_limit.py)
    now = datetime.now(UTC)
    refused: list[Refusal] = []
    accepted = 0
    for index, raw in enumerate(items):
        checked = check_reading(raw, index, services.sensors.sensors, now)
        if isinstance(checked, SensorReading):
            request.app.state.bus.publish(checked)
            accepted += 1
        else:
            refused.append(checked)
    result = BatchResult(accepted=accepted, refused=[RefusalPublic(**asdict(r)) for r in refused])
    return JSONResponse(result.model_dump(), status_code=207 if refused else 200)


def _batch(body: bytes) -> list[Any]:
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        raise HTTPException(422, "the body is not JSON") from None
    items = data.get("readings") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise HTTPException(422, 'the body must be {"readings": [...]}')
    if len(items) > MAX_BATCH:
        raise HTTPException(422, f"{len(items)} readings: at most {MAX_BATCH} a batch")
    return items


def _public(services: ServicesDep, sensor_id: str) -> SensorPublic:
    sensor = services.sensors.sensors[sensor_id]
    state = services.sensors.state(sensor_id)
    assert state is not None
    active = [check.value for check in state.active()]
    return SensorPublic(
        id=sensor.id,
        name=sensor.name,
        kind=sensor.kind,
        unit=sensor.unit,
        area=services.area_of(sensor.id),
        position=sensor.position,
        value=state.last_value,
        ts=datetime.fromtimestamp(state.last_ts, UTC) if state.last_ts is not None else None,
        state=_state_word(state.stale, active, state.last_ts is not None),
        alerts=active,
    )


def _state_word(stale: bool, active: list[str], reported: bool) -> str:
    if stale:
        return "stale"
    if active:
        return "alert"
    return "ok" if reported else "unknown"
