"""Video-patrol speed: camera checks per CPU-second, our patrol against the usual ways.

`python -m bench.vqd_speed [--quick] [--runs N]` starts one simulator a resolution (8 cameras
each at 1920x1080, 1280x720 and 640x360, the size of a sub-stream; 25 fps, GOP 50) and, in each
of N runs (5 by default), measures on the same streams the ways of `bench.vqd_speed_ways`: the
patrol, a tuned ffmpeg per check, OpenCV holding the stream, and the decode ceiling, plus the
CPU of each part of a sample. Ratios are taken within a run; the report gives their median and
spread (min to max) over the runs.

CPU is this process and its waited children (getrusage SELF + CHILDREN). The simulators are
children too but are only waited at the end, so their CPU never enters a measurement; it is
read from /proc and reported apart.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import av
import cv2
import httpx
import numpy as np

from bench.provenance import add_output_argument, provenance, write_results
from bench.vqd_speed_report import WAYS, markdown, verdicts
from bench.vqd_speed_ways import (
    OPEN_TIMEOUT_S,
    TIMEOUT,
    Camera,
    breakdown,
    capture_keyframes,
    ceiling,
    cpu_seconds,
    ffmpeg_check,
    hold_capture,
    open_capture,
    patrol_check,
    patrol_check_default_probe,
    session_only,
)
from stream_gateway.ingest import open_live
from stream_gateway.keyframe_checks import ANALYSIS_WORKERS
from tests.servers.simulator import REPO_ROOT, SHARED_CACHE_DIR, free_port

MAIN_RESOLUTIONS = ((1920, 1080), (1280, 720))
SUB_STREAM = (640, 360)  # what cameras' sub-streams commonly are; the simulator's `sub`
# profile serves the main stream's size, so a simulator at this size stands in for it
FPS, GOP = 25, 50
SAMPLE_INTERVAL_S = 10.0  # (c) checks one frame in this many seconds of stream
READY_TIMEOUT_S = 900.0  # a first start encodes 16 clips a camera at 1080p: minutes on 2 cores
MEMORY_SETTLE_S = 6.0  # three GOPs: every session has decoded keyframes and filled its buffers


@dataclass(frozen=True)
class Plan:
    resolutions: tuple[tuple[int, int], ...]
    cameras: int  # a resolution
    runs: int
    patrol_rounds: int  # over a resolution's cameras, for (a) and the session alone
    ffmpeg_rounds: int
    capture_cameras: int  # a resolution, for (c)
    capture_s: float
    keyframes: int  # captured a camera for the ceiling
    ceiling_reps: int
    breakdown_calls: int
    memory_k: int


FULL = Plan((*MAIN_RESOLUTIONS, SUB_STREAM), 8, 5, 4, 2, 2, 15.0, 2, 4, 200, 16)
QUICK = Plan((SUB_STREAM,), 2, 1, 1, 1, 1, 3.0, 1, 1, 10, 2)


def say(message: str) -> None:
    print(f"[vqd_speed {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def pid_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime..cstime


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


# --- simulators ---------------------------------------------------------------------------------


@dataclass
class Simulators:
    pids: list[int]
    cameras: dict[str, list[Camera]]

    def cpu(self) -> float:
        return sum(pid_cpu_seconds(pid) for pid in self.pids)


@contextmanager
def simulators(plan: Plan) -> Iterator[Simulators]:
    sims = Simulators([], {})
    with ExitStack() as stack:
        for width, height in plan.resolutions:
            rtsp, api = free_port(), free_port()
            log = stack.enter_context(tempfile.TemporaryFile())
            command = simulator_command(width, height, rtsp, api, plan.cameras)
            process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=log)
            stack.callback(stop, process)
            sims.pids.append(process.pid)
            say(f"simulator {width}x{height} starting (a first start encodes its clips)")
            wait_healthy(process, f"http://127.0.0.1:{api}/healthz", log)
            res = f"{width}x{height}"
            urls = [f"rtsp://127.0.0.1:{rtsp}/cam-{i}" for i in range(1, plan.cameras + 1)]
            sims.cameras[res] = [Camera(url, res) for url in urls]
        yield sims


def simulator_command(width: int, height: int, rtsp: int, api: int, cameras: int) -> list[str]:
    command = [sys.executable, "-m", "simulator", "--host", "127.0.0.1", "--rtsp-port", str(rtsp)]
    command += ["--api-port", str(api), "--cameras", str(cameras)]
    command += ["--cache-dir", str(SHARED_CACHE_DIR), "--width", str(width)]
    return [*command, "--height", str(height), "--fps", str(FPS), "--gop", str(GOP)]


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def wait_healthy(process: subprocess.Popen[bytes], url: str, log: IO[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log.seek(0)
            tail = log.read().decode(errors="replace")[-2000:]
            raise RuntimeError(f"simulator exited with {process.returncode}:\n{tail}")
        try:
            if httpx.get(url, timeout=5.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"simulator not healthy after {READY_TIMEOUT_S} s")


# --- one run ------------------------------------------------------------------------------------


def per_cpu(
    sims: Simulators, cameras: list[Camera], rounds: int, check: Callable[[Camera], None]
) -> dict[str, float]:
    """Checks per CPU-second over `cameras`, `rounds` times, in the gateway's analysis pool."""
    sim_cpu, start = sims.cpu(), cpu_seconds()
    with ThreadPoolExecutor(ANALYSIS_WORKERS) as pool:
        for _ in range(rounds):
            list(pool.map(check, cameras))
    cpu = cpu_seconds() - start
    checks = rounds * len(cameras)
    return {
        "checks": checks,
        "cpu_s": round(cpu, 3),
        "per_cpu_s": round(checks / cpu, 2),
        "simulator_cpu_s": round(sims.cpu() - sim_cpu, 3),
    }


