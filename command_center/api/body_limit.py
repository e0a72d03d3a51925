"""Request bodies over a route's limit are refused with 413 before they are read.

An ASGI middleware: a declared `Content-Length` over the limit is answered at once, without
reading a byte; a body sent in chunks (no length) is counted as it arrives and refused as soon
as it passes the limit. Either way the route never sees it, and nobody can make the centre hold
10 MB for a login.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from command_center.api.errors import ApiError, error_response

# Every route's body but the few below: a login, a user, an acknowledgement, a pairing claim
# are well under 1 KiB, and 64 KiB leaves room for any of them with long text fields.
DEFAULT_MAX_BODY_BYTES = 64 * 1024
TOO_LARGE = {
    413: error_response(
        "The request body is over the route's limit (64 KiB unless "
        "documented otherwise): refused before it was read"
    )
}
BODY_METHODS = frozenset({"post", "put", "patch"})


class BodyLimit:
    """`limits`: path -> bytes for the routes that need more (or less) than `default`."""

    def __init__(
        self, app: ASGIApp, limits: Mapping[str, int], default: int = DEFAULT_MAX_BODY_BYTES
    ) -> None:
        self.app = app
        self.limits = dict(limits)
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(scope["path"], self.default)
        if _declared_length(scope) > limit:
            await _refuse(send, limit)
            return
        await _Counted(self.app, limit).run(scope, receive, send)


class _Counted:
    """One request whose body is counted as the route reads it. Past the limit the route is
    told the client left, whatever it answers is dropped, and the client gets 413."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit
        self.received = 0
        self.exceeded = False
        self.refused = False
        self.started = False

    async def run(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def counted_receive() -> Message:
            if self.exceeded:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                self.received += len(message.get("body", b""))
                if self.received > self.limit:
                    self.exceeded = True
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if self.exceeded:
                await self._refuse_once(send)
                return
            self.started = True
            await send(message)

        try:
            await self.app(scope, counted_receive, guarded_send)
        except Exception:
            if not self.exceeded:
                raise  # a route failing on the disconnect it was told of is no fault
        if self.exceeded:
            await self._refuse_once(send)

    async def _refuse_once(self, send: Send) -> None:
        if not self.refused and not self.started:
            self.refused = True
            await _refuse(send, self.limit)


def _declared_length(scope: Scope) -> int:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else 0  # the server refuses a malformed one
    return 0


async def _refuse(send: Send, limit: int) -> None:
    body = ApiError(detail=f"request body over this route's limit of {limit} bytes", field="body")
    payload = body.model_dump_json().encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def document_too_large(openapi: dict[str, Any]) -> dict[str, Any]:
    """413 in the spec of every operation that takes a body (the routes' own entry kept)."""
    schema = {"$ref": "#/components/schemas/ApiError"}
    answer = {
        "description": TOO_LARGE[413]["description"],
        "content": {"application/json": {"schema": schema}},
    }
    for operations in openapi.get("paths", {}).values():
        for method, operation in operations.items():
            if method in BODY_METHODS:
                operation.setdefault("responses", {}).setdefault("413", answer)
    return openapi
