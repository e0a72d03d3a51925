"""The websocket hub: numbered messages to every connected screen, never blocked by a slow one.

Each client has a bounded queue. A droppable message (a new snapshot) replaces the one of the
same key still queued, so a slow wall gets the latest picture, not a backlog. Any other message
that finds the queue full marks the client for resync: it is told so and closed, and refetches
its state on reconnect, so it never silently misses an alert.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

log = logging.getLogger(__name__)

CLIENT_QUEUE_SIZE = 512  # ~1 minute of a busy wall's messages before a client must resync
RESYNC_CLOSE_CODE = 4000


class MessageSink(Protocol):
    async def send_text(self, data: str) -> None: ...


@dataclass(frozen=True, slots=True)
class Message:
    seq: int
    topic: str
    type: str
    data: dict[str, Any]
    ts: datetime

    def to_json(self) -> str:
        return json.dumps(
            {
                "seq": self.seq,
                "topic": self.topic,
                "type": self.type,
                "data": self.data,
                "ts": self.ts.isoformat(),
            },
            default=str,
        )


class ClientQueue:
    def __init__(self, maxsize: int = CLIENT_QUEUE_SIZE) -> None:
        self._items: OrderedDict[object, str] = OrderedDict()
        self._maxsize = maxsize
        self._ready = asyncio.Event()
        self._unique = itertools.count()
        self.needs_resync = False

    def offer(self, text: str, replace_key: str | None) -> None:
        if replace_key is not None and replace_key in self._items:
            del self._items[replace_key]
        elif len(self._items) >= self._maxsize:
            if replace_key is not None:
                return
            self.needs_resync = True
        key = replace_key if replace_key is not None else next(self._unique)
        self._items[key] = text
        self._ready.set()

    async def get(self) -> str:
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        return self._items.popitem(last=False)[1]

    def __len__(self) -> int:
        return len(self._items)


class Hub:
    def __init__(self) -> None:
        self._seq = itertools.count(1)
        self._clients: set[ClientQueue] = set()
        self.last_seq = 0

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def queue_depths(self) -> list[int]:
        return [len(client) for client in self._clients]

    def publish(
        self, topic: str, type_: str, data: dict[str, Any], replace_key: str | None = None
    ) -> Message:
        self.last_seq = next(self._seq)
        message = Message(self.last_seq, topic, type_, data, datetime.now(UTC))
        text = message.to_json()
        for client in self._clients:
            client.offer(text, replace_key)
        return message

    def _notice(self, type_: str, data: dict[str, Any]) -> str:
        """A message to one client; it carries the last broadcast seq and takes no number."""
        return Message(self.last_seq, "system", type_, data, datetime.now(UTC)).to_json()

    async def serve(self, sink: MessageSink) -> None:
        """Send queued messages to one client until it goes or falls too far behind."""
        queue = ClientQueue()
        self._clients.add(queue)
        try:
            await sink.send_text(self._notice("hello", {"seq": self.last_seq}))
            while not queue.needs_resync:
                await sink.send_text(await queue.get())
            await sink.send_text(self._notice("resync", {"seq": self.last_seq}))
            log.warning("websocket client fell %d messages behind; told to resync", len(queue))
        finally:
            self._clients.discard(queue)
