"""`python -m bench.vqd_latency [--quick]`: how many sample intervals a freeze or a lost signal
takes to fail its check, and to raise its alert, on the real gateway and simulator.

Four simulated cameras (640x360, 25 fps, GOP 50: a keyframe every 2 s) are patrolled by the
gateway with its default settings (a sample every 2 s). Each round puts every camera into the
fault at a random moment of its sampling cycle, waits for the failing finding and the raised
alert, then restores the camera and waits until the check passes again. The delay counts from
the fault request, so it includes the simulator switching clips and the wait for the next
keyframe (up to one GOP): what an operator would see. The target, two sample intervals from
when the stream shows the fault, is therefore judged as `2 x interval + GOP` from the request.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.provenance import add_output_argument, provenance, summary_line, write_results
from events.schema import Alert, Event, Finding
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.gateway import Gateway
from tests.servers.simulator import SimulatorHandle, running_simulator

CAMERAS = 4
FAULTS = {"freeze": "frozen", "disconnect": "signal_loss"}
TARGET_INTERVALS = 2.0  # counted from when the stream first shows the fault
GOP_S = 2.0  # the simulator's keyframe interval: the most the stream takes to show a fault
DETECT_TIMEOUT_S = 40.0
SETTLE_S = 8.0  # every camera online with a reference view before the first round


@dataclass
class Recorder:
    """Every finding and alert the gateway publishes, with the monotonic time it came."""

    events: list[tuple[float, Event]] = field(default_factory=list)

    def publish(self, event: Event) -> None:
        if isinstance(event, Finding | Alert):
            self.events.append((time.monotonic(), event))

    async def first(self, since: float, camera: str, check: str, want: str) -> float | None:
        """Seconds from `since` to the first finding (verdict) or alert (state) `want`."""
        deadline = since + DETECT_TIMEOUT_S
        while time.monotonic() < deadline:
            for at, event in self.events:
                if at >= since and event.camera_id == camera and _matches(event, check, want):
                    return at - since
            await asyncio.sleep(0.05)
        return None


def _matches(event: Event, check: str, want: str) -> bool:
    if isinstance(event, Finding):
        return event.check == check and event.verdict == want
    return isinstance(event, Alert) and event.check == check and event.state == want


async def one_camera(
    sim: SimulatorHandle, rec: Recorder, client: httpx.AsyncClient, camera: str, fault: str
) -> dict[str, float | None]:
    interval = GatewayConfig().sample_interval_s
    check = FAULTS[fault]
    await asyncio.sleep(random.uniform(0, interval))  # a random phase against the sampler
    url = f"{sim.api_base}/cameras/{camera}/fault"
    since = time.monotonic()
    (await client.post(url, json={"kind": fault})).raise_for_status()
    found, raised = await asyncio.gather(
        rec.first(since, camera, check, "fail"), rec.first(since, camera, check, "raised")
    )
    restored = time.monotonic()
    (await client.post(url, json={"kind": "normal"})).raise_for_status()
    await rec.first(restored, camera, check, "cleared")
    return {"finding_s": found, "alert_s": raised}


async def rounds(sim: SimulatorHandle, count: int) -> dict[str, list[dict[str, float | None]]]:
    rec = Recorder()
    cameras = [f"cam-{i}" for i in range(1, CAMERAS + 1)]
    configs = [CameraConfig(id=c, name=c, url=sim.rtsp_url(c)) for c in cameras]
    gateway = Gateway(GatewayConfig(), configs, rec.publish)
    await gateway.start()
    out: dict[str, list[dict[str, float | None]]] = {fault: [] for fault in FAULTS}
    try:
        await asyncio.sleep(SETTLE_S)
        async with httpx.AsyncClient(timeout=10.0) as client:
            for index in range(count):
                for fault in FAULTS:
                    print(f"[vqd_latency] round {index + 1}/{count}: {fault}", flush=True)
                    trials = [one_camera(sim, rec, client, c, fault) for c in cameras]
                    out[fault] += await asyncio.gather(*trials)
    finally:
        await gateway.stop()
    return out


def summary(trials: list[dict[str, float | None]], interval: float) -> dict[str, Any]:
    result: dict[str, Any] = {"trials": len(trials)}
    for key in ("finding_s", "alert_s"):
        seen = sorted(t[key] for t in trials if t[key] is not None)  # type: ignore[misc]
        result[key] = {
            "missed": len(trials) - len(seen),
            "median": round(statistics.median(seen), 2) if seen else None,
            "max": round(max(seen), 2) if seen else None,
            "median_intervals": round(statistics.median(seen) / interval, 2) if seen else None,
            "max_intervals": round(max(seen) / interval, 2) if seen else None,
        }
    finding = result["finding_s"]
    bound = TARGET_INTERVALS * interval + GOP_S
    result["target_s"] = bound
    result["target_met"] = (
        not finding["missed"] and finding["max"] is not None and (finding["max"] <= bound)
    )
    return result


def markdown(report: dict[str, Any]) -> str:
    lines = [
        "# Detection delay of frozen and signal loss (`python -m bench.vqd_latency`)",
        "",
        summary_line(report["provenance"]),
        "",
        f"{CAMERAS} simulated cameras (640x360, 25 fps, "
        f"GOP 50), gateway defaults: a sample every {report['interval_s']:g} s, alert after 2 "
        "failing samples. Delays count from the fault request: they include the simulator's "
        "clip switch and the wait for the next keyframe (up to 2 s).",
        "",
        "| fault | check | trials | finding median s | finding max s | finding max intervals "
        "| alert median s | alert max s | finding within 2 intervals of the stream showing it |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for fault, s in report["faults"].items():
        f, a = s["finding_s"], s["alert_s"]
        met = f"{'yes' if s['target_met'] else 'NO'} (max <= {s['target_s']:g} s)"
        lines.append(
            f"| {fault} | {FAULTS[fault]} | {s['trials']} | {f['median']} | {f['max']} "
            f"| {f['max_intervals']} | {a['median']} | {a['max']} | {met} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vqd_latency", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="one round instead of eight")
    add_output_argument(parser)
    args = parser.parse_args(argv)
    meta = provenance()
    interval = GatewayConfig().sample_interval_s
    with running_simulator(CAMERAS) as sim:
        trials = asyncio.run(rounds(sim, 1 if args.quick else 8))
    report = {
        "provenance": meta,
        "interval_s": interval,
        "faults": {fault: summary(t, interval) for fault, t in trials.items()},
        "raw": trials,
    }
    write_results("vqd_latency", report, markdown(report), args.out)
    print(markdown(report))


if __name__ == "__main__":
    main()
