"""`/metrics` (Prometheus text format) and `/healthz` (the bus and the database, 200 or 503)."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from command_center.store.database import Database
from events.redis_bus import RedisBus

router = APIRouter(tags=["health"])

PING_TIMEOUT_S = 1.0  # a load balancer polls every few seconds; a slower Redis is unwell


@router.get("/metrics", include_in_schema=False)
def metrics(request: Request) -> Response:
    body = generate_latest(request.app.state.metrics.registry)
    return Response(body, media_type=CONTENT_TYPE_LATEST)


@router.get(
    "/healthz",
    responses={503: {"description": "The bus or the storage does not answer; the body says which"}},
)
async def healthz(request: Request) -> JSONResponse:
    bus = request.app.state.bus
    checks: dict[str, Any] = {
        "bus": await _bus_health(bus),
        "database": await _database_health(request.app.state.services.database),
    }
    ok = all(part["ok"] for part in checks.values())
    return JSONResponse({"status": "ok" if ok else "unavailable", **checks}, 200 if ok else 503)


async def _bus_health(bus: object) -> dict[str, Any]:
    if isinstance(bus, RedisBus):
        return {"kind": "redis", "ok": await bus.ping(PING_TIMEOUT_S)}
    return {"kind": "memory", "ok": True}


async def _database_health(database: Database) -> dict[str, Any]:
    kind = database.engine.dialect.name
    try:
        await asyncio.wait_for(database.ping(), PING_TIMEOUT_S)
    except Exception:  # any failure to answer is "unavailable", and the body says so
        return {"kind": kind, "ok": False}
    return {"kind": kind, "ok": True}
