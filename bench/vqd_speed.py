"""Video-patrol speed: camera checks per CPU-second, our patrol against the usual ways.

`python -m bench.vqd_speed [--quick]` starts two simulators (8 cameras at 1920x1080, 8 at
1280x720, 25 fps, GOP 50) and measures, on the same streams:

(a) patrol: the gateway's `grab_keyframe` (open, first keyframe, close), `analyse`;
(b) the usual script: one `ffmpeg ... -frames:v 1` subprocess a check, checks on 320 px;
(c) OpenCV VideoCapture reading every frame, one check per sample interval;
(d) the decode ceiling: (a) without conversion and checks, plus in-memory keyframe decoding.

CPU is this process and its waited children (getrusage SELF + CHILDREN). The simulators are
children too but are only waited at the end, so their CPU never enters a measurement; it is
read from /proc and reported apart.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

# OpenCV's FFmpeg backend reads this at every open; TCP like the other two ways.
os.environ.setdefault("OPENCV_FFMPEG_CAPTURE_OPTIONS", "rtsp_transport;tcp")

import av
import cv2
import httpx
import numpy as np

from simulator.clips import SHARED_CAMERA, cache_key, read_clip
from simulator.encoding import EncodeParams
from stream_gateway.checks.reference import ReferenceView, reference_view
from stream_gateway.checks.suite import check_frame
from stream_gateway.config import GatewayConfig
from stream_gateway.frame_conversion import scaled_size, take_sample
from stream_gateway.ingest import grab_keyframe, open_live
from stream_gateway.keyframe_checks import ANALYSIS_WORKERS, analyse
from tests.servers.simulator import REPO_ROOT, SHARED_CACHE_DIR, free_port

RESULTS = Path(__file__).resolve().parent / "results"
RESOLUTIONS = ((1920, 1080), (1280, 720))
CAMERAS_PER_RESOLUTION = 8
FPS, GOP = 25, 50
SAMPLE_INTERVAL_S = 10.0  # the patrol interval the targets are stated for
READY_TIMEOUT_S = 900.0  # a first start encodes 16 clips a camera at 1080p: minutes on 2 cores
OPEN_TIMEOUT_S = 10.0  # a keyframe comes every 2 s; 10 s only fails on a dead stream
FFMPEG_TIMEOUT_S = 20.0
MEMORY_SETTLE_S = 6.0  # three GOPs: every session has decoded keyframes and filled its buffers
TIMEOUT = (OPEN_TIMEOUT_S, OPEN_TIMEOUT_S)
CONFIG = GatewayConfig()
TARGETS = {"analysis_ms_max": 2.0, "a_over_c_min": 10.0, "a_over_b_min": 5.0, "a_over_d_min": 0.8}


@dataclass(frozen=True)
class Plan:
    rounds: int  # patrol rounds over all 16 cameras, for (a) and (d)
    script_rounds: int  # for (b)
    capture_cameras: int  # per resolution, for (c)
    capture_s: float
    analysis_runs: int
    sample_runs: int
    memory_k: int
    memory_decode_reps: int


FULL = Plan(3, 2, 2, 25.0, 2000, 300, 16, 20)
QUICK = Plan(1, 1, 1, 6.0, 1000, 100, 16, 5)


def say(message: str) -> None:
    print(f"[vqd_speed {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def cpu_seconds() -> float:
    """CPU of this process (all threads) and of its waited children, user + system."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def pid_cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(v) for v in fields[11:15]) / os.sysconf("SC_CLK_TCK")  # utime..cstime


def rss_kib() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


@dataclass
class Camera:
    url: str
    resolution: str
    previous: np.ndarray | None = None
    reference: ReferenceView | None = None

    def remember(self, gray: np.ndarray, bgr: np.ndarray, failed: bool) -> None:
        """What the sampler keeps between two samples: the last gray and a clean reference."""
        self.previous = gray
        if self.reference is None and not failed:
            self.reference = reference_view(gray, bgr)


@dataclass
class Simulators:
    pids: list[int]
    cameras: list[Camera] = field(default_factory=list)

    def cpu(self) -> float:
        return sum(pid_cpu_seconds(pid) for pid in self.pids)


