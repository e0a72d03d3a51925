"""`GET /api/audit`: the audit log, newest first, for admins only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, BeforeValidator, Field

from command_center.api.deps import FORBIDDEN, UNAUTHENTICATED, AdminDep, ServicesDep
from command_center.api.errors import DATABASE_ID_MAX, INVALID
from command_center.audit.chain import Entry
from command_center.audit.log import DEFAULT_LIMIT, MAX_LIMIT, AuditLog

router = APIRouter(
    prefix="/api/audit", tags=["audit"], responses={**INVALID, **UNAUTHENTICATED, **FORBIDDEN}
)


class AuditEntryPublic(BaseModel):
    id: int
    ts: datetime
    actor: str = Field(description="username, or `anonymous` for a failed login")
    action: str
    object_type: str | None
    object_id: str | None
    remote: str | None = Field(description="the client's address")
    detail: dict[str, Any]
    prev_hash: str
    hash: str


class AuditPage(BaseModel):
    entries: list[AuditEntryPublic]
    next_before_id: int | None = Field(
        description="pass as `before_id` for the next (older) page; null on the last page"
    )


def _iso_only(value: object) -> object:
    """A number (12, 6.3e-59, inf) would pass as seconds since 1970: the spec says ISO 8601."""
    if isinstance(value, str):
        try:
            float(value)
        except ValueError:
            return value
        raise ValueError("an ISO 8601 date and time, e.g. 2026-11-26T08:00:00Z")
    return value


IsoTime = Annotated[datetime, BeforeValidator(_iso_only)]


def audit_log(admin: AdminDep, services: ServicesDep) -> AuditLog:
    """The log is the whole centre's: an admin of one district would see the others' doings."""
    if admin.area_code not in services.areas.roots:
        raise HTTPException(403, "the audit log is for the admins of the whole centre")
    audit: AuditLog = services.audit
    return audit


AuditDep = Annotated[AuditLog, Depends(audit_log)]


@router.get("")
async def list_audit(
    _: AdminDep,
    audit: AuditDep,
    user: str | None = None,
    object_type: str | None = None,
    object_id: str | None = None,
    since: Annotated[IsoTime | None, Query(description="inclusive; UTC if no offset")] = None,
    until: Annotated[IsoTime | None, Query(description="exclusive; UTC if no offset")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    before_id: Annotated[int | None, Query(ge=1, le=DATABASE_ID_MAX)] = None,
) -> AuditPage:
    entries = await audit.query(
        actor=user,
        object_type=object_type,
        object_id=object_id,
        since=since,
        until=until,
        limit=limit,
        before_id=before_id,
    )
    last = entries[-1].id if len(entries) == limit else None
    return AuditPage(entries=[public(e) for e in entries], next_before_id=last)


def public(entry: Entry) -> AuditEntryPublic:
    return AuditEntryPublic.model_validate(entry, from_attributes=True)
