"""`command-center diagnose`: each sample's findings; exit 0 all pass, 1 any fail, 2 unreadable."""

from __future__ import annotations

import json
import sys

from stream_gateway.checks import CheckResult
from stream_gateway.config import GatewayConfig
from stream_gateway.diagnose import Diagnosis, UnreadableSource, diagnose

EXIT_PASS, EXIT_FAIL, EXIT_UNREADABLE = 0, 1, 2


def run_diagnosis(
    source: str, config: GatewayConfig, interval_s: float | None, *, as_json: bool
) -> int:
    if interval_s is None and source.startswith(("rtsp://", "rtsps://")):
        interval_s = config.sample_interval_s
    if interval_s is not None and interval_s <= 0:
        print("error: --interval must be greater than 0", file=sys.stderr)
        return EXIT_UNREADABLE
    any_failed, samples = False, 0
    try:
        for diagnosis in diagnose(source, config, interval_s):
            samples += 1
            any_failed |= diagnosis.failed
            print(as_json_line(diagnosis) if as_json else as_text_line(diagnosis), flush=True)
    except UnreadableSource as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    except KeyboardInterrupt:
        pass
    if samples == 0:
        print("error: no decodable keyframe in the source", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_FAIL if any_failed else EXIT_PASS


def as_json_line(diagnosis: Diagnosis) -> str:
    return json.dumps(
        {"t": round(diagnosis.t, 3), "findings": [finding_json(f) for f in diagnosis.findings]}
    )


def finding_json(finding: CheckResult) -> dict[str, object]:
    data: dict[str, object] = {
        "check": finding.check.value,
        "verdict": finding.verdict.value,
        "score": round(finding.score, 4),
        "threshold": finding.threshold,
    }
    if finding.region is not None:
        data["region"] = [round(v, 3) for v in finding.region]
    return data


def as_text_line(diagnosis: Diagnosis) -> str:
    failed = [f for f in diagnosis.findings if f.failed]
    if not failed:
        return f"{diagnosis.t:8.2f}s  ok    ({len(diagnosis.findings)} checks)"
    details = ", ".join(f"{f.check.value} {f.score:.3g} vs {f.threshold:g}" for f in failed)
    return f"{diagnosis.t:8.2f}s  FAIL  {details}"