def opencv_per_cpu(sims: Simulators, cameras: list[Camera], seconds: float) -> dict[str, float]:
    """(c) as checks per CPU-second: every frame grabbed, one checked a sample interval."""
    captures = [open_capture(camera) for camera in cameras]
    every = round(SAMPLE_INTERVAL_S * FPS)
    stop_at = time.monotonic() + seconds
    sim_cpu, start = sims.cpu(), cpu_seconds()
    with ThreadPoolExecutor(len(cameras)) as pool:
        held = zip(captures, cameras, strict=True)
        counts = list(pool.map(lambda c: hold_capture(c[0], c[1], stop_at, every), held))
    cpu = cpu_seconds() - start
    for capture in captures:
        capture.release()
    frames = sum(f for f, _ in counts)
    # A camera-second costs cpu / frames x FPS; one check per interval costs interval x that.
    per_check = cpu / frames * FPS * SAMPLE_INTERVAL_S
    return {
        "frames": frames,
        "checks_done": sum(c for _, c in counts),
        "cpu_s": round(cpu, 3),
        "fps_per_camera": round(frames / len(cameras) / seconds, 1),
        "per_cpu_s": round(1 / per_check, 3),
        "simulator_cpu_s": round(sims.cpu() - sim_cpu, 3),
    }


def one_resolution(sims: Simulators, res: str, plan: Plan, units: list[bytes]) -> dict[str, Any]:
    cameras = sims.cameras[res]
    figures: dict[str, Any] = {
        "d_ceiling": ceiling(units, plan.ceiling_reps * ANALYSIS_WORKERS, ANALYSIS_WORKERS),
        "d_ceiling_1_thread": ceiling(units, plan.ceiling_reps, 1),
    }
    figures["a_patrol"] = per_cpu(sims, cameras, plan.patrol_rounds, patrol_check)
    figures["b_ffmpeg"] = per_cpu(sims, cameras, plan.ffmpeg_rounds, ffmpeg_check)
    capture_cameras = cameras[: plan.capture_cameras]
    figures["c_opencv"] = opencv_per_cpu(sims, capture_cameras, plan.capture_s)
    figures["session_only"] = per_cpu(sims, cameras, plan.patrol_rounds, session_only)
    figures["a_default_probe"] = per_cpu(
        sims, cameras, plan.patrol_rounds, patrol_check_default_probe
    )
    parts = breakdown(units, plan.breakdown_calls, plan.keyframes)
    parts["decode_ms"] = round(1000 / figures["d_ceiling"]["per_cpu_s"], 3)
    parts["patrol_ms"] = round(1000 / figures["a_patrol"]["per_cpu_s"], 3)
    parts["session_ms"] = round(1000 / figures["session_only"]["per_cpu_s"], 3)
    figures["per_sample_ms"] = parts
    a = figures["a_patrol"]["per_cpu_s"]
    figures["ratios"] = {
        "a_over_d": round(a / figures["d_ceiling"]["per_cpu_s"], 3),
        "a_over_d_1_thread": round(a / figures["d_ceiling_1_thread"]["per_cpu_s"], 3),
        "d_over_b": round(figures["d_ceiling"]["per_cpu_s"] / figures["b_ffmpeg"]["per_cpu_s"], 2),
        "a_over_b": round(a / figures["b_ffmpeg"]["per_cpu_s"], 2),
        "a_over_c": round(a / figures["c_opencv"]["per_cpu_s"], 1),
    }
    return figures


