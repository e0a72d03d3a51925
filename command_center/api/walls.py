"""`/api/walls`: the wall layouts a user may see, and pairing a wall display.

Pairing: the display asks for a code (`POST /pairings`) and shows it; an admin enters the code
for a wall (`POST /{wall_id}/pair`); the display, asking with its secret (`POST
/pairings/claim`), then gets its long-lived credential as a cookie, bound to that wall.
"""

from __future__ import annotations

import ipaddress
from datetime import datetime

from fastapi import APIRouter, HTTPException, Request, Response
from pydantic import BaseModel, Field

from command_center.api.auth import set_session_cookie
from command_center.api.deps import (
    FORBIDDEN,
    UNAUTHENTICATED,
    AdminDep,
    PrincipalDep,
    ServicesDep,
    client_address,
    credential,
)
from command_center.api.errors import BAD_BODY, INVALID, Responses, error_response
from command_center.audit.chain import Action
from command_center.auth.principal import Principal, Role
from command_center.auth.service import Issued
from command_center.config import WallConfig
from command_center.services import Services

router = APIRouter(prefix="/api/walls", tags=["walls"], responses={**INVALID, **BAD_BODY})
NO_WALL: Responses = {404: error_response("No such wall, or no display showing the code")}


class PairingStarted(BaseModel):
    code: str = Field(description="Shown on the display; an admin enters it in the console")
    secret: str = Field(description="Kept by the display alone, to claim its credential")
    expires_at: datetime


class PairingClaim(BaseModel):
    secret: str = Field(min_length=1, max_length=128)


class PairingState(BaseModel):
    paired: bool
    wall_id: str | None = None


class PairRequest(BaseModel):
    code: str = Field(min_length=1, max_length=16, description="The code the display shows")


def visible_walls(services: Services, principal: Principal) -> list[WallConfig]:
    """A wall display sees its own wall only; a person every wall of their area."""
    walls = services.config.walls
    if principal.role == Role.WALL:
        return [w for w in walls if w.id == principal.wall_id]
    return [w for w in walls if principal.can_see(w.area or services.areas.default_code)]


def visible_wall(services: Services, principal: Principal, wall_id: str) -> WallConfig:
    for wall in visible_walls(services, principal):
        if wall.id == wall_id:
            return wall
    raise HTTPException(404, f"unknown wall {wall_id!r}")


@router.get("", responses=UNAUTHENTICATED)
def list_walls(principal: PrincipalDep, services: ServicesDep) -> list[WallConfig]:
    return visible_walls(services, principal)


@router.get("/{wall_id}", responses={**UNAUTHENTICATED, **NO_WALL})
def get_wall(wall_id: str, principal: PrincipalDep, services: ServicesDep) -> WallConfig:
    return visible_wall(services, principal, wall_id)


@router.post("/pairings", status_code=201)
async def start_pairing(services: ServicesDep) -> PairingStarted:
    """For a display that has no credential: a code to show, valid a few minutes."""
    pairing = await services.auth.start_pairing()
    return PairingStarted(code=pairing.code, secret=pairing.secret, expires_at=pairing.expires_at)


@router.post(
    "/pairings/claim",
    responses={404: error_response("No such pairing, or it expired: start again")},
)
async def claim_pairing(
    body: PairingClaim, response: Response, services: ServicesDep
) -> PairingState:
    """`paired: false` until an admin has entered the code; then the credential is set as a
    cookie (once: the pairing is then gone)."""
    issued = await services.auth.claim(body.secret, services.wall_area)
    if issued is None:
        if not await services.auth.pairing_known(body.secret):
            raise HTTPException(404, "no such pairing, or it expired: start again")
        return PairingState(paired=False)
    principal = issued.principal
    set_session_cookie(
        response, issued.token, principal.expires_at, services.config.auth.secure_cookie
    )
    return PairingState(paired=True, wall_id=principal.wall_id)


@router.post(
    "/{wall_id}/pair",
    status_code=204,
    responses={**UNAUTHENTICATED, **FORBIDDEN, **NO_WALL},
)
async def pair_display(
    wall_id: str, body: PairRequest, admin: AdminDep, request: Request, services: ServicesDep
) -> Response:
    visible_wall(services, admin, wall_id)
    if not await services.auth.pair(body.code, wall_id, admin):
        raise HTTPException(404, "no display is showing that code (or it expired)")
    await services.audit.record(
        admin.username,
        Action.WALL_PAIRED,
        object_type="wall",
        object_id=wall_id,
        remote=client_address(request),
    )
    return Response(status_code=204)


async def pair_local_display(request: Request, response: Response, wall_id: str) -> None:
    """Demo mode: a browser on the server's own machine opening a wall page without a live
    credential is paired with that wall at once, so the demo wall opens straight away. The
    Host was checked before (api/trusted_hosts.py): a page of another site rebound to this
    machine gets nothing. One credential a wall, given again while it lives."""
    services: Services = request.app.state.services
    if not _loopback(request) or wall_id not in {w.id for w in services.config.walls}:
        return
    token, _ = credential(request)
    if token and await services.auth.authenticate(token) is not None:
        return
    issued = await _local_wall_credential(request, services, wall_id)
    set_session_cookie(
        response, issued.token, issued.principal.expires_at, services.config.auth.secure_cookie
    )


async def _local_wall_credential(request: Request, services: Services, wall_id: str) -> Issued:
    state = request.app.state
    if not hasattr(state, "local_walls"):
        state.local_walls = {}
    issued_before: dict[str, Issued] = state.local_walls
    issued = issued_before.get(wall_id)
    if issued is not None and await services.auth.authenticate(issued.token) is not None:
        return issued
    issued = await services.auth.issue_wall_token(
        wall_id, services.wall_area(wall_id), client_address(request)
    )
    issued_before[wall_id] = issued
    await services.audit.record(
        "system",
        Action.WALL_PAIRED,
        object_type="wall",
        object_id=wall_id,
        remote=client_address(request),
        detail={"change": "demo display on this machine"},
    )
    return issued


def _loopback(request: Request) -> bool:
    try:
        return ipaddress.ip_address(client_address(request)).is_loopback
    except ValueError:
        return False
