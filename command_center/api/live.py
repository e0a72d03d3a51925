"""`/ws`: the live feed of numbered messages for walls and consoles."""

from __future__ import annotations

import asyncio
import contextlib

from fastapi import APIRouter, WebSocket, WebSocketDisconnect

from command_center.hub import RESYNC_CLOSE_CODE
from command_center.services import Services

router = APIRouter()


@router.websocket("/ws")
async def live(websocket: WebSocket) -> None:
    services: Services = websocket.app.state.services
    await websocket.accept()
    sender = asyncio.create_task(services.hub.serve(websocket))
    receiver = asyncio.create_task(_drain(websocket))
    done, pending = await asyncio.wait({sender, receiver}, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if sender in done and sender.exception() is None:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close(RESYNC_CLOSE_CODE, "resync")


async def _drain(websocket: WebSocket) -> None:
    """The feed is one-way for now; reading still notices the client leaving."""
    with contextlib.suppress(WebSocketDisconnect):
        while True:
            await websocket.receive_text()