def keyframes_of(sims: Simulators, plan: Plan) -> dict[str, list[bytes]]:
    """Every camera's next keyframes off the wire, captured once for all runs."""
    return {
        res: [unit for camera in cameras for unit in capture_keyframes(camera.url, plan.keyframes)]
        for res, cameras in sims.cameras.items()
    }


def memory_per_stream(sims: Simulators, k: int) -> dict[str, Any]:
    """Resident memory of K open keyframe-only sessions (held-open mode), each in a thread."""
    every = [camera for cameras in sims.cameras.values() for camera in cameras]
    cameras = (every * k)[:k]
    stop_event, counts = threading.Event(), [0] * len(cameras)
    latest: list[av.VideoFrame | None] = [None] * len(cameras)

    def hold(index: int) -> None:
        with open_live(cameras[index].url, TIMEOUT) as (container, stream):
            for frame in container.decode(stream):
                latest[index], counts[index] = frame, counts[index] + 1
                if stop_event.is_set():
                    return

    gc.collect()
    before = rss_kib()
    threads = [threading.Thread(target=hold, args=(i,), daemon=True) for i in range(len(cameras))]
    for thread in threads:
        thread.start()
    time.sleep(MEMORY_SETTLE_S)
    after = rss_kib()
    stop_event.set()
    for thread in threads:
        thread.join(OPEN_TIMEOUT_S)
    return {
        "k": len(cameras),
        "sessions_with_keyframes": sum(1 for c in counts if c),
        "mib_per_stream": round((after - before) / 1024 / len(cameras), 2),
    }


# --- over the runs ------------------------------------------------------------------------------


def spread(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 3), "min": min(values), "max": max(values)}


def across_runs(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Median and (min, max) of every figure of a resolution over the runs."""
    summary: dict[str, Any] = {}
    for res in runs[0]:
        rows: dict[str, dict[str, Any]] = {}
        for way in WAYS:
            rows[way] = spread([run[res][way]["per_cpu_s"] for run in runs])
        for group in ("ratios", "per_sample_ms"):
            keys = runs[0][res][group]
            rows[group] = {k: spread([run[res][group][k] for run in runs]) for k in keys}
        summary[res] = rows
    return summary


def run(plan: Plan) -> dict[str, Any]:
    started = time.monotonic()
    runs: list[dict[str, Any]] = []
    with simulators(plan) as sims:
        for cameras in sims.cameras.values():  # every mount prepared, every camera its reference
            per_cpu(sims, cameras, 1, patrol_check)
        units = keyframes_of(sims, plan)
        for index in range(plan.runs):
            figures = {res: one_resolution(sims, res, plan, units[res]) for res in sims.cameras}
            runs.append(figures)
            ratios = "; ".join(f"{res} {f['ratios']}" for res, f in figures.items())
            say(f"run {index + 1}/{plan.runs}: {ratios}")
        say(f"memory: {plan.memory_k} open sessions")
        memory = memory_per_stream(sims, plan.memory_k)
    summary = across_runs(runs)
    parameters = {
        "fps": FPS,
        "gop": GOP,
        "sample_interval_s": SAMPLE_INTERVAL_S,
        "workers": ANALYSIS_WORKERS,
        "plan": plan.__dict__,
        "run_wall_s": round(time.monotonic() - started, 1),
    }
    report: dict[str, Any] = {
        "software": software(),
        "parameters": parameters,
        "summary": summary,
        "memory_per_open_stream": memory,
        "runs": runs,
    }
    report["verdicts"] = verdicts(summary, len(os.sched_getaffinity(0)))
    return report


def software() -> dict[str, str]:
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return {
        "av": av.__version__,
        "cv2": cv2.__version__,
        "numpy": np.__version__,
        "ffmpeg": ffmpeg.split(" Copyright")[0] if ffmpeg else "?",
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vqd_speed", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="640x360 only, one small run")
    parser.add_argument("--runs", type=int, help="runs to take the median over (default 5)")
    add_output_argument(parser)
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    if args.runs:
        plan = Plan(**(plan.__dict__ | {"runs": args.runs}))
    meta = provenance()
    report = {"provenance": meta, "quick": args.quick} | run(plan)
    write_results("vqd_speed", report, markdown(report), args.out)
    say(f"done in {report['parameters']['run_wall_s']} s: {report['verdicts']}")
    print(markdown(report))


if __name__ == "__main__":
    main()
