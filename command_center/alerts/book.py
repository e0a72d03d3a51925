"""Alerts as the dispatcher sees them: raised by the gateway, acknowledged by a person, cleared
by the gateway when the camera recovers. Acknowledging does not clear: the fault is still there.
"""

from __future__ import annotations

import builtins
import itertools
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field

from events.schema import Alert, CheckName, Finding, SensorCheck, Severity, Verdict

Subject = Literal["camera", "sensor"]


class AlertPublic(BaseModel):
    """For a sensor alert (`subject` "sensor") `camera_id` and `camera_name` are the sensor's."""

    id: int
    subject: Subject
    camera_id: str
    camera_name: str
    check: CheckName | SensorCheck
    severity: Severity
    region: tuple[float, float, float, float] | None
    has_evidence: bool
    score: float
    raised_at: datetime
    last_seen_at: datetime
    cleared_at: datetime | None
    acked_at: datetime | None
    acked_by: str | None


class AckRequest(BaseModel):
    by: str = Field(
        default="console",
        min_length=1,
        max_length=80,
        description="Who acknowledges, as shown to the other dispatchers",
    )


@dataclass(slots=True)
class AlertRecord:
    id: int
    camera_id: str
    check: CheckName | SensorCheck
    score: float
    raised_at: datetime
    last_seen_at: datetime
    severity: Severity = Severity.MAJOR
    subject: Subject = "camera"
    region: tuple[float, float, float, float] | None = None
    evidence_jpeg: bytes | None = None
    cleared_at: datetime | None = None
    acked_at: datetime | None = None
    acked_by: str | None = None

    @property
    def active(self) -> bool:
        return self.cleared_at is None


# Cleared alerts kept in memory beyond this many go (the newest stay); the database keeps all.
KEEP_CLEARED = 10_000


class AlertBook:
    """The alerts in memory, at most one active per camera and check. Every change marks the
    alert dirty, for the store to write (`take_dirty`)."""

    def __init__(self) -> None:
        self._alerts: dict[int, AlertRecord] = {}
        self._active: dict[tuple[str, CheckName | SensorCheck], int] = {}
        self._ids = itertools.count(1)
        self._dirty: dict[int, AlertRecord] = {}

    def restore(self, records: list[AlertRecord]) -> None:
        """Alerts read back from the database at start; numbering continues after them."""
        for record in records:
            self._alerts[record.id] = record
            if record.active:
                self._active[(record.camera_id, record.check)] = record.id
        if records:
            self._ids = itertools.count(max(r.id for r in records) + 1)

    def take_dirty(self) -> list[AlertRecord]:
        dirty, self._dirty = list(self._dirty.values()), {}
        return dirty

    def mark_dirty(self, record: AlertRecord) -> None:
        self._dirty[record.id] = record

    def forget_old_cleared(self, keep: int = KEEP_CLEARED) -> None:
        cleared = [i for i, a in self._alerts.items() if not a.active and i not in self._dirty]
        for alert_id in sorted(cleared)[:-keep] if len(cleared) > keep else []:
            del self._alerts[alert_id]

    def get(self, alert_id: int) -> AlertRecord | None:
        return self._alerts.get(alert_id)

    def list(self, active: bool | None = None) -> builtins.list[AlertRecord]:
        records = sorted(self._alerts.values(), key=lambda a: a.id, reverse=True)
        return [a for a in records if active is None or a.active == active]

    def active_checks(self, camera_id: str) -> builtins.list[str]:
        return sorted(check.value for (cam, check) in self._active if cam == camera_id)

    def apply_alert(self, event: Alert) -> AlertRecord | None:
        key = (event.camera_id, event.check)
        current = self._alerts.get(self._active.get(key, -1))
        if event.state == "raised":
            if current is not None:
                current.last_seen_at = event.ts
                self.mark_dirty(current)
                return None
            record = AlertRecord(
                next(self._ids),
                event.camera_id,
                event.check,
                event.score,
                event.ts,
                event.ts,
                event.severity,
                event.subject,
                event.region,
                event.evidence_jpeg,
            )
            self._alerts[record.id] = record
            self._active[key] = record.id
            self.mark_dirty(record)
            return record
        if current is None:
            return None
        current.cleared_at = event.ts
        del self._active[key]
        self.mark_dirty(current)
        return current

    def apply_finding(self, event: Finding) -> None:
        current = self._alerts.get(self._active.get((event.camera_id, event.check), -1))
        if current is not None and event.verdict is Verdict.FAIL:
            current.last_seen_at, current.score = event.ts, event.score
            self.mark_dirty(current)

    def ack(self, alert_id: int, by: str, now: datetime) -> AlertRecord | None:
        record = self._alerts.get(alert_id)
        if record is not None and record.acked_at is None:
            record.acked_at, record.acked_by = now, by
            self.mark_dirty(record)
        return record


def alert_public(record: AlertRecord, camera_name: str) -> AlertPublic:
    return AlertPublic(
        id=record.id,
        subject=record.subject,
        camera_id=record.camera_id,
        camera_name=camera_name,
        check=record.check,
        severity=record.severity,
        region=record.region,
        has_evidence=record.evidence_jpeg is not None,
        score=record.score,
        raised_at=record.raised_at,
        last_seen_at=record.last_seen_at,
        cleared_at=record.cleared_at,
        acked_at=record.acked_at,
        acked_by=record.acked_by,
    )
