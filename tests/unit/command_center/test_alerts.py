from datetime import UTC, datetime, timedelta

from command_center.alerts.book import AlertBook, alert_public
from events.schema import Alert, CheckName, Finding, Severity, Verdict

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def alert(state, camera="cam-1", check=CheckName.DARK, at=T0):
    return Alert(camera_id=camera, ts=at, check=check, state=state, score=1.0)


def test_a_raised_alert_is_active_until_cleared():
    book = AlertBook()
    record = book.apply_alert(alert("raised"))
    assert record is not None and [a.id for a in book.list(active=True)] == [record.id]
    book.apply_alert(alert("cleared", at=T0 + timedelta(seconds=5)))
    assert book.list(active=True) == []
    assert book.list(active=False)[0].cleared_at == T0 + timedelta(seconds=5)


def test_a_second_raise_of_the_same_check_does_not_duplicate():
    book = AlertBook()
    book.apply_alert(alert("raised"))
    assert book.apply_alert(alert("raised", at=T0 + timedelta(seconds=2))) is None
    assert len(book.list()) == 1


def test_different_checks_and_cameras_are_separate_alerts():
    book = AlertBook()
    book.apply_alert(alert("raised"))
    book.apply_alert(alert("raised", check=CheckName.FROZEN))
    book.apply_alert(alert("raised", camera="cam-2"))
    assert len(book.list(active=True)) == 3
    assert book.active_checks("cam-1") == ["dark", "frozen"]


def test_ack_keeps_the_alert_active_and_records_who():
    book = AlertBook()
    record = book.apply_alert(alert("raised"))
    assert record is not None
    acked = book.ack(record.id, "dispatcher-1", T0 + timedelta(seconds=9))
    assert acked is not None and acked.active
    assert (acked.acked_by, acked.acked_at) == ("dispatcher-1", T0 + timedelta(seconds=9))


def test_a_second_ack_keeps_the_first_one():
    book = AlertBook()
    record = book.apply_alert(alert("raised"))
    assert record is not None
    book.ack(record.id, "first", T0)
    book.ack(record.id, "second", T0 + timedelta(seconds=1))
    assert book.get(record.id).acked_by == "first"


def test_ack_of_an_unknown_alert_is_none():
    assert AlertBook().ack(42, "x", T0) is None


def test_failing_findings_refresh_last_seen():
    book = AlertBook()
    record = book.apply_alert(alert("raised"))
    later = T0 + timedelta(seconds=30)
    book.apply_finding(
        Finding(
            camera_id="cam-1",
            ts=later,
            check=CheckName.DARK,
            verdict=Verdict.FAIL,
            score=3.0,
            threshold=30.0,
        )
    )
    assert record is not None and record.last_seen_at == later and record.score == 3.0


def test_a_clear_without_a_raise_is_ignored():
    book = AlertBook()
    assert book.apply_alert(alert("cleared")) is None
    assert book.list() == []


def test_a_raise_keeps_its_severity_region_and_evidence():
    book = AlertBook()
    event = Alert(
        camera_id="cam-1",
        ts=T0,
        check=CheckName.COVERED,
        state="raised",
        score=0.5,
        severity=Severity.MAJOR,
        region=(0.0, 0.5, 1.0, 0.5),
        evidence_jpeg=b"\xff\xd8x",
    )
    record = book.apply_alert(event)
    assert record is not None
    public = alert_public(record, "North gate")
    assert public.severity is Severity.MAJOR and public.region == (0.0, 0.5, 1.0, 0.5)
    assert public.has_evidence and record.evidence_jpeg == b"\xff\xd8x"
    assert "evidence_jpeg" not in public.model_dump()
