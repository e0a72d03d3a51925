"""Run `command-center demo` in a subprocess on free ports, and look at its child from /proc."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

from servers.simulator import REPO_ROOT, free_port, free_port_range

START_TIMEOUT_S = 120.0  # a first start encodes the clips; on a busy shared machine, slowly
END_TIMEOUT_S = 30.0  # the demo stops in about a second; this is only a bound on a hang
POLL_S = 0.2
ONVIF_CAMERAS = 2


@dataclass(frozen=True)
class DemoPorts:
    server: int
    rtsp: int
    api: int
    onvif: int  # the first of ONVIF_CAMERAS consecutive ports

    def all(self) -> list[int]:
        return [self.server, self.rtsp, self.api, *range(self.onvif, self.onvif + ONVIF_CAMERAS)]


@dataclass
class RunningDemo:
    process: subprocess.Popen[bytes]
    ports: DemoPorts
    output: Path
    seen_children: tuple[int, ...] = ()  # killed at the end should the test fail

    def text(self) -> str:
        return self.output.read_text(errors="replace")

    def simulator_pid(self) -> int:
        children = child_pids(self.process.pid)
        assert len(children) == 1, f"expected the simulator as the one child: {children}"
        self.seen_children = (*self.seen_children, *children)
        return children[0]


def demo_config(path: Path, ports: DemoPorts) -> Path:
    """Two cameras: cam-1 by RTSP URL (black), cam-2 through its emulated ONVIF device; the
    simulator's sensors post to the centre."""
    onvif = {"host": "127.0.0.1", "port": ports.onvif + 1, "username": "admin"}
    onvif["password_env"] = "SIMULATOR_ONVIF_PASSWORD"
    config = {
        "server": {"host": "127.0.0.1", "port": ports.server},
        "cameras": [
            {"id": "cam-1", "name": "Gate", "url": f"rtsp://127.0.0.1:{ports.rtsp}/cam-1"},
            {"id": "cam-2", "name": "Yard", "onvif": onvif},
        ],
        "sensors": [{"id": "water-1", "name": "River gauge", "kind": "water_level"}],
        "sensor_input": {"token_envs": ["DEMO_TEST_SENSOR_TOKEN"]},
        "simulator": {
            "cameras": ONVIF_CAMERAS,
            "rtsp_port": ports.rtsp,
            "api_port": ports.api,
            "onvif_port": ports.onvif,
            "faults": {"cam-1": "black"},  # one alert raised; cam-2 stays healthy
            "sensors": True,
        },
    }
    path.write_text(yaml.safe_dump(config))
    return path


def free_demo_ports() -> DemoPorts:
    return DemoPorts(free_port(), free_port(), free_port(), free_port_range(ONVIF_CAMERAS))


def start_demo(tmp_path: Path, ports: DemoPorts) -> RunningDemo:
    config = demo_config(tmp_path / "demo.yaml", ports)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}"}
    env.pop("SIMULATOR_ONVIF_PASSWORD", None)  # the demo makes one up
    output = tmp_path / "demo.log"
    with output.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "composition", "demo", "--config", str(config)],
            cwd=REPO_ROOT,  # the simulator's clip cache (var/cache/sim) is shared with the tests
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return RunningDemo(process, ports, output)


@contextmanager
def running_demo(tmp_path: Path) -> Iterator[RunningDemo]:
    demo = start_demo(tmp_path, free_demo_ports())
    try:
        wait_until(lambda: _answers(demo), START_TIMEOUT_S, demo)
        yield demo
    finally:
        _end(demo)


def wait_until(
    condition: Callable[[], bool], timeout_s: float, demo: RunningDemo | None = None
) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            shown = demo.text()[-3000:] if demo else ""
            raise TimeoutError(f"not within {timeout_s} s; demo output:\n{shown}")
        time.sleep(POLL_S)


def child_pids(pid: int) -> list[int]:
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    return sorted(set(children))


def has_ended(pid: int) -> bool:
    """Gone, or a zombie nobody has reaped yet (a container's pid 1 may never reap)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return True
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")


def port_is_free(port: int) -> bool:
    with closing(socket.socket()) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _answers(demo: RunningDemo) -> bool:
    if demo.process.poll() is not None:
        raise RuntimeError(f"demo exited with {demo.process.returncode}:\n{demo.text()[-3000:]}")
    try:
        httpx.get(f"http://127.0.0.1:{demo.ports.server}/", timeout=2)
        httpx.get(f"http://127.0.0.1:{demo.ports.api}/healthz", timeout=2).raise_for_status()
    except httpx.HTTPError:
        return False
    return True


def _end(demo: RunningDemo) -> None:
    """Whatever the test did: no demo and no simulator left behind."""
    children = child_pids(demo.process.pid) if demo.process.poll() is None else []
    children += demo.seen_children
    if demo.process.poll() is None:
        demo.process.send_signal(signal.SIGINT)
        try:
            demo.process.wait(END_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            demo.process.kill()
            demo.process.wait()
    for pid in children:
        if not has_ended(pid):
            os.kill(pid, signal.SIGKILL)
