"""The audit log in the database: record, verify, query. The chain itself is
`command_center.audit.chain` (pure).

Appends are serialised twice over: an asyncio lock within the process, and the head row,
whose UPDATE is the first statement of every append, across processes (a row lock on
PostgreSQL, the write lock on SQLite), so concurrent appends never fork the chain.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ColumnElement, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from command_center.audit.chain import (
    EMPTY,
    GENESIS,
    Break,
    ChainChecker,
    ChainVerdict,
    Entry,
    Head,
    Unlinked,
    as_utc,
    explain,
    seal,
)
from command_center.store.database import Database
from command_center.store.models import AuditEntry, AuditHead

HEAD_ROW = 1
VERIFY_BATCH = 1000  # entries read at once: a few hundred KiB, whatever the log's length
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000  # one page of a query

log = logging.getLogger(__name__)


class AuditLog:
    def __init__(
        self,
        database: Database,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        batch: int = VERIFY_BATCH,
    ) -> None:
        self._database = database
        self._clock = clock
        self._batch = batch
        self._lock = asyncio.Lock()

    async def record(
        self,
        actor: str,
        action: str,
        *,
        object_type: str | None = None,
        object_id: str | None = None,
        remote: str | None = None,
        detail: Mapping[str, Any] | None = None,
    ) -> Entry:
        """Append an entry: who, what, on which object, from where. `detail` must hold no
        password or token; keys that name one are masked (`audit.clean_detail`)."""
        async with self._lock, self._database.session() as session, session.begin():
            previous = await _claim_next(session)
            entry = seal(
                previous,
                self._clock(),
                actor,
                action,
                object_type=object_type,
                object_id=object_id,
                remote=remote,
                detail=detail,
            )
            session.add(_row(entry))
            await session.flush()
            await session.execute(
                update(AuditHead).where(AuditHead.id == HEAD_ROW).values(hash=entry.hash)
            )
        return entry

    async def verify(self) -> ChainVerdict:
        """Check the whole chain, reading it in id order a batch at a time."""
        checker = ChainChecker()
        while True:
            batch = await self._entries_after(checker.last.last_id, self._batch)
            for entry in batch:
                found = checker.feed(entry)
                if found is not None:
                    return ChainVerdict(checker.count, checker.last, await self._explain(found))
            if not batch:
                head = await self._head()
                # Entries appended while we read move the head on: read on before judging.
                if not await self._grew_since(head, checker.last.last_id):
                    return ChainVerdict(checker.count, checker.last, checker.finish(head))

    async def query(
        self,
        actor: str | None = None,
        object_type: str | None = None,
        object_id: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = DEFAULT_LIMIT,
        before_id: int | None = None,
    ) -> list[Entry]:
        """Newest first; `since` inclusive, `until` exclusive; the next page is
        `before_id` = the last id returned."""
        if not 1 <= limit <= MAX_LIMIT:
            raise ValueError(f"limit must be 1 to {MAX_LIMIT}")
        wanted = _conditions(actor, object_type, object_id, since, until, before_id)
        statement = select(AuditEntry).where(*wanted).order_by(AuditEntry.id.desc()).limit(limit)
        async with self._database.session() as session:
            rows = (await session.scalars(statement)).all()
        return [_entry(row) for row in rows]

    async def _entries_after(self, last_id: int, limit: int) -> Sequence[Entry]:
        statement = (
            select(AuditEntry).where(AuditEntry.id > last_id).order_by(AuditEntry.id).limit(limit)
        )
        async with self._database.session() as session:
            return [_entry(row) for row in (await session.scalars(statement)).all()]

    async def _head(self) -> Head | None:
        async with self._database.session() as session:
            row = await session.get(AuditHead, HEAD_ROW)
        return None if row is None else Head(row.last_id, row.hash)

    async def _grew_since(self, head: Head | None, last_id: int) -> bool:
        if head is None or head.last_id <= last_id:
            return False
        return bool(await self._entries_after(last_id, 1))

    async def _explain(self, found: Break | Unlinked) -> Break:
        if isinstance(found, Break):
            return found
        if found.claimed == GENESIS:
            return explain(found, 0)
        async with self._database.session() as session:
            owner = await session.scalar(
                select(AuditEntry.id).where(AuditEntry.hash == found.claimed)
            )
        return explain(found, owner)


async def _claim_next(session: AsyncSession) -> Head:
    """Take the head row's lock by moving it on; the head the new entry follows."""
    claimed = (
        await session.execute(
            update(AuditHead)
            .where(AuditHead.id == HEAD_ROW)
            .values(last_id=AuditHead.last_id + 1)
            .returning(AuditHead.last_id, AuditHead.hash)
        )
    ).first()
    if claimed is not None:
        return Head(claimed.last_id - 1, claimed.hash)
    # Only tampering removes the head. Keep recording after the newest entry (logins must not
    # fail), leaving the head missing so that `audit verify` keeps reporting it.
    log.error("the audit head row is missing: run `command-center audit verify`")
    newest = await session.scalar(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(1))
    return EMPTY if newest is None else Head(newest.id, newest.hash)


def _conditions(
    actor: str | None,
    object_type: str | None,
    object_id: str | None,
    since: datetime | None,
    until: datetime | None,
    before_id: int | None,
) -> list[ColumnElement[bool]]:
    found = []
    if actor is not None:
        found.append(AuditEntry.actor == actor)
    if object_type is not None:
        found.append(AuditEntry.object_type == object_type)
    if object_id is not None:
        found.append(AuditEntry.object_id == object_id)
    if since is not None:
        found.append(AuditEntry.ts >= as_utc(since))
    if until is not None:
        found.append(AuditEntry.ts < as_utc(until))
    if before_id is not None:
        found.append(AuditEntry.id < before_id)
    return found


def _row(entry: Entry) -> AuditEntry:
    return AuditEntry(**asdict(entry))


def _entry(row: AuditEntry) -> Entry:
    return Entry(
        id=row.id,
        ts=as_utc(row.ts),
        actor=row.actor,
        action=row.action,
        object_type=row.object_type,
        object_id=row.object_id,
        remote=row.remote,
        detail=row.detail,
        prev_hash=row.prev_hash,
        hash=row.hash,
    )