@contextmanager
def simulators() -> Iterator[Simulators]:
    sims = Simulators([])
    with ExitStack() as stack:
        for width, height in RESOLUTIONS:
            rtsp, api = free_port(), free_port()
            log = stack.enter_context(tempfile.TemporaryFile())
            process = subprocess.Popen(
                simulator_command(width, height, rtsp, api), cwd=REPO_ROOT, stdout=log, stderr=log
            )
            stack.callback(stop, process)
            sims.pids.append(process.pid)
            say(f"simulator {width}x{height} starting (first start encodes clips)")
            wait_healthy(process, f"http://127.0.0.1:{api}/healthz", log)
            for index in range(1, CAMERAS_PER_RESOLUTION + 1):
                url = f"rtsp://127.0.0.1:{rtsp}/cam-{index}"
                sims.cameras.append(Camera(url, f"{width}x{height}"))
        yield sims


def simulator_command(width: int, height: int, rtsp: int, api: int) -> list[str]:
    command = [sys.executable, "-m", "simulator", "--host", "127.0.0.1", "--rtsp-port", str(rtsp)]
    command += ["--api-port", str(api), "--cameras", str(CAMERAS_PER_RESOLUTION)]
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


# --- one check, each way ------------------------------------------------------------------------


def keyframe_default_probe(url: str) -> av.VideoFrame:
    """The first keyframe as FFmpeg opens a stream by default: the probe decodes it once more."""
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=TIMEOUT) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        return next(container.decode(stream))


def patrol_check(camera: Camera) -> None:
    """(a): what the patrol does for one camera."""
    frame = grab_keyframe(camera.url, TIMEOUT)
    sample, results = analyse(frame, camera.previous, camera.reference, CONFIG)
    camera.remember(sample.gray, sample.bgr, any(r.failed for r in results))


def patrol_check_default_probe(camera: Camera) -> None:
    """(a) with FFmpeg's default stream probe: what the gateway's open options are worth."""
    frame = keyframe_default_probe(camera.url)
    sample, results = analyse(frame, camera.previous, camera.reference, CONFIG)
    camera.remember(sample.gray, sample.bgr, any(r.failed for r in results))


def decode_only(camera: Camera) -> None:
    """(d): the same session and keyframe, nothing else."""
    grab_keyframe(camera.url, TIMEOUT)


def check_bgr(camera: Camera, bgr: np.ndarray) -> None:
    """The usual script's analysis: our checks on a 320 px downscale."""
    height, width = bgr.shape[:2]
    small = cv2.resize(
        bgr, scaled_size(width, height, CONFIG.sample_width), interpolation=cv2.INTER_AREA
    )
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    results = check_frame(gray, small, camera.previous, camera.reference, CONFIG.thresholds)
    camera.remember(gray, small, any(r.failed for r in results))


def script_check(camera: Camera) -> None:
    """(b): one ffmpeg process grabs one frame as BMP (the cheapest image cv2 decodes)."""
    command = ["ffmpeg", "-nostdin", "-v", "error", "-rtsp_transport", "tcp", "-i", camera.url]
    command += ["-frames:v", "1", "-f", "image2pipe", "-vcodec", "bmp", "-"]
    done = subprocess.run(command, capture_output=True, check=True, timeout=FFMPEG_TIMEOUT_S)
    bgr = cv2.imdecode(np.frombuffer(done.stdout, np.uint8), cv2.IMREAD_COLOR)
    if bgr is None:
        raise ValueError(f"ffmpeg gave no image for {camera.resolution}")
    check_bgr(camera, bgr)


# --- measurements -------------------------------------------------------------------------------


def per_cpu(sims: Simulators, rounds: int, check: Callable[[Camera], None]) -> dict[str, Any]:
    """Checks per CPU-second over all cameras, rounds times, one resolution batch at a time."""
    cpu = {res: 0.0 for res in by_resolution(sims)}
    wall, sim_cpu, checks = time.monotonic(), sims.cpu(), {res: 0 for res in cpu}
    with ThreadPoolExecutor(ANALYSIS_WORKERS) as pool:
        for _ in range(rounds):
            for res, cameras in by_resolution(sims).items():
                start = cpu_seconds()
                list(pool.map(check, cameras))
                cpu[res] += cpu_seconds() - start
                checks[res] += len(cameras)
    figures = {res: rate(checks[res], cpu[res]) for res in cpu}
    total = sum(checks.values())
    figures["all"] = rate(total, sum(cpu.values()))
    figures["simulator_cpu_s"] = round(sims.cpu() - sim_cpu, 3)
    figures["wall_s"] = round(time.monotonic() - wall, 2)
    return figures


