"""Requests addressed to a Host the centre does not answer to are refused (400).

A page on another site whose DNS name is rebound to this machine's address reaches the server
with its own name in Host: refused, it cannot read the API or pair a wall display on the
server's own machine (docs/http.md).
"""

from __future__ import annotations

from collections.abc import Set
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from command_center.api.errors import ApiError

REFUSED = ApiError(detail="this server does not answer to that host name", field="headers.host")


def host_name(header: str) -> str:
    """'Example.org:8000' -> 'example.org'; '[::1]:8000' -> '::1'."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    return header.rpartition(":")[0] if header.count(":") == 1 else header


def trusted(name: str, names: Set[str]) -> bool:
    if name in names:
        return True
    return any(p.startswith("*.") and name.endswith(p[1:]) for p in names)


class TrustedHosts:
    def __init__(self, app: ASGIApp, names: Set[str]) -> None:
        self.app = app
        self.names = frozenset(names)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        header = next((v for k, v in scope["headers"] if k == b"host"), b"")
        if trusted(host_name(header.decode("latin-1")), self.names):
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # before the handshake: 403
        else:
            await _refuse(send)


async def _refuse(send: Send) -> None:
    payload = REFUSED.model_dump_json().encode()
    headers = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(payload)).encode()),
    ]
    await send({"type": "http.response.start", "status": 400, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def document_host_refusal(openapi: dict[str, Any]) -> dict[str, Any]:
    """400 for a foreign Host in the spec of every operation (added to a route's own 400)."""
    why = "The Host header is not a name this server answers to (server.trusted_hosts)"
    schema = {"$ref": "#/components/schemas/ApiError"}
    answer = {"description": why, "content": {"application/json": {"schema": schema}}}
    for operations in openapi.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            if "400" not in responses:
                responses["400"] = answer
            elif why not in responses["400"]["description"]:
                responses["400"]["description"] += f"; or: {why}"
    return openapi
