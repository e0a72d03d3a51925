"""What waits to be written to Redis, bounded by dropping what a newer event makes worthless.

While Redis answers, this holds what came during one round trip. During an outage:
- a snapshot replaces the one of the same camera still queued (the wall shows the latest);
- beyond MAX_QUEUED_FINDINGS the oldest finding goes (each is one sample's score);
- statuses, alerts, commands and group creations are never dropped: a few an hour per
  camera, and losing one would leave a screen wrong until the next change.
Pure but for the asyncio.Event a group creation sets when done.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field
from typing import TypeGuard

from events.streams import Family

# ~20 min of 8 cameras' findings (10 per sample every 2 s) at ~200 bytes each: ~10 MB.
MAX_QUEUED_FINDINGS = 50_000


@dataclass(eq=False)
class Entry:
    stream: str
    family: Family
    camera_id: str
    fields: dict[bytes, bytes]
    dropped: bool = False


@dataclass(eq=False)
class GroupOp:
    """Create a consumer group in turn with the entries, so that what is published after
    `subscribe` returns reaches the new group."""

    stream: str
    group: str
    ready: asyncio.Event = field(default_factory=asyncio.Event)


Outgoing = Entry | GroupOp


class Outbox:
    def __init__(self, max_findings: int = MAX_QUEUED_FINDINGS) -> None:
        self._queue: deque[Outgoing] = deque()
        self._snapshots: dict[tuple[str, str], Entry] = {}  # (stream, camera) -> queued one
        self._findings: deque[Entry] = deque()  # live findings, oldest first
        self._max_findings = max_findings
        self._tombstones = 0
        self.dropped = 0

    def __len__(self) -> int:
        return len(self._queue) - self._tombstones

    def put(self, item: Outgoing) -> None:
        if _is_snapshot(item) and self._replace_snapshot(item):
            return
        self._queue.append(item)
        self._track(item)

    def take(self, limit: int) -> list[Outgoing]:
        """Up to `limit` items, oldest first; `requeue` them if they could not be written."""
        batch: list[Outgoing] = []
        while self._queue and len(batch) < limit:
            item = self._queue.popleft()
            if isinstance(item, Entry) and item.dropped:
                self._tombstones -= 1
                continue
            self._untrack(item)
            batch.append(item)
        return batch

    def requeue(self, batch: list[Outgoing]) -> None:
        """Put back a batch that was not written, ahead of what came since."""
        for item in reversed(batch):
            if _is_snapshot(item) and _snapshot_key(item) in self._snapshots:
                self.dropped += 1  # a newer frame of that camera is queued
                continue
            self._queue.appendleft(item)
            self._track(item, front=True)

    def _replace_snapshot(self, entry: Entry) -> bool:
        queued = self._snapshots.get(_snapshot_key(entry))
        if queued is None:
            return False
        queued.fields = entry.fields
        self.dropped += 1
        return True

    def _track(self, item: Outgoing, front: bool = False) -> None:
        if not isinstance(item, Entry):
            return
        if item.family is Family.SNAPSHOTS:
            self._snapshots[_snapshot_key(item)] = item
        elif item.family is Family.FINDINGS and front:
            self._findings.appendleft(item)
        elif item.family is Family.FINDINGS:
            self._findings.append(item)
            if len(self._findings) > self._max_findings:
                self._drop(self._findings.popleft())

    def _untrack(self, item: Outgoing) -> None:
        if _is_snapshot(item) and self._snapshots.get(_snapshot_key(item)) is item:
            del self._snapshots[_snapshot_key(item)]
        elif self._findings and self._findings[0] is item:
            self._findings.popleft()

    def _drop(self, entry: Entry) -> None:
        entry.dropped = True
        entry.fields = {}
        self.dropped += 1
        self._tombstones += 1
        if self._tombstones > len(self._queue) // 2:
            self._queue = deque(
                item for item in self._queue if not (isinstance(item, Entry) and item.dropped)
            )
            self._tombstones = 0


def _is_snapshot(item: Outgoing) -> TypeGuard[Entry]:
    return isinstance(item, Entry) and item.family is Family.SNAPSHOTS


def _snapshot_key(entry: Entry) -> tuple[str, str]:
    return entry.stream, entry.camera_id
