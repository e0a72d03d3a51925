"""What the hub tests share: principals, and a socket fed and read by the test."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

from command_center.auth.principal import Principal, Role
from command_center.hub import Client, Hub
from command_center.hub.session import Disconnected

FAR = datetime.now(UTC) + timedelta(days=1)


def principal(*areas: str, name: str = "ana", expires_at: datetime = FAR) -> Principal:
    return Principal(
        user_id=1,
        username=name,
        role=Role.DISPATCHER,
        area_code=areas[0],
        areas=frozenset(areas),
        token_id=1,
        expires_at=expires_at,
    )


async def received(hub: Hub, client: Client) -> list[dict]:
    """Everything published so far fanned out, and what is in the client's queue."""
    hub.fan_out()
    texts: list[str] = []
    while len(client.queue):
        texts.extend(await client.queue.take())
    return messages_in(texts)


def messages_in(texts: list[str]) -> list[dict]:
    """The messages of frames (or queue entries): one JSON message a line."""
    return [json.loads(line) for text in texts for line in text.split("\n")]


class MemorySocket:
    """The client's end is `incoming` (what it sends) and `sent` (what it got, one message a
    line as framed); `closed` is the close code."""

    def __init__(self) -> None:
        self.incoming: asyncio.Queue[str | None] = asyncio.Queue()
        self.frames: list[str] = []
        self.closed: int | None = None
        self.got = asyncio.Event()

    async def send_text(self, text: str) -> None:
        self.frames.append(text)
        self.got.set()

    async def receive_text(self) -> str:
        text = await self.incoming.get()
        if text is None:
            raise Disconnected
        return text

    async def close(self, code: int, reason: str) -> None:
        self.closed = code

    def send(self, message: object) -> None:
        self.incoming.put_nowait(message if isinstance(message, str) else json.dumps(message))

    @property
    def sent(self) -> list[dict]:
        return messages_in(self.frames)

    def of_type(self, type_: str) -> list[dict]:
        return [m for m in self.sent if m["type"] == type_]
