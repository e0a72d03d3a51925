"""A check that cannot judge (verdict unknown) neither raises nor clears an alert."""

from events.schema import CheckName, Verdict
from stream_gateway.camera_health import CameraHealth
from stream_gateway.checks.result import CheckResult
from stream_gateway.config import AlertRuleConfig

RULE = AlertRuleConfig(raise_after=2, clear_after=2).rule()


def result(verdict: Verdict) -> CheckResult:
    return CheckResult(CheckName.SCENE_CHANGE, verdict, 0.0, 1.0)


def test_unknown_findings_leave_a_raised_alert_standing() -> None:
    health = CameraHealth()
    changes = [health.observe([result(Verdict.FAIL)], RULE, t) for t in (0.0, 1.0)]
    assert [c.effect.value for c in changes[1]] == ["raise"]
    for t in range(2, 12):
        assert health.observe([result(Verdict.UNKNOWN)], RULE, float(t)) == []
    cleared = [health.observe([result(Verdict.PASS)], RULE, t) for t in (12.0, 13.0)]
    assert [c.effect.value for c in cleared[1]] == ["clear"]


def test_unknown_findings_do_not_count_towards_a_raise() -> None:
    health = CameraHealth()
    verdicts = [Verdict.FAIL, Verdict.UNKNOWN, Verdict.UNKNOWN, Verdict.PASS, Verdict.PASS]
    changes = [c for t, v in enumerate(verdicts) for c in health.observe([result(v)], RULE, t)]
    assert [c.effect.value for c in changes] == ["clear"]
