"""One client's bounded queue: the hub never waits for a slow screen.

A droppable message (a new snapshot) replaces the one of the same key still queued, so a slow
wall gets the latest picture, not a backlog. Any other message that finds the queue full marks
the client as overflowed: it is told to resync and closed, and resumes with `since` on
reconnect, so it never silently misses an alert. An overflowed queue takes nothing more.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import OrderedDict
from collections.abc import Hashable, Sequence

CLIENT_QUEUE_SIZE = 512  # ~1 minute of a busy wall's messages before a client must resync
FRAME_ENTRIES = 256  # entries taken at once: a busy client gets few large frames, not many


class ClientQueue:
    def __init__(self, maxsize: int = CLIENT_QUEUE_SIZE) -> None:
        self._items: OrderedDict[Hashable, str | Sequence[str]] = OrderedDict()
        self._maxsize = maxsize
        self._ready = asyncio.Event()
        self._unique = itertools.count()
        self.overflowed = asyncio.Event()

    @property
    def needs_resync(self) -> bool:
        return self.overflowed.is_set()

    def offer(self, text: str, replace_key: Hashable | None = None) -> None:
        if self.needs_resync:
            return
        if replace_key is not None and replace_key in self._items:
            del self._items[replace_key]
        elif len(self._items) >= self._maxsize:
            if replace_key is None:
                self.overflowed.set()
            return
        self._put(replace_key if replace_key is not None else next(self._unique), text)

    def offer_replay(self, texts: Sequence[str]) -> None:
        """What a resuming client missed: one entry, never dropped (bounded by the log)."""
        if texts and not self.needs_resync:
            self._put(next(self._unique), texts)

    def _put(self, key: Hashable, item: str | Sequence[str]) -> None:
        self._items[key] = item
        self._ready.set()

    async def take(self, entries: int = FRAME_ENTRIES) -> list[str]:
        """The texts of up to `entries` entries, oldest first; waits for one."""
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        texts: list[str] = []
        for _ in range(min(entries, len(self._items))):
            item = self._items.popitem(last=False)[1]
            texts.extend([item] if isinstance(item, str) else item)
        return texts

    def __len__(self) -> int:
        return len(self._items)