def rate(checks: int, cpu: float) -> dict[str, float]:
    return {"checks": checks, "cpu_s": round(cpu, 3), "checks_per_cpu_s": round(checks / cpu, 2)}


def by_resolution(sims: Simulators) -> dict[str, list[Camera]]:
    groups: dict[str, list[Camera]] = {}
    for camera in sims.cameras:
        groups.setdefault(camera.resolution, []).append(camera)
    return groups


def continuous_capture(sims: Simulators, plan: Plan) -> dict[str, Any]:
    """(c): CPU per camera-second of reading every frame, one resolution at a time."""
    figures: dict[str, Any] = {}
    for res, cameras in by_resolution(sims).items():
        figures[res] = capture_resolution(sims, cameras[: plan.capture_cameras], plan.capture_s)
        say(f"(c) {res}: {figures[res]}")
    mean = statistics.fmean(f["cpu_s_per_camera_second"] for f in figures.values())
    figures["all"] = {
        "cpu_s_per_camera_second": round(mean, 4),
        "checks_per_cpu_s": round(1 / (mean * SAMPLE_INTERVAL_S), 2),
    }
    figures["formula"] = (
        "checks/CPU-s = 1 check per interval / (CPU-s per camera-second x interval_s), "
        f"interval_s = {SAMPLE_INTERVAL_S:g}; CPU-s per camera-second = CPU-s / frames x {FPS} "
        "fps; 'all' is the 50/50 mix of 1080p and 720p cameras, as in (a)"
    )
    return figures


def capture_resolution(sims: Simulators, cameras: list[Camera], seconds: float) -> dict[str, Any]:
    captures = [cv2.VideoCapture(camera.url, cv2.CAP_FFMPEG) for camera in cameras]
    if not all(capture.isOpened() and capture.read()[0] for capture in captures):
        raise RuntimeError("OpenCV could not open the streams")
    stop_at = time.monotonic() + seconds
    start, sim_cpu = cpu_seconds(), sims.cpu()
    with ThreadPoolExecutor(len(cameras)) as pool:
        frames = sum(pool.map(read_every_frame, captures, cameras, [stop_at] * len(cameras)))
    cpu = cpu_seconds() - start
    for capture in captures:
        capture.release()
    per_camera_second = cpu / frames * FPS
    return {
        "cameras": len(cameras),
        "seconds": seconds,
        "frames": frames,
        "fps_per_camera": round(frames / len(cameras) / seconds, 1),
        "cpu_s": round(cpu, 3),
        "cpu_s_per_camera_second": round(per_camera_second, 4),
        "checks_per_cpu_s": round(1 / (per_camera_second * SAMPLE_INTERVAL_S), 2),
        "simulator_cpu_s": round(sims.cpu() - sim_cpu, 3),
    }


def read_every_frame(capture: cv2.VideoCapture, camera: Camera, stop_at: float) -> int:
    """The usual loop: `read()` every frame, check one a sample interval."""
    frames = 0
    while time.monotonic() < stop_at:
        ok, bgr = capture.read()
        if not ok:
            raise RuntimeError(f"OpenCV lost a {camera.resolution} stream")
        if frames % round(SAMPLE_INTERVAL_S * FPS) == 0:
            check_bgr(camera, bgr)
        frames += 1
    return frames


def cached_keyframes(width: int, height: int) -> list[bytes]:
    folder = SHARED_CACHE_DIR / cache_key(EncodeParams(width, height, FPS, GOP))
    units: list[bytes] = []
    for path in sorted(folder.glob("cam-*-normal.npz")):
        if not path.name.startswith(SHARED_CAMERA):
            units += [unit.data for unit in read_clip(path).units if unit.keyframe]
    if not units:
        raise RuntimeError(f"no cached clips in {folder}")
    return units


