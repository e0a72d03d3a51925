"""`/ws`: the live feed for walls and consoles (docs/live-feed.md).

Before the handshake: the Origin must be this site's or an allowed one (a page elsewhere could
otherwise ride on the browser's cookie), and a token in the URL is refused (URLs end up in logs
and browser history). The rest is the hub's session.
"""

from __future__ import annotations

import time

from fastapi import APIRouter, WebSocket
from starlette.websockets import WebSocketState

from command_center.api.deps import origin_allowed
from command_center.audit.chain import Action
from command_center.auth.principal import SESSION_COOKIE, Principal, Role
from command_center.hub.protocol import CloseCode
from command_center.hub.session import Disconnected, Session, Timing
from command_center.services import Services

router = APIRouter()
URL_CREDENTIALS = frozenset({"token", "access_token", "auth", "session"})


class StarletteSocket:
    def __init__(self, websocket: WebSocket) -> None:
        self.websocket = websocket

    async def send_text(self, text: str) -> None:
        await self.websocket.send_text(text)

    async def receive_text(self) -> str:
        message = await self.websocket.receive()
        if message["type"] == "websocket.disconnect":
            raise Disconnected
        text = message.get("text")
        return text if text is not None else "\x00binary"  # parsed as not JSON: error 400

    async def close(self, code: int, reason: str) -> None:
        if self.websocket.application_state == WebSocketState.CONNECTED:
            await self.websocket.close(code, reason)


@router.websocket("/ws")
async def live(websocket: WebSocket) -> None:
    services: Services = websocket.app.state.services
    allowed = services.config.server.allowed_origins
    if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"), allowed):
        await websocket.close(CloseCode.FORBIDDEN, "origin not allowed")
        return
    if URL_CREDENTIALS & websocket.query_params.keys():
        await websocket.close(CloseCode.UNAUTHORIZED, "credentials in the URL are refused")
        return
    remote = websocket.client.host if websocket.client else "unknown"
    if not services.handshakes.admit(remote, time.monotonic()):
        await websocket.close(CloseCode.TRY_AGAIN_LATER, "too many connections from this address")
        return
    await websocket.accept()
    timing: Timing = getattr(websocket.app.state, "live_timing", Timing())

    async def watched(principal: Principal, topics: list[str]) -> None:
        """A person's subscription to cameras is a view of them (a wall display's is not)."""
        if principal.role == Role.WALL:
            return
        for topic in topics:
            await services.audit.record(
                principal.username,
                Action.CAMERA_SUBSCRIBE,
                object_type="camera",
                object_id=topic.partition(":")[2],
                remote=remote,
            )

    session = Session(
        services.hub,
        StarletteSocket(websocket),
        services.auth.authenticate,
        timing,
        watched=watched,
    )
    await session.run(websocket.cookies.get(SESSION_COOKIE))
