"""How well the video checks name labelled faults on the clip set of `python -m bench.vqd_set`.

`python -m bench.vqd_accuracy [--set var/vqd-set] [--part PART|both] [--workers N]
[--out DIR] [--quick]`; --quick scores the set's CI slice.

Each clip goes the way the gateway sees a camera (bench/vqd_clip.py): keyframes only, the
first good one the reference view. Picture samples are labelled by the fault's onset, signal
loss is judged once a second from the packet timeline, alerts by replaying the gateway's
debounce (bench/vqd_replay.py). Figures per part of the set (bench/vqd_summary.py), written
with their provenance to bench/results/vqd_accuracy.{json,md} (bench/vqd_report.py).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Any

import cv2

from bench.provenance import provenance, results_dir
from bench.vqd_clip import run_clip
from bench.vqd_manifest import PARTS, Clip, generator_of, load_clips, select_part
from bench.vqd_metrics import SEVERITIES
from bench.vqd_replay import ClipRun, Timeouts
from bench.vqd_report import markdown
from bench.vqd_summary import summarise_part
from stream_gateway.config import GatewayConfig

DEFAULT_SET = Path("var/vqd-set")
CI_SET = Path("var/vqd-set-ci")  # where `make vqd-set-ci` puts the CI slice
DEFAULT_WORKERS = 2  # the machine's two cores
PROGRESS_EVERY = 10  # clips between two progress lines on stderr


def collect(clips: Sequence[Clip], workers: int) -> list[ClipRun]:
    """Every clip through the gateway's checks, in a process pool; progress on stderr."""
    started, runs = time.monotonic(), []
    with ProcessPoolExecutor(workers, initializer=one_thread, mp_context=SPAWN) as pool:
        futures = [pool.submit(run_clip, clip) for clip in clips]
        for done, future in enumerate(as_completed(futures), 1):
            runs.append(future.result())
            if done % PROGRESS_EVERY == 0 or done == len(clips):
                print(progress(done, len(clips), time.monotonic() - started), file=sys.stderr)
    return sorted(runs, key=lambda r: r.clip.id)


# Not fork: a process forked while another thread holds a lock (OpenCV's, the logging
# module's, a test runner's) can wait on that lock for ever.
SPAWN = multiprocessing.get_context("spawn")


def one_thread() -> None:
    cv2.setNumThreads(1)  # the pool is the parallelism: OpenCV's own threads would fight it


def progress(done: int, total: int, elapsed_s: float) -> str:
    eta = elapsed_s / done * (total - done)
    return f"clips {done}/{total}, {elapsed_s:.0f} s, ETA {eta:.0f} s"


def report(runs: Sequence[ClipRun], config: GatewayConfig, meta: dict[str, Any]) -> dict[str, Any]:
    rule = config.alerts.rule()
    timeouts = Timeouts(config.signal_timeout_s, config.keyframe_timeout_s)
    parts = parts_of(runs)
    made = severities_made(meta["set"]["generator"])
    return {
        **meta,
        "parts": {
            p: summarise_part([r for r in runs if r.clip.part == p], rule, timeouts, made)
            for p in parts
        },
    }


def parts_of(runs: Sequence[ClipRun]) -> list[str]:
    """The parts the set's manifest names, tune and held-out first: any other is reported too."""
    named = {r.clip.part for r in runs}
    return [p for p in PARTS if p in named] + sorted(named - set(PARTS))


def make_ci_slice(folder: Path) -> Path:
    """The set generator's CI slice; it renders only the clips that are missing or stale."""
    command = [sys.executable, "-m", "bench.vqd_set", "--slice", "ci", "--out", str(folder)]
    if subprocess.run(command, check=False, stdout=sys.stderr).returncode != 0:
        raise SystemExit(f"{' '.join(command[1:])} failed: no CI slice to score")
    return folder


def severities_made(generator: dict[str, Any]) -> tuple[str, ...]:
    """The severities the set's generator made (its slice says), else all three."""
    cut = generator.get("slice")
    made = cut.get("severities") if isinstance(cut, dict) else None
    return tuple(made) if made else SEVERITIES


def metadata(set_dir: Path, part: str, config: GatewayConfig, elapsed_s: float) -> dict[str, Any]:
    """What the results were made from: the commit, the set, the gateway's settings."""
    return {
        **provenance(),
        "elapsed_s": round(elapsed_s, 1),
        "set": {"path": str(set_dir), "part": part, "generator": generator_of(set_dir)},
        "gateway": {
            "alerts": config.alerts.model_dump(),
            "signal_timeout_s": config.signal_timeout_s,
            "keyframe_timeout_s": config.keyframe_timeout_s,
            "sample_width": config.sample_width,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.vqd_accuracy", description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, help=f"the set's folder (default {DEFAULT_SET})")
    parser.add_argument("--part", default="both", help="a part the manifest names, or both")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--out", type=Path, help="results folder (default: by provenance)")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"the CI slice: made (or brought up to date) in {CI_SET} unless --set is given",
    )
    args = parser.parse_args(argv)
    if args.quick and args.set is None:
        args.set = make_ci_slice(CI_SET)
    args.set = args.set or DEFAULT_SET
    clips = select_part(load_clips(args.set), args.part)
    if not clips:
        raise SystemExit(f"no clip of part {args.part!r} in {args.set}/manifest.json")
    config = GatewayConfig()
    started = time.monotonic()
    runs = collect(clips, args.workers)
    meta = metadata(args.set, args.part, config, time.monotonic() - started)
    results = report(runs, config, meta)
    out = args.out or results_dir(meta)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vqd_accuracy.json").write_text(json.dumps(results, indent=2) + "\n")
    (out / "vqd_accuracy.md").write_text(markdown(results))
    print(f"wrote {out}/vqd_accuracy.json and .md", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