def decode_keyframes(units: list[bytes]) -> list[av.VideoFrame]:
    context = av.CodecContext.create("h264", "r")
    context.thread_count = 1  # per core-second: one thread, one frame out per packet
    frames: list[av.VideoFrame] = []
    for data in units:
        frames += context.decode(av.Packet(data))
    return frames


def memory_decode(plan: Plan) -> dict[str, Any]:
    """(d'): keyframes decoded from memory, no network, per core-second."""
    figures: dict[str, Any] = {}
    for width, height in RESOLUTIONS:
        units = cached_keyframes(width, height)
        decode_keyframes(units[:2])
        start = cpu_seconds()
        decoded = sum(len(decode_keyframes(units)) for _ in range(plan.memory_decode_reps))
        cpu = cpu_seconds() - start
        figures[f"{width}x{height}"] = {
            "keyframes": decoded,
            "cpu_s": round(cpu, 3),
            "keyframes_per_cpu_s": round(decoded / cpu, 1),
            "mean_keyframe_bytes": round(statistics.fmean(len(u) for u in units)),
        }
    return figures


def timings(run: Callable[[int], object], count: int) -> dict[str, float]:
    """Wall and process-CPU milliseconds a call; CPU is what a busy host still shows."""
    wall: list[float] = []
    cpu: list[float] = []
    for index in range(count):
        wall_0, cpu_0 = time.perf_counter(), time.process_time()
        run(index)
        cpu.append((time.process_time() - cpu_0) * 1000)
        wall.append((time.perf_counter() - wall_0) * 1000)
    return {"runs": count} | quantiles("wall", wall) | quantiles("cpu", cpu)


def quantiles(name: str, spent: list[float]) -> dict[str, float]:
    spent = sorted(spent)
    p95 = spent[int(0.95 * (len(spent) - 1))]
    return {
        f"{name}_median_ms": round(statistics.median(spent), 3),
        f"{name}_p95_ms": round(p95, 3),
    }


def analysis_alone(plan: Plan) -> dict[str, Any]:
    frames = {f"{w}x{h}": decode_keyframes(cached_keyframes(w, h)[:10]) for w, h in RESOLUTIONS}
    samples = [
        take_sample(f, CONFIG.snapshot_width, CONFIG.sample_width)
        for fs in frames.values()
        for f in fs
    ]
    references = [reference_view(s.gray, s.bgr) for s in samples]
    n, t = len(samples), CONFIG.thresholds

    def checks(i: int) -> object:
        return check_frame(
            samples[i % n].gray, samples[i % n].bgr, samples[(i - 1) % n].gray, references[0], t
        )

    figures: dict[str, Any] = {
        "check_frame_with_reference": timings(checks, plan.analysis_runs),
        "reference_view": timings(
            lambda i: reference_view(samples[i % n].gray, samples[i % n].bgr), plan.analysis_runs
        ),
    }
    for res, fs in frames.items():
        figures[f"take_sample_{res}"] = timings(
            lambda i, fs=fs: take_sample(
                fs[i % len(fs)], CONFIG.snapshot_width, CONFIG.sample_width
            ),
            plan.sample_runs,
        )
    figures["sample_size"] = list(samples[0].gray.shape[::-1])
    return figures


def memory_per_stream(sims: Simulators, plan: Plan) -> dict[str, Any]:
    """Resident memory of K open keyframe-only sessions, each in a reader thread."""
    cameras = (sims.cameras * plan.memory_k)[: plan.memory_k]
    stop, counts, latest = threading.Event(), [0] * len(cameras), [None] * len(cameras)

    def hold(index: int) -> None:
        with open_live(cameras[index].url, TIMEOUT) as (container, stream):
            for frame in container.decode(stream):
                latest[index], counts[index] = frame, counts[index] + 1
                if stop.is_set():
                    return

    gc.collect()
    before = rss_kib()
    threads = [threading.Thread(target=hold, args=(i,), daemon=True) for i in range(len(cameras))]
    for thread in threads:
        thread.start()
    time.sleep(MEMORY_SETTLE_S)
    after = rss_kib()
    stop.set()
    for thread in threads:
        thread.join(OPEN_TIMEOUT_S)
    return {
        "k": len(cameras),
        "sessions_with_keyframes": sum(1 for c in counts if c),
        "rss_before_mib": round(before / 1024, 1),
        "rss_after_mib": round(after / 1024, 1),
        "mib_per_stream": round((after - before) / 1024 / len(cameras), 2),
    }


