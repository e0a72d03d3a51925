"""Start a real simulator in a subprocess for tests: `with running_simulator(2) as sim: ...`."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import httpx

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED_CACHE_DIR = REPO_ROOT / "var" / "cache" / "sim"  # shared, so tests encode clips once
READY_TIMEOUT_S = 60.0  # a first start encodes every clip: ~1 s per camera on two cores
STOP_TIMEOUT_S = 10.0  # clean shutdown takes well under a second
HTTP_TIMEOUT_S = 5.0
POLL_S = 0.2


@dataclass(frozen=True)
class SimulatorHandle:
    host: str
    rtsp_port: int
    api_port: int
    process: subprocess.Popen[bytes]

    @property
    def api_base(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    def rtsp_url(self, camera_id: str) -> str:
        return f"rtsp://{self.host}:{self.rtsp_port}/{camera_id}"

    def set_fault(self, camera_id: str, kind: str, severity: float | None = None) -> dict[str, Any]:
        url = f"{self.api_base}/cameras/{camera_id}/fault"
        body: dict[str, Any] = {"kind": kind}
        if severity is not None:
            body["severity"] = severity
        response = httpx.post(url, json=body, timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]

    def cameras(self) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.api_base}/cameras", timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]


def free_port(host: str = "127.0.0.1") -> int:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_simulator(
    cameras: int = 2,
    faults: dict[str, str] | None = None,
    cache_dir: Path | None = None,
    scenes: dict[str, str] | None = None,
) -> Iterator[SimulatorHandle]:
    host, rtsp_port, api_port = "127.0.0.1", free_port(), free_port()
    command = [sys.executable, "-m", "simulator", "--cameras", str(cameras), "--host", host]
    command += ["--rtsp-port", str(rtsp_port), "--api-port", str(api_port)]
    command += ["--cache-dir", str(cache_dir or SHARED_CACHE_DIR)]
    for camera_id, kind in (faults or {}).items():
        command += ["--fault", f"{camera_id}={kind}"]
    for camera_id, scene in (scenes or {}).items():
        command += ["--scene", f"{camera_id}={scene}"]
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=subprocess.DEVNULL, stderr=stderr)
        handle = SimulatorHandle(host, rtsp_port, api_port, process)
        try:
            _wait_healthy(handle, stderr)
            yield handle
        finally:
            _stop(process)


def _wait_healthy(handle: SimulatorHandle, stderr: IO[bytes]) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if handle.process.poll() is not None:
            raise RuntimeError(
                f"simulator exited with {handle.process.returncode}:\n{_read(stderr)}"
            )
        try:
            if httpx.get(f"{handle.api_base}/healthz", timeout=HTTP_TIMEOUT_S).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(POLL_S)
    raise TimeoutError(f"simulator not healthy after {READY_TIMEOUT_S} s:\n{_read(stderr)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(STOP_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _read(stderr: IO[bytes]) -> str:
    stderr.seek(0)
    return stderr.read().decode(errors="replace")[-4000:]
