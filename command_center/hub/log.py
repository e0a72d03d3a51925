"""The hub's durable log: recent messages in memory, all of them in `hub_messages`.

Publishing appends in memory only (it runs in the synchronous event intake); a writer task
inserts in batches. At start each topic's numbering continues from the table and the rings are
warmed from its newest rows, so a client resuming after a restart is served from memory.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError

from command_center.store.database import Database
from command_center.store.models import HubMessage

RING_PER_TOPIC = 4096  # about 4 s of the busiest topic at 1,000 messages/s: a restart's gap
WARM_ROWS = 20_000  # newest rows loaded into the rings at start
FLUSH_EVERY_S = 0.05
FLUSH_ROWS = 500
PENDING_MAX = 200_000  # the database down for minutes: older unwritten messages are given up
KEEP_FOR = timedelta(hours=24)  # a row goes when older than this...
KEEP_ROWS = 100_000  # ...and not among the newest this many
PRUNE_EVERY_S = 60.0
REPLAY_MAX = KEEP_ROWS  # a resume never asks for more than the log keeps

log = logging.getLogger(__name__)


class Logged(NamedTuple):
    """A numbered message as sent (`text`), with what the log and the filters need."""

    topic: str
    seq: int
    type: str
    area: str
    text: str
    ts: datetime


def contiguous(after: int, upto: int, messages: list[Logged]) -> bool:
    """Whether `messages` are exactly the numbers after+1 .. upto, in order."""
    return len(messages) == upto - after and all(
        m.seq == after + 1 + i for i, m in enumerate(messages)
    )


class Ring:
    """One topic's newest messages; `floor` is the number just before the first kept.

    Kept as plain tuples: the garbage collector stops tracking a tuple of strings, numbers and
    times, so the thousands kept here do not lengthen its full collections (pauses of the
    whole server)."""

    def __init__(self, floor: int, size: int = RING_PER_TOPIC) -> None:
        self.floor = floor
        self._items: deque[tuple[str, int, str, str, str, datetime]] = deque(maxlen=size)

    def append(self, message: Logged) -> None:
        if len(self._items) == self._items.maxlen:
            self.floor = self._items[0][1]
        topic, seq, type_, area, text, ts = message
        self._items.append((topic, seq, type_, area, text, ts))

    def after(self, seq: int) -> list[Logged] | None:
        """The messages after `seq`, or None if the ring no longer holds them all."""
        if seq < self.floor:
            return None
        return [Logged._make(item) for item in list(self._items)[seq - self.floor :]]


class MessageLog:
    """With no database, the rings alone: a resume works only while the process lives."""

    def __init__(
        self,
        database: Database | None = None,
        *,
        ring_size: int = RING_PER_TOPIC,
        keep_for: timedelta = KEEP_FOR,
        keep_rows: int = KEEP_ROWS,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        self.database = database
        self.ring_size = ring_size
        self.keep_for = keep_for
        self.keep_rows = keep_rows
        self.clock = clock
        self._rings: dict[str, Ring] = {}
        self._pending: list[Logged] = []
        self._wake = asyncio.Event()
        self._stopping = False

    def append(self, message: Logged) -> None:
        self._ring(message.topic, message.seq - 1).append(message)
        if self.database is None:
            return
        self._pending.append(message)
        if len(self._pending) > PENDING_MAX:
            del self._pending[: len(self._pending) - PENDING_MAX]
        if len(self._pending) >= FLUSH_ROWS:
            self._wake.set()

    def _ring(self, topic: str, floor: int) -> Ring:
        ring = self._rings.get(topic)
        if ring is None:
            ring = self._rings[topic] = Ring(floor, self.ring_size)
        return ring

    async def replay(self, topic: str, after: int, upto: int) -> list[Logged] | None:
        """Messages after+1 .. upto of `topic`, or None when the log no longer has them all."""
        if upto - after > REPLAY_MAX:
            return None
        ring = self._rings.get(topic)
        recent = ring.after(after) if ring is not None else None
        if recent is None:
            recent = await self._from_table(topic, after, upto)
        found = [m for m in recent if m.seq <= upto]
        return found if contiguous(after, upto, found) else None

    async def _from_table(self, topic: str, after: int, upto: int) -> list[Logged]:
        if self.database is None:
            return []
        query = (
            select(HubMessage)
            .where(HubMessage.topic == topic, HubMessage.seq > after, HubMessage.seq <= upto)
            .order_by(HubMessage.seq)
        )
        async with self.database.session() as session:
            rows = [_logged(row) for row in (await session.scalars(query))]
        last = rows[-1].seq if rows else after
        ring = self._rings.get(topic)
        tail = ring.after(last) if ring is not None else None
        if tail is None:  # a ring smaller than the writer's lag: the unwritten are pending
            tail = [m for m in self._pending if m.topic == topic and m.seq > last]
        return rows + tail

    async def load(self) -> dict[str, int]:
        """Each topic's last number in the table; the rings warmed with the newest rows."""
        if self.database is None:
            return {}
        numbers = select(HubMessage.topic, func.max(HubMessage.seq)).group_by(HubMessage.topic)
        async with self.database.session() as session:
            last = {topic: seq for topic, seq in await session.execute(numbers)}
            newest = select(HubMessage).order_by(HubMessage.id.desc()).limit(WARM_ROWS)
            rows = sorted((await session.scalars(newest)).all(), key=lambda r: r.id)
        self._rings = {}
        for row in rows:
            self._ring(row.topic, row.seq - 1).append(_logged(row))
        for topic, seq in last.items():
            self._ring(topic, seq)
        return last

    async def run(self) -> None:
        """Write pending messages every FLUSH_EVERY_S (sooner with FLUSH_ROWS waiting);
        prune every PRUNE_EVERY_S; until `stop()`, after a last write."""
        loop = asyncio.get_running_loop()
        next_prune = loop.time() + PRUNE_EVERY_S
        while not self._stopping:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), FLUSH_EVERY_S)
            self._wake.clear()
            await self._write_logged()
            if loop.time() >= next_prune:
                next_prune = loop.time() + PRUNE_EVERY_S
                await self._prune_logged()

    def stop(self) -> None:
        """A write cut short could be repeated (or lost): the writer ends after its write."""
        self._stopping = True
        self._wake.set()

    async def _write_logged(self) -> None:
        try:
            await self.flush()
        except (SQLAlchemyError, OSError):
            log.exception("could not write the hub log; will retry")
            await asyncio.sleep(1.0)

    async def _prune_logged(self) -> None:
        try:
            await self.prune()
        except (SQLAlchemyError, OSError):
            log.exception("could not prune the hub log")

    async def flush(self) -> None:
        while self._pending and self.database is not None:
            batch = self._pending[:FLUSH_ROWS]
            try:
                await self._insert(batch)
            except IntegrityError:  # numbers already taken: another process shares the table
                log.error("hub log: %d messages numbered twice; not written", len(batch))
            except DBAPIError as exc:
                if exc.connection_invalidated:
                    raise
                await self._insert_each(batch)
            del self._pending[: len(batch)]

    async def _insert(self, batch: list[Logged]) -> None:
        assert self.database is not None
        async with self.database.session() as session:
            await session.execute(insert(HubMessage), [_row(m) for m in batch])
            await session.commit()

    async def _insert_each(self, batch: list[Logged]) -> None:
        """A batch the database refused, a message at a time: one it refuses while it answers
        a query is dropped (it would hold back every later message for ever); if it answers
        nothing, it is the database's fault and the whole batch is tried again later."""
        assert self.database is not None
        refused: list[tuple[Logged, DBAPIError]] = []
        for message in batch:
            try:
                await self._insert([message])
            except DBAPIError as error:
                refused.append((message, error))
        if refused:
            await self.database.ping()
        for message, refusal in refused:
            log.error(
                "hub log: %s #%d refused by the database, kept in memory only: %s",
                message.topic,
                message.seq,
                str(refusal.orig).splitlines()[0],
            )

    async def prune(self) -> int:
        """Delete the rows both older than keep_for and not among the newest keep_rows."""
        if self.database is None:
            return 0
        cutoff = self.clock() - self.keep_for
        async with self.database.session() as session:
            boundary = await session.scalar(
                select(HubMessage.id).order_by(HubMessage.id.desc()).offset(self.keep_rows).limit(1)
            )
            if boundary is None:
                return 0
            result = await session.execute(
                delete(HubMessage).where(HubMessage.id <= boundary, HubMessage.ts < cutoff)
            )
            await session.commit()
        return int(result.rowcount)  # type: ignore[attr-defined]


def _row(message: Logged) -> dict[str, object]:
    return {
        "topic": message.topic,
        "seq": message.seq,
        "type": message.type,
        "area_code": message.area,
        "data": message.text,
        "ts": message.ts,
    }


def _logged(row: HubMessage) -> Logged:
    return Logged(row.topic, row.seq, row.type, row.area_code or "", row.data, row.ts)
