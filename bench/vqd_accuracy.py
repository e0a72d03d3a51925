"""`python -m bench.vqd_accuracy [--quick]`: how often the frame checks name a labelled fault.

The labelled set: every simulator scene, clean and under every fault kind that one check should
name (`EXPECTED`), at three severities. Pictures go the way the gateway sees them: rendered by the
simulator, encoded to H.264 by the simulator's encoder (640x360, 25 fps, GOP 50), keyframes
decoded by PyAV and checked by `gateway.analyse`. The reference view is the first sample of the
scene's clean clip; `previous` is the sample before in the same clip, and a fault clip starts
after that clean sample (so a freeze's first frozen sample is compared with the last clean one).

Only keyframes are sampled, so each sample is encoded as the head of its GOP: the keyframe and
the `GOP_HEAD - 1` frames after it, which x264's look-ahead reads when coding it. A head-coded
keyframe differs from the raw picture as much as a stream's first keyframe does (street: 4.2
gray levels mean, mid-stream keyframes 3.6); it saves encoding the 38 frames nobody samples.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import av
import cv2
import numpy as np

from events.schema import CheckName as C
from simulator.encoding import EncodeParams, encode
from simulator.fault_effects import apply_fault, pan_px, scene_width
from simulator.faults import FaultKind as F
from simulator.frames import Frame
from simulator.scenes import Scene, SceneKind, build_scene, render
from stream_gateway.checks.measures import Gray
from stream_gateway.checks.reference import ReferenceView, reference_view
from stream_gateway.checks.result import CheckResult
from stream_gateway.config import GatewayConfig
from stream_gateway.frame_conversion import Sample
from stream_gateway.keyframe_checks import analyse

PARAMS = EncodeParams(width=640, height=360, fps=25, gop=50)  # the simulator's defaults
GOP_HEAD = 12  # keyframe + x264 veryfast's 10-frame rc-lookahead, and one to spare
SEVERITIES = {"low": 0.25, "medium": 0.5, "high": 1.0}
UNGRADED = "ungraded"  # black and freeze have no strength
EXPECTED = {
    F.BLACK: C.DARK,
    F.FREEZE: C.FROZEN,
    F.BLUR: C.BLUR,
    F.DARK: C.DARK,
    F.OVEREXPOSE: C.OVEREXPOSED,
    F.COVER: C.COVERED,
    F.COLOR_CAST: C.COLOR_CAST,
    F.NOISE: C.NOISE,
    F.STRIPES: C.NOISE,
    F.SHIFT: C.SCENE_CHANGE,
}
CHECKS = [c for c in C if c is not C.SIGNAL_LOSS]  # no stream gap in a file: nothing to judge
TARGET_FALSE_ALARMS_PER_1K = 1.0  # one false alarm per camera every ~70 min at 4 s sampling
RESULTS = Path(__file__).parent / "results"


@dataclass(frozen=True)
class Plan:
    clean_seeds: int  # cameras per scene (a seed draws another street, square, ...)
    clean_samples: int  # keyframes per clean clip, the first one being the reference
    fault_seeds: int  # of those cameras, how many also play every fault
    fault_samples: int  # faulted keyframes per fault clip


FULL = Plan(clean_seeds=4, clean_samples=43, fault_seeds=2, fault_samples=4)  # 1,008 clean
QUICK = Plan(clean_seeds=1, clean_samples=6, fault_seeds=1, fault_samples=2)


@dataclass(frozen=True)
class Labelled:
    scene: str
    seed: int
    fault: str  # a FaultKind value, or "normal" for a clean sample
    severity: str | None  # a SEVERITIES key, UNGRADED, or None when clean
    expected: str | None  # the check that should fail, None when clean
    failed: tuple[str, ...]
    scores: dict[str, float]


class Camera:
    """One simulated camera: its pictures at keyframe `j`, encoded, decoded and checked."""

    def __init__(self, kind: SceneKind, seed: int, plan: Plan) -> None:
        self.kind, self.seed = kind, seed
        self.scene: Scene = build_scene(seed, scene_width(PARAMS.width), PARAMS.height, kind)
        self.period = plan.clean_samples * PARAMS.gop  # motion never repeats within the clip
        self.config = GatewayConfig()
        self._renders: dict[int, list[Frame]] = {}

    def head(self, j: int, kind: F = F.NORMAL, severity: float = 1.0) -> list[Frame]:
        """The first GOP_HEAD pictures of GOP `j` under the fault."""
        start = j * PARAMS.gop
        if kind is F.SHIFT:  # the caption stays in the panned view, as in the simulator
            x = pan_px(kind, severity, PARAMS.width)
            scene = [
                render(self.scene, start + i, self.period, PARAMS.fps, x) for i in range(GOP_HEAD)
            ]
        else:
            scene = self._renders.get(j) or [
                render(self.scene, start + i, self.period, PARAMS.fps) for i in range(GOP_HEAD)
            ]
            self._renders[j] = scene
        return [
            apply_fault(p, kind, severity, start + i, PARAMS.width) for i, p in enumerate(scene)
        ]

    def check(
        self, pictures: list[Frame], previous: Gray | None, reference: ReferenceView | None
    ) -> tuple[Sample, list[CheckResult]]:
        return analyse(keyframe(pictures), previous, reference, self.config)

    def label(self, fault: F, severity: str | None, findings: list[CheckResult]) -> Labelled:
        expected = EXPECTED.get(fault)
        return Labelled(
            self.kind.value,
            self.seed,
            fault.value,
            severity,
            expected.value if expected else None,
            tuple(f.check.value for f in findings if f.failed),
            {f.check.value: round(f.score, 4) for f in findings},
        )


def keyframe(pictures: list[Frame]) -> av.VideoFrame:
    """Encode with the simulator's encoder; decode the keyframe as the gateway's reader does."""
    clip = encode(iter(pictures), PARAMS)
    decoder = av.CodecContext.create("h264", "r")
    frames = [*decoder.decode(av.Packet(clip.units[0].data)), *decoder.decode(None)]
    return frames[0]


def run_camera(kind: SceneKind, seed: int, plan: Plan) -> list[Labelled]:
    cam = Camera(kind, seed, plan)
    sample, _ = cam.check(cam.head(0), None, None)
    reference = reference_view(sample.gray, sample.bgr)
    lead_in = sample.gray  # the clean sample every fault clip starts after
    out, previous = [], sample.gray
    for j in range(1, plan.clean_samples):
        sample, findings = cam.check(cam.head(j), previous, reference)
        out.append(cam.label(F.NORMAL, None, findings))
        previous = sample.gray
    if seed <= plan.fault_seeds:
        out += list(faulted(cam, reference, lead_in, plan.fault_samples))
    return out


def faulted(
    cam: Camera, reference: ReferenceView, lead_in: Gray, samples: int
) -> Iterator[Labelled]:
    still = cam.head(0)[0]  # a freeze holds the lead-in sample's picture
    clips: list[tuple[F, str, float]] = [(F.BLACK, UNGRADED, 1.0), (F.FREEZE, UNGRADED, 1.0)]
    graded = [k for k in EXPECTED if k not in (F.BLACK, F.FREEZE)]
    clips += [(k, name, level) for k in graded for name, level in SEVERITIES.items()]
    for fault, severity, level in clips:
        previous = lead_in
        for j in range(1, samples + 1):
            pictures = [still] * GOP_HEAD if fault is F.FREEZE else cam.head(j, fault, level)
            sample, findings = cam.check(pictures, previous, reference)
            yield cam.label(fault, severity, findings)
            previous = sample.gray


def collect(plan: Plan, workers: int) -> list[Labelled]:
    jobs = [(kind, seed) for kind in SceneKind for seed in range(1, plan.clean_seeds + 1)]
    left = Counter(kind for kind, _ in jobs)
    started, out = time.monotonic(), []
    with ProcessPoolExecutor(workers) as pool:
        futures = {pool.submit(run_camera, k, s, plan): k for k, s in jobs}
        for future in as_completed(futures):
            kind = futures[future]
            out += future.result()
            left[kind] -= 1
            if left[kind] == 0:
                n = sum(1 for r in out if r.scene == kind.value)
                print(
                    f"{kind.value}: {n} samples, {time.monotonic() - started:.0f} s",
                    file=sys.stderr,
                )
    return out


def metrics(records: list[Labelled]) -> dict[str, dict[str, object]]:
    clean = [r for r in records if r.expected is None]
    table: dict[str, dict[str, object]] = {}
    for check in CHECKS:
        c = check.value
        recall = {}
        for severity in [*SEVERITIES, UNGRADED]:
            hits = [c in r.failed for r in records if r.expected == c and r.severity == severity]
            recall[severity] = round(sum(hits) / len(hits), 4) if hits else None
        fails = [r for r in records if c in r.failed]
        alarms = sum(1 for r in clean if c in r.failed)
        per_1k = 1000 * alarms / len(clean)
        table[c] = {
            "recall": recall,
            "precision": round(sum(r.expected == c for r in fails) / len(fails), 4)
            if fails
            else None,
            "false_alarms": alarms,
            "clean_samples": len(clean),
            "false_alarms_per_1k": round(per_1k, 2),
            "target_met": per_1k <= TARGET_FALSE_ALARMS_PER_1K,
        }
    return table


def confusion(records: list[Labelled]) -> dict[str, dict[str, int]]:
    """(fault, severity) -> how many samples failed each check ("none": no check failed)."""
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for r in records:
        row = rows[f"{r.fault} {r.severity or ''}".strip()]
        row["samples"] += 1
        row.update(r.failed or ("none",))
    return {key: dict(row) for key, row in rows.items()}


def misses(records: list[Labelled]) -> dict[str, dict[str, str]]:
    """Per check, where it failed to fire: `fault severity` -> {scene: "missed/total"}."""
    total: Counter[tuple[str, str, str]] = Counter()
    missed: Counter[tuple[str, str, str]] = Counter()
    for r in records:
        key = (r.expected or "clean", f"{r.fault} {r.severity or ''}".strip(), r.scene)
        total[key] += 1
        missed[key] += wrong(r)
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for key, n in total.items():
        if missed[key]:
            out[key[0]][f"{key[1]} @ {key[2]}"] = f"{missed[key]}/{n}"
    return dict(out)


def wrong(r: Labelled) -> int:
    """A faulted sample the expected check missed, or a clean sample any check failed."""
    return int(r.expected not in r.failed) if r.expected else int(bool(r.failed))


def clean_extremes(records: list[Labelled]) -> dict[str, dict[str, float]]:
    """Per check and scene, the clean score closest to failing: the room a threshold has."""
    fail_below = {C.DARK.value, C.BLUR.value, C.FROZEN.value}
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for r in records:
        if r.expected is not None:
            continue
        for check, score in r.scores.items():
            worst = min if check in fail_below else max
            out[check][r.scene] = worst(out[check].get(r.scene, score), score)
    return dict(out)


def expected_scores(records: list[Labelled]) -> dict[str, dict[str, float]]:
    """Median score of the expected check per `fault severity` and scene (masked: absent)."""
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    for r in records:
        if r.expected and r.expected in r.scores:
            found[(f"{r.fault} {r.severity}", r.scene)].append(r.scores[r.expected])
    out: dict[str, dict[str, float]] = defaultdict(dict)
    for (fault, scene), scores in sorted(found.items()):
        out[fault][scene] = round(float(np.median(scores)), 4)
    return dict(out)


def markdown(
    table: dict[str, dict[str, object]], conf: dict[str, dict[str, int]], meta: dict[str, Any]
) -> str:
    def pct(value: object) -> str:
        return "n/a" if value is None else f"{100 * float(str(value)):.0f} %"

    lines = [
        "# Video-quality diagnosis: accuracy",
        "",
        f"{meta['date']}, {meta['machine']['processor'] or 'cpu'} x{meta['machine']['cpus']}, "
        f"{meta['parameters']['clean_samples_total']} clean and "
        f"{meta['parameters']['faulted_samples_total']} faulted samples, {meta['elapsed_s']} s. "
        f"Target: at most {TARGET_FALSE_ALARMS_PER_1K:g} false alarm per 1,000 clean samples. "
        "Low/medium/high = severity 0.25/0.5/1.0; ungraded = black (dark) or freeze (frozen).",
        "",
        "| check | recall low | recall med | recall high | recall ungraded | precision "
        "| false alarms per 1k clean | target met? |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for check, m in table.items():
        r = m["recall"]
        assert isinstance(r, dict)
        lines.append(
            f"| {check} | {pct(r['low'])} | {pct(r['medium'])} | {pct(r['high'])} "
            f"| {pct(r[UNGRADED])} | {pct(m['precision'])} "
            f"| {m['false_alarms_per_1k']} ({m['false_alarms']}/{m['clean_samples']}) "
            f"| {'yes' if m['target_met'] else 'NO'} |"
        )
    lines += [
        "",
        "Zero false alarms in n clean samples bounds the rate below 3,000/n per 1,000 (95 %, rule "
        "of three): showing <= 1 per 1,000 takes about 3,000 clean samples. A fault may "
        "legitimately fail a stronger check that masks the expected one (a fully covered lens is "
        "dark): see the table below.",
    ]
    columns = [c.value for c in CHECKS] + ["none"]
    lines += ["", "## Which checks failed, per fault and severity", ""]
    lines += [
        "| fault | samples | " + " | ".join(columns) + " |",
        "|---" * (len(columns) + 2) + "|",
    ]
    for key, row in conf.items():
        cells = " | ".join(str(row.get(c, "")) for c in columns)
        lines.append(f"| {key} | {row['samples']} | {cells} |")
    return "\n".join(lines) + "\n"


def commit() -> str | None:
    """The checked-out commit, "+dirty" when the tree has changes: results age with the checks."""
    try:
        run = subprocess.run(
            ["git", "describe", "--always", "--dirty=+dirty"],
            capture_output=True,
            text=True,
            check=True,
            cwd=Path(__file__).parent,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return run.stdout.strip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.vqd_accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small run (< 1 min)")
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    started = time.monotonic()
    records = collect(plan, os.cpu_count() or 1)
    elapsed = round(time.monotonic() - started, 1)
    table, conf = metrics(records), confusion(records)
    clean = sum(r.expected is None for r in records)
    meta = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": {
            "processor": platform.processor(),
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
        },
        "versions": {"av": av.__version__, "cv2": cv2.__version__, "numpy": np.__version__},
        "parameters": {
            **asdict(plan),
            "quick": args.quick,
            "encode": asdict(PARAMS),
            "gop_head_frames": GOP_HEAD,
            "severities": SEVERITIES,
            "expected": {k.value: v.value for k, v in EXPECTED.items()},
            "thresholds": GatewayConfig().thresholds.model_dump(),
            "clean_samples_total": clean,
            "faulted_samples_total": len(records) - clean,
        },
        "elapsed_s": elapsed,
    }
    report = {
        **meta,
        "metrics": table,
        "confusion": conf,
        "misses": misses(records),
        "clean_score_closest_to_failing": clean_extremes(records),
        "expected_check_median_score": expected_scores(records),
    }
    text = markdown(table, conf, meta)
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "vqd_accuracy.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "vqd_accuracy.md").write_text(text)
    print(text)
    print(f"elapsed {elapsed} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
