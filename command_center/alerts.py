"""Alerts as the dispatcher sees them: raised by the gateway, acknowledged by a person, cleared
by the gateway when the camera recovers. Acknowledging does not clear: the fault is still there.
"""

from __future__ import annotations

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


class AlertBook:
    """Keeps every alert; at most one active alert per camera and check."""

    def __init__(self) -> None:
        self._alerts: dict[int, AlertRecord] = {}
        self._active: dict[tuple[str, CheckName | SensorCheck], int] = {}
        self._ids = itertools.count(1)

    def get(self, alert_id: int) -> AlertRecord | None:
        return self._alerts.get(alert_id)

    def list(self, active: bool | None = None) -> list[AlertRecord]:
        records = sorted(self._alerts.values(), key=lambda a: a.id, reverse=True)
        return [a for a in records if active is None or a.active == active]

    def active_checks(self, camera_id: str) -> list[str]:
        return sorted(check.value for (cam, check) in self._active if cam == camera_id)

    def apply_alert(self, event: Alert) -> AlertRecord | None:
        key = (event.camera_id, event.check)
        current = self._alerts.get(self._active.get(key, -1))
        if event.state == "raised":
            if current is not None:
                current.last_seen_at = event.ts
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
            return record
        if current is None:
            return None
        current.cleared_at = event.ts
        del self._active[key]
        return current

    def apply_finding(self, event: Finding) -> None:
        current = self._alerts.get(self._active.get((event.camera_id, event.check), -1))
        if current is not None and event.verdict is Verdict.FAIL:
            current.last_seen_at, current.score = event.ts, event.score

    def ack(self, alert_id: int, by: str, now: datetime) -> AlertRecord | None:
        record = self._alerts.get(alert_id)
        if record is not None and record.acked_at is None:
            record.acked_at, record.acked_by = now, by
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