# --- report -------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo if "model name" in line), "?")
    ffmpeg = subprocess.run(["ffmpeg", "-version"], capture_output=True, text=True).stdout
    return {
        "cpu_model": model,
        "cores": len(os.sched_getaffinity(0)),
        "python": platform.python_version(),
        "av": av.__version__,
        "cv2": cv2.__version__,
        "numpy": np.__version__,
        "ffmpeg": ffmpeg.splitlines()[0] if ffmpeg else "?",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def verdicts(f: dict[str, Any]) -> dict[str, Any]:
    a, b, d = (
        f[k]["all"]["checks_per_cpu_s"] for k in ("a_patrol", "b_ffmpeg_script", "d_decode_ceiling")
    )
    ratios = {
        "a_over_b": round(a / b, 2),
        "a_over_c": round(a / f["c_opencv_continuous"]["all"]["checks_per_cpu_s"], 2),
        "a_over_d": round(a / d, 3),
        "d_over_b": round(d / b, 2),
        "a_default_probe_over_b": round(
            f["a_patrol_default_probe"]["all"]["checks_per_cpu_s"] / b, 2
        ),
    }
    analysis_ms = f["analysis_alone"]["check_frame_with_reference"]["cpu_median_ms"]
    met = {
        "analysis_ms <= 2": analysis_ms <= TARGETS["analysis_ms_max"],
        "a/c >= 10": ratios["a_over_c"] >= TARGETS["a_over_c_min"],
        "a/b >= 5": ratios["a_over_b"] >= TARGETS["a_over_b_min"],
        "a/d >= 0.8": ratios["a_over_d"] >= TARGETS["a_over_d_min"],
    }
    return {"ratios": ratios, "targets_met": met}


def markdown(report: dict[str, Any]) -> str:
    f, m, p = report["figures"], report["machine"], report["parameters"]
    lines = [
        "# Video-patrol speed (`python -m bench.vqd_speed`)",
        "",
        f"{m['cpu_model']}, {m['cores']} cores, Python {m['python']}, PyAV {m['av']}, "
        f"OpenCV {m['cv2']}, NumPy {m['numpy']}, {m['ffmpeg']}; {m['date']}; "
        f"{'quick' if p['quick'] else 'full'} run.",
        "",
        f"16 simulated cameras (8 at 1920x1080, 8 at 1280x720, {FPS} fps, GOP {GOP}); "
        f"sample interval {SAMPLE_INTERVAL_S:g} s; CPU = this process + its children, "
        "simulators excluded.",
        "",
        "| way | 1080p checks/CPU-s | 720p checks/CPU-s | all checks/CPU-s | simulator CPU-s |",
        "|---|---:|---:|---:|---:|",
    ]
    names = {
        "a_patrol": "(a) patrol: open, keyframe, analyse, close",
        "b_ffmpeg_script": "(b) ffmpeg subprocess a check (BMP) + checks",
        "c_opencv_continuous": "(c) OpenCV reading every frame, 1 check / 10 s",
        "d_decode_ceiling": "(d) ceiling: open, keyframe, close",
        "a_patrol_default_probe": "(a) with FFmpeg's default stream probe",
    }
    for key, name in names.items():
        row = f[key]
        cells = [str(row[r]["checks_per_cpu_s"]) for r in ("1920x1080", "1280x720", "all")]
        sim = row.get("simulator_cpu_s", "")
        if key.startswith("c_"):
            sim = round(sum(row[r]["simulator_cpu_s"] for r in ("1920x1080", "1280x720")), 3)
        lines.append(f"| {name} | {' | '.join(cells)} | {sim} |")
    v = report["verdicts"]
    lines += ["", "| ratio | value | target | met |", "|---|---:|---:|---|"]
    for ratio, target in (
        ("a_over_b", "a/b >= 5"),
        ("a_over_c", "a/c >= 10"),
        ("a_over_d", "a/d >= 0.8"),
    ):
        met = "yes" if v["targets_met"][target] else "NO"
        lines.append(f"| {ratio} | {v['ratios'][ratio]} | {target} | {met} |")
    lines.append(f"| d_over_b (bound on a/b) | {v['ratios']['d_over_b']} | | |")
    lines.append(f"| a_default_probe_over_b | {v['ratios']['a_default_probe_over_b']} | | |")
    al = f["analysis_alone"]
    lines += [
        "",
        "| analysis alone (320 px) | CPU median ms | CPU p95 ms | wall median ms | wall p95 ms "
        "| runs |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for key in (
        "check_frame_with_reference",
        "reference_view",
        "take_sample_1920x1080",
        "take_sample_1280x720",
    ):
        t = al[key]
        cells = [t[k] for k in ("cpu_median_ms", "cpu_p95_ms", "wall_median_ms", "wall_p95_ms")]
        lines.append(f"| {key} | {' | '.join(map(str, cells))} | {t['runs']} |")
    met = "yes" if v["targets_met"]["analysis_ms <= 2"] else "NO"
    lines += ["", f"Analysis target (check_frame CPU median <= 2 ms): {met}.", ""]
    lines.append("In-memory keyframe decode (one thread, no network):")
    for res, row in f["d_memory_keyframe_decode"].items():
        lines.append(f"- {res}: {row['keyframes_per_cpu_s']} keyframes per core-second")
    mem = f["memory_per_open_stream"]
    lines += [
        f"- resident memory: {mem['mib_per_stream']} MiB per open keyframe-only stream "
        f"(K={mem['k']}, 8+8 resolutions mixed)",
        "",
        f"(c) formula: {f['c_opencv_continuous']['formula']}.",
        "",
    ]
    return "\n".join(lines)


def run(plan: Plan, quick: bool) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    with simulators() as sims:
        per_cpu(sims, 1, decode_only)  # warm-up: every mount prepared, libraries loaded
        for key, check, rounds in (
            ("d_decode_ceiling", decode_only, plan.rounds),
            ("a_patrol", patrol_check, plan.rounds),
            ("b_ffmpeg_script", script_check, plan.script_rounds),
            ("a_patrol_default_probe", patrol_check_default_probe, plan.rounds),
        ):
            say(f"{key}: {rounds} round(s) over {len(sims.cameras)} cameras")
            figures[key] = per_cpu(sims, rounds, check)
            say(f"{key}: {figures[key]['all']}")
        say(f"(c) OpenCV continuous, {plan.capture_s:g} s a resolution")
        figures["c_opencv_continuous"] = continuous_capture(sims, plan)
        say(f"memory: {plan.memory_k} open sessions")
        figures["memory_per_open_stream"] = memory_per_stream(sims, plan)
    say("analysis alone and in-memory decode, the simulators stopped")
    figures["analysis_alone"] = analysis_alone(plan)
    figures["d_memory_keyframe_decode"] = memory_decode(plan)
    say(f"analysis: {figures['analysis_alone']['check_frame_with_reference']}")
    parameters = {"quick": quick, "fps": FPS, "gop": GOP, "sample_interval_s": SAMPLE_INTERVAL_S}
    parameters |= {"resolutions": [f"{w}x{h}" for w, h in RESOLUTIONS], "workers": ANALYSIS_WORKERS}
    parameters |= plan.__dict__ | {"targets": TARGETS, "ffmpeg_image": "bmp"}
    report = {"machine": machine(), "parameters": parameters, "figures": figures}
    report["verdicts"] = verdicts(figures)
    return report


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.vqd_speed", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds, about 2 minutes")
    args = parser.parse_args(argv)
    started = time.monotonic()
    report = run(QUICK if args.quick else FULL, args.quick)
    report["parameters"]["run_wall_s"] = round(time.monotonic() - started, 1)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "vqd_speed.json").write_text(json.dumps(report, indent=2) + "\n")
    (RESULTS / "vqd_speed.md").write_text(markdown(report))
    say(f"done in {report['parameters']['run_wall_s']} s: {report['verdicts']}")
    print(markdown(report))


if __name__ == "__main__":
    main()
