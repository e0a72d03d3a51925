"""What the routes depend on: the services, and who is asking (the principal).

A principal comes from `Authorization: Bearer <token>` (API clients) or the session cookie
(browsers). A cookie is sent by the browser whatever page asks, so a request that changes
something on the strength of a cookie must come from our own origin (no cross-site forgery).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Path, Request

from command_center.api.errors import DATABASE_ID_MAX, Responses, error_response
from command_center.audit.chain import Action
from command_center.auth.principal import ACTING_ROLES, SESSION_COOKIE, Principal, Role
from command_center.services import Services

RowId = Annotated[int, Path(ge=1, le=DATABASE_ID_MAX, description="A database id")]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
UNAUTHENTICATED: Responses = {401: error_response("No valid credential: log in first")}
FORBIDDEN: Responses = {403: error_response("The role may not do this")}


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def credential(request: Request) -> tuple[str | None, bool]:
    """The token the request carries, and whether it came in the cookie."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip(), False
    cookie = request.cookies.get(SESSION_COOKIE)
    return (cookie, True) if cookie else (None, False)


def origin_allowed(origin: str | None, host: str | None, allowed: list[str]) -> bool:
    """No Origin (not a browser) passes; else same host and port as Host, whatever the
    scheme (http/https/ws/wss), or one of `allowed` (scheme://host[:port])."""
    if origin is None:
        return True
    parts = urlsplit(origin.lower())
    if host is not None and parts.netloc == host.lower():
        return True
    return f"{parts.scheme}://{parts.netloc}" in {a.lower().rstrip("/") for a in allowed}


def same_origin(request: Request) -> bool:
    """A browser's request from our own pages (or an allowed origin's): Origin, or failing
    it Referer, must be there and match."""
    origin = request.headers.get("origin") or request.headers.get("referer")
    services: Services = request.app.state.services
    allowed = services.config.server.allowed_origins
    return origin is not None and origin_allowed(origin, request.headers.get("host"), allowed)


async def current_principal(request: Request, services: ServicesDep) -> Principal:
    token, from_cookie = credential(request)
    principal = await services.auth.authenticate(token) if token else None
    if principal is None:
        raise HTTPException(
            401, "not logged in, or the login has expired", headers={"WWW-Authenticate": "Bearer"}
        )
    if from_cookie and request.method not in SAFE_METHODS and not same_origin(request):
        raise HTTPException(403, "a change by cookie must come from this site's own pages")
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(current_principal)]


def require_role(*roles: Role) -> Callable[[Principal], Awaitable[Principal]]:
    allowed = frozenset(roles)

    async def check(principal: PrincipalDep) -> Principal:
        if principal.role not in allowed:
            raise HTTPException(403, f"the {principal.role} role may not do this")
        return principal

    return check


AdminDep = Annotated[Principal, Depends(require_role(Role.ADMIN))]
ActorDep = Annotated[Principal, Depends(require_role(*ACTING_ROLES))]


def client_address(request: Request) -> str:
    """The peer's address; behind a proxy listed in `server.trusted_proxies`, the client that
    proxy names in X-Forwarded-For (uvicorn rewrites it: `api/proxy_headers.py`), never one a
    client names itself."""
    return request.client.host if request.client else "unknown"


async def record_look(
    request: Request, principal: Principal, action: Action, object_type: str, object_id: str
) -> None:
    """A person's look at a picture, in the audit log (a wall display's are not: it is a
    device, paired by an admin); repeated fetches within Looks.again_s are the same look."""
    services: Services = request.app.state.services
    if principal.role == Role.WALL:
        return
    if services.looks.to_record(principal.username, object_type, object_id, time.monotonic()):
        await services.audit.record(
            principal.username,
            action,
            object_type=object_type,
            object_id=object_id,
            remote=client_address(request),
        )
