"""Sample events for tests of the bus and of its users."""

from __future__ import annotations

from datetime import UTC, datetime

from events.schema import (
    Alert,
    CameraStatus,
    CheckName,
    ConnectionState,
    Finding,
    SetReference,
    Snapshot,
    Verdict,
)

SAMPLE_TS = datetime(2026, 11, 25, tzinfo=UTC)
NOT_UTF8_JPEG = b"\xff\xd8\xff\xe0 not utf-8 \x80\xff"


def sample_snapshot(camera: str = "cam-1", jpeg: bytes = NOT_UTF8_JPEG) -> Snapshot:
    return Snapshot(camera_id=camera, ts=SAMPLE_TS, jpeg=jpeg, width=1, height=1)


def sample_alert(camera: str = "cam-1") -> Alert:
    return Alert(
        camera_id=camera,
        ts=SAMPLE_TS,
        check=CheckName.DARK,
        state="raised",
        score=0.0,
        region=(0.1, 0.2, 0.3, 0.4),
        evidence_jpeg=b"\xff\xd8 evidence",
    )


def sample_finding(score: float, camera: str = "cam-1") -> Finding:
    return Finding(
        camera_id=camera,
        ts=SAMPLE_TS,
        check=CheckName.BLUR,
        verdict=Verdict.PASS,
        score=score,
        threshold=1.0,
    )


def sample_status(camera: str = "cam-1") -> CameraStatus:
    return CameraStatus(camera_id=camera, ts=SAMPLE_TS, state=ConnectionState.ONLINE)


def sample_command(camera: str = "cam-1") -> SetReference:
    return SetReference(camera_id=camera, ts=SAMPLE_TS)
