"""`/api/auth`: log in (a bearer token, and the same token as an HttpOnly cookie for the
browser), log out, who am I, revoke a token."""

from __future__ import annotations

import math
import time
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Request, Response
from pydantic import BaseModel, Field

from command_center.api.deps import (
    UNAUTHENTICATED,
    AdminDep,
    PrincipalDep,
    ServicesDep,
    client_address,
)
from command_center.api.errors import BAD_BODY, INVALID, error_response
from command_center.audit.chain import Action
from command_center.auth.principal import SESSION_COOKIE, Principal, Role
from command_center.auth.service import TOKEN_ID_PATTERN, AuthError, LoginThrottled
from command_center.services import Services

router = APIRouter(prefix="/api/auth", tags=["auth"], responses={**INVALID, **BAD_BODY})
TokenId = Annotated[
    str, Path(pattern=TOKEN_ID_PATTERN, description="A token's public id (from the audit log)")
]


class LoginRequest(BaseModel):
    username: str = Field(min_length=1, max_length=80)
    password: str = Field(min_length=1, max_length=1024)


class Me(BaseModel):
    username: str
    role: Role
    area: str
    wall_id: str | None
    expires_at: datetime


class LoginResult(Me):
    token: str = Field(description="Send as `Authorization: Bearer <token>`; shown once")


def me_of(principal: Principal) -> Me:
    return Me(
        username=principal.username,
        role=principal.role,
        area=principal.area_code,
        wall_id=principal.wall_id,
        expires_at=principal.expires_at,
    )


def set_session_cookie(response: Response, token: str, expires_at: datetime, secure: bool) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        expires=expires_at,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/",
    )


@router.post(
    "/login",
    responses={
        401: error_response("Wrong user name or password"),
        429: error_response("Too many failed logins: wait `Retry-After` seconds"),
    },
)
async def login(
    body: LoginRequest, request: Request, response: Response, services: ServicesDep
) -> LoginResult:
    remote = client_address(request)
    try:
        issued = await services.auth.login(body.username, body.password, remote)
    except LoginThrottled as exc:
        retry = str(math.ceil(exc.retry_after_s))
        await _record_throttled(services, body.username, remote, int(retry))
        raise HTTPException(429, str(exc), headers={"Retry-After": retry}) from None
    except AuthError as exc:
        await _record_failed(services, body.username, remote)
        raise HTTPException(401, str(exc)) from None
    principal = issued.principal
    await services.audit.record(
        principal.username,
        Action.LOGIN,
        object_type="user",
        object_id=str(principal.user_id),
        remote=remote,
        detail={"token_id": principal.token_id},
    )
    set_session_cookie(
        response, issued.token, principal.expires_at, services.config.auth.secure_cookie
    )
    return LoginResult(token=issued.token, **me_of(principal).model_dump())


async def _audited_name(services: Services, username: str) -> str | None:
    """A refused login's name as the audit log may hold it: a password typed into the name
    box must not land there, so only the names of existing users are kept."""
    return username if await services.auth.user_exists(username) else None


async def _record_failed(services: Services, username: str, remote: str) -> None:
    await services.audit.record(
        "anonymous",
        Action.LOGIN_FAILED,
        object_type="user",
        object_id=await _audited_name(services, username),
        remote=remote,
    )


async def _record_throttled(
    services: Services, username: str, remote: str, retry_after_s: int
) -> None:
    """The first throttled login of a name and address, then one a minute with the count."""
    name = await _audited_name(services, username)
    refused = services.auth.throttled_logins.note(name or "", remote, time.monotonic())
    if refused is not None:
        await services.audit.record(
            "anonymous",
            Action.LOGIN_THROTTLED,
            object_type="user",
            object_id=name,
            remote=remote,
            detail={"refused": refused, "retry_after_s": retry_after_s},
        )


@router.post("/logout", status_code=204, responses=UNAUTHENTICATED)
async def logout(principal: PrincipalDep, request: Request, services: ServicesDep) -> Response:
    """Revokes the token the request came with."""
    await services.auth.revoke(principal.token_id)
    await services.audit.record(
        principal.username,
        Action.LOGOUT,
        object_type="token",
        object_id=principal.token_id,
        remote=client_address(request),
    )
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/me", responses=UNAUTHENTICATED)
async def whoami(principal: PrincipalDep) -> Me:
    return me_of(principal)


@router.post(
    "/tokens/{token_id}/revoke",
    status_code=204,
    responses={
        **UNAUTHENTICATED,
        403: error_response("Admins only"),
        404: error_response("No such live token of a user in the admin's area"),
    },
)
async def revoke_token(
    token_id: TokenId, admin: AdminDep, request: Request, services: ServicesDep
) -> Response:
    """A token of a user outside the admin's area answers as one that does not exist."""
    if not await services.auth.revoke(token_id, within=admin.areas):
        raise HTTPException(404, "no such live token")
    await services.audit.record(
        admin.username,
        Action.TOKEN_REVOKED,
        object_type="token",
        object_id=token_id,
        remote=client_address(request),
    )
    return Response(status_code=204)
