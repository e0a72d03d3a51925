"""`/api/users`: admins manage the users of their own area subtree; one outside it answers
404, as one that does not exist."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from fastapi import APIRouter, HTTPException, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field

from command_center.api.deps import (
    FORBIDDEN,
    UNAUTHENTICATED,
    AdminDep,
    RowId,
    ServicesDep,
    client_address,
)
from command_center.api.errors import BAD_BODY, INVALID, Responses, error_response
from command_center.audit.chain import Action
from command_center.auth.passwords import MIN_PASSWORD_LENGTH, weakness
from command_center.auth.principal import Principal, Role
from command_center.auth.service import Conflict
from command_center.services import Services
from command_center.store.models import User

NO_AREA: Responses = {404: error_response("No such user, or no such area within yours")}
router = APIRouter(
    prefix="/api/users",
    tags=["users"],
    responses={**INVALID, **BAD_BODY, **UNAUTHENTICATED, **FORBIDDEN, **NO_AREA},
)


class PersonRole(StrEnum):
    """The roles of people; wall displays are added by pairing, not as users."""

    ADMIN = Role.ADMIN.value
    SUPERVISOR = Role.SUPERVISOR.value
    DISPATCHER = Role.DISPATCHER.value
    VIEWER = Role.VIEWER.value


USERNAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,79}$"


class UserPublic(BaseModel):
    id: int
    username: str
    role: Role
    area: str
    wall_id: str | None
    created_at: datetime
    disabled: bool


class NewUser(BaseModel):
    username: str = Field(pattern=USERNAME_PATTERN)
    password: str = Field(min_length=MIN_PASSWORD_LENGTH, max_length=1024)
    role: PersonRole
    area: str = Field(min_length=1, max_length=40)


class UserChange(BaseModel):
    role: PersonRole | None = None
    area: str | None = Field(default=None, min_length=1, max_length=40)
    password: str | None = Field(default=None, min_length=MIN_PASSWORD_LENGTH, max_length=1024)
    disabled: bool | None = None


class TokenPublic(BaseModel):
    id: str = Field(description="The token's public id, for POST /api/auth/tokens/{id}/revoke")
    kind: str = Field(description="login, or wall for a paired display")
    created_at: datetime
    expires_at: datetime
    remote: str | None = Field(description="The address it was issued to")


def user_public(user: User) -> UserPublic:
    return UserPublic(
        id=user.id,
        username=user.username,
        role=Role(user.role),
        area=user.area_code,
        wall_id=user.wall_id,
        created_at=user.created_at,
        disabled=user.disabled_at is not None,
    )


def _refuse_weak(password: str | None, username: str) -> None:
    """The password policy, as a 422 on `body.password` naming the reason (never the
    password or the name)."""
    if password is not None and (reason := weakness(password, username)) is not None:
        fault = {
            "type": "value_error",
            "loc": ("body", "password"),
            "msg": f"password refused: {reason}",
            "input": None,
        }
        raise RequestValidationError([fault])


def _in_reach(admin: Principal, area: str) -> None:
    """An area outside the admin's answers as one that does not exist."""
    if not admin.can_see(area):
        raise HTTPException(404, f"unknown area {area!r}")


async def _user_in_reach(admin: Principal, user_id: int, services: Services) -> User:
    """A user of the admin's area; one outside it answers as one that does not exist."""
    user = await services.auth.get_user(user_id)
    if user is None or not admin.can_see(user.area_code):
        raise HTTPException(404, f"unknown user {user_id}")
    return user


@router.get("")
async def list_users(admin: AdminDep, services: ServicesDep) -> list[UserPublic]:
    users = await services.auth.list_users()
    return [user_public(u) for u in users if admin.can_see(u.area_code)]


@router.post("", status_code=201, responses={409: error_response("The user name is taken")})
async def create_user(
    body: NewUser, admin: AdminDep, request: Request, services: ServicesDep
) -> UserPublic:
    _refuse_weak(body.password, body.username)
    _in_reach(admin, body.area)
    try:
        user = await services.auth.create_user(
            body.username, body.password, Role(body.role), body.area
        )
    except Conflict as exc:
        raise HTTPException(409, str(exc)) from None
    detail = {"change": "created", "role": body.role.value, "area": body.area}
    await services.audit.record(
        admin.username,
        Action.USER_CHANGE,
        object_type="user",
        object_id=str(user.id),
        remote=client_address(request),
        detail=detail,
    )
    return user_public(user)


@router.patch("/{user_id}", responses={409: error_response("An admin's change to themselves")})
async def change_user(
    user_id: RowId, body: UserChange, admin: AdminDep, request: Request, services: ServicesDep
) -> UserPublic:
    """A new password or disabling revokes the user's logins."""
    existing = await _user_in_reach(admin, user_id, services)
    if body.area is not None:
        _in_reach(admin, body.area)
    _refuse_weak(body.password, existing.username)
    if user_id == admin.user_id and (body.disabled or body.role not in (None, PersonRole.ADMIN)):
        raise HTTPException(409, "you cannot disable or demote yourself: ask another admin")
    role = Role(body.role) if body.role is not None else None
    user = await services.auth.update_user(
        user_id, role=role, area_code=body.area, password=body.password, disabled=body.disabled
    )
    if user is None:
        raise HTTPException(404, f"unknown user {user_id}")
    changed = sorted(k for k, v in body.model_dump().items() if v is not None)
    await services.audit.record(
        admin.username,
        Action.USER_CHANGE,
        object_type="user",
        object_id=str(user_id),
        remote=client_address(request),
        detail={"change": "updated", "fields": changed},
    )
    return user_public(user)


@router.get("/{user_id}/tokens")
async def list_tokens(user_id: RowId, admin: AdminDep, services: ServicesDep) -> list[TokenPublic]:
    """The user's live logins and display credentials, to revoke one."""
    await _user_in_reach(admin, user_id, services)
    return [
        TokenPublic(
            id=t.public_id,
            kind=t.kind,
            created_at=t.created_at,
            expires_at=t.expires_at,
            remote=t.remote,
        )
        for t in await services.auth.live_tokens(user_id)
    ]


@router.post("/{user_id}/unlock", status_code=204)
async def unlock_user(
    user_id: RowId, admin: AdminDep, request: Request, services: ServicesDep
) -> Response:
    """Lets the user log in again at once after too many failed logins, from any address."""
    user = await _user_in_reach(admin, user_id, services)
    services.auth.unlock(user.username)
    await services.audit.record(
        admin.username,
        Action.USER_CHANGE,
        object_type="user",
        object_id=str(user_id),
        remote=client_address(request),
        detail={"change": "unlocked"},
    )
    return Response(status_code=204)
