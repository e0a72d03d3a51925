"""Alerts in the database: read back at start, written behind the in-memory book.

The book is changed synchronously by the event intake; a writer task saves what changed every
FLUSH_INTERVAL_S in one transaction (and once more when the app stops), so a busy camera's
findings cost one row update per interval, not one per finding.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from command_center.alerts.book import KEEP_CLEARED, AlertBook, AlertRecord, Subject
from command_center.store.database import Database
from command_center.store.models import AlertRow
from events.schema import CheckName, SensorCheck, Severity

log = logging.getLogger(__name__)

FLUSH_INTERVAL_S = 0.25
# What an alert's later changes touch; the rest is fixed when it is raised.
CHANGING = ("score", "last_seen_at", "cleared_at", "acked_at", "acked_by")


class AlertStore:
    def __init__(self, database: Database, book: AlertBook, area_of: Callable[[str], str]) -> None:
        self.database = database
        self.book = book
        self.area_of = area_of

    async def load(self) -> int:
        """Puts the active alerts and the newest cleared ones back in the book."""
        async with self.database.session() as session:
            active = await session.scalars(select(AlertRow).where(AlertRow.cleared_at.is_(None)))
            recent = await session.scalars(
                select(AlertRow)
                .where(AlertRow.cleared_at.is_not(None))
                .order_by(AlertRow.id.desc())
                .limit(KEEP_CLEARED)
            )
            rows = [*active, *recent]
        self.book.restore(sorted((record_of(row) for row in rows), key=lambda r: r.id))
        return len(rows)

    async def run(self) -> None:
        """Writes what changed until cancelled, then the rest."""
        try:
            while True:
                await asyncio.sleep(FLUSH_INTERVAL_S)
                await self.flush()
        finally:
            await asyncio.shield(self.flush())

    async def flush(self) -> None:
        """Writes what changed. Cancelled meanwhile (at shutdown), it lets the write it began
        finish before it ends: a write cut short would leave its connection half-open (a
        SQLite connection cancelled while it opens outlives the event loop) and its alerts
        to the final flush."""
        dirty = self.book.take_dirty()
        if not dirty:
            return
        writing = asyncio.create_task(self._write(dirty), name="alert store write")
        try:
            await asyncio.shield(writing)
        except asyncio.CancelledError:
            await asyncio.wait([writing])
            raise

    async def _write(self, dirty: list[AlertRecord]) -> None:
        try:
            async with self.database.session() as session:
                await self._save(session, dirty)
                await session.commit()
        except Exception:
            for record in dirty:
                self.book.mark_dirty(record)
            log.exception("could not save %d alerts; will retry", len(dirty))
            return
        self.book.forget_old_cleared()

    async def _save(self, session: AsyncSession, records: list[AlertRecord]) -> None:
        """One upsert for the whole batch: a new alert is inserted, a known one updated."""
        postgres = self.database.engine.dialect.name == "postgresql"
        insert = postgresql_insert if postgres else sqlite_insert
        statement = insert(AlertRow)
        changed = {name: statement.excluded[name] for name in CHANGING}
        upsert = statement.on_conflict_do_update(index_elements=[AlertRow.id], set_=changed)
        await session.execute(upsert, [self._row(record) for record in records])

    def _row(self, record: AlertRecord) -> dict[str, Any]:
        return dict(
            id=record.id,
            subject=record.subject,
            source_id=record.camera_id,
            check=record.check.value,
            severity=record.severity.value,
            area_code=self.area_of(record.camera_id),
            score=record.score,
            region={"box": list(record.region)} if record.region is not None else None,
            evidence_jpeg=record.evidence_jpeg,
            raised_at=record.raised_at,
            last_seen_at=record.last_seen_at,
            cleared_at=record.cleared_at,
            acked_at=record.acked_at,
            acked_by=record.acked_by,
        )


def record_of(row: AlertRow) -> AlertRecord:
    subject: Subject = "sensor" if row.subject == "sensor" else "camera"
    check: CheckName | SensorCheck = (
        SensorCheck(row.check) if subject == "sensor" else CheckName(row.check)
    )
    box = (row.region or {}).get("box")
    return AlertRecord(
        id=row.id,
        camera_id=row.source_id,
        check=check,
        score=row.score,
        raised_at=row.raised_at,
        last_seen_at=row.last_seen_at,
        severity=Severity(row.severity),
        subject=subject,
        region=(box[0], box[1], box[2], box[3]) if box else None,
        evidence_jpeg=row.evidence_jpeg,
        cleared_at=row.cleared_at,
        acked_at=row.acked_at,
        acked_by=row.acked_by,
    )
