"""One client's bounded queue: the hub never waits for a slow screen.

Entries are text ready to send: one message, or several already joined one a line. The bound
is in messages. A droppable message (a new snapshot) replaces the one of the same key still
queued, so a slow wall gets the latest picture, not a backlog. Any other message that finds
the queue full marks the client as overflowed: it is told to resync and closed, and resumes with
`since` on reconnect, so it never silently misses an alert. An overflowed queue takes nothing
more.
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
        self._items: OrderedDict[Hashable, tuple[Sequence[str], int]] = OrderedDict()
        self._maxsize = maxsize
        self._messages = 0
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
            self._messages -= self._items.pop(replace_key)[1]
        elif self._messages >= self._maxsize:
            if replace_key is None:
                self.overflowed.set()
            return
        self._put(replace_key if replace_key is not None else next(self._unique), (text,), 1)

    def offer_batch(self, texts: Sequence[str], messages: int) -> None:
        """`texts` holding `messages` messages, never dropped: all of them are queued if the
        queue is not full yet, so a burst larger than the bound does not fail every client."""
        if self.needs_resync or not texts:
            return
        if self._messages >= self._maxsize:
            self.overflowed.set()
            return
        self._put(next(self._unique), texts, messages)

    def offer_replay(self, texts: Sequence[str]) -> None:
        """What a resuming client missed: counted as one message (the log bounds it)."""
        if texts and not self.needs_resync:
            self._put(next(self._unique), texts, 1)

    def _put(self, key: Hashable, texts: Sequence[str], messages: int) -> None:
        self._items[key] = (texts, messages)
        self._messages += messages
        self._ready.set()

    async def take(self, entries: int = FRAME_ENTRIES) -> list[str]:
        """The texts of up to `entries` entries, oldest first; waits for one."""
        while not self._items:
            self._ready.clear()
            await self._ready.wait()
        texts: list[str] = []
        for _ in range(min(entries, len(self._items))):
            entry, messages = self._items.popitem(last=False)[1]
            texts.extend(entry)
            self._messages -= messages
        return texts

    def __len__(self) -> int:
        """Messages queued (a replay counts as one)."""
        return self._messages
