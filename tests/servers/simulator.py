"""Start a real simulator in a subprocess for tests: `with running_simulator(2) as sim: ...`."""

from __future__ import annotations

import os
import random
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

from simulator.settings import ONVIF_PASSWORD_ENV

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_CACHE_DIR = REPO_ROOT / "var" / "cache" / "sim"  # shared, so tests encode clips once
READY_TIMEOUT_S = 60.0  # a first start encodes every clip: ~1 s per camera on two cores
STOP_TIMEOUT_S = 10.0  # clean shutdown takes well under a second
HTTP_TIMEOUT_S = 5.0
POLL_S = 0.2
ONVIF_USER = ONVIF_PASSWORD = "admin"  # test credentials only; the simulator needs them set
PORT_RANGE = (20_000, 30_000)  # below Linux's ephemeral ports, so clients do not take them
PORT_RANGE_TRIES = 50


SENSOR_TOKEN_ENV = "SIMULATOR_SENSOR_TOKEN"


@dataclass(frozen=True)
class SensorFeed:
    """Where the simulated sensors post, with which token, how often."""

    url: str
    token: str
    interval_s: float = 0.5


@dataclass(frozen=True)
class SimulatorHandle:
    host: str
    rtsp_port: int
    api_port: int
    process: subprocess.Popen[bytes]
    onvif_port: int = 0  # cam-N's device is on onvif_port + N - 1; 0: ONVIF off
    discovery_port: int = 0  # WS-Discovery unicast port; 0: none

    @property
    def api_base(self) -> str:
        return f"http://{self.host}:{self.api_port}"

    def onvif_port_of(self, camera_id: str) -> int:
        """The ONVIF device port of `cam-N`."""
        if not self.onvif_port:
            raise RuntimeError("started without onvif=True")
        return self.onvif_port + int(camera_id.removeprefix("cam-")) - 1

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

    def set_sensor_fault(self, sensor_id: str, on: bool) -> dict[str, Any]:
        url = f"{self.api_base}/sensors/{sensor_id}/fault"
        response = httpx.post(url, json={"on": on}, timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]

    def cameras(self) -> list[dict[str, Any]]:
        response = httpx.get(f"{self.api_base}/cameras", timeout=HTTP_TIMEOUT_S)
        response.raise_for_status()
        return response.json()  # type: ignore[no-any-return]


def free_port(host: str = "127.0.0.1", kind: socket.SocketKind = socket.SOCK_STREAM) -> int:
    with closing(socket.socket(socket.AF_INET, kind)) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def free_port_range(count: int, host: str = "127.0.0.1") -> int:
    """The first of `count` consecutive TCP ports that are free now."""
    for _ in range(PORT_RANGE_TRIES):
        base = random.randrange(PORT_RANGE[0], PORT_RANGE[1] - count)
        if all(_is_free(host, port) for port in range(base, base + count)):
            return base
    raise OSError(f"no {count} consecutive free ports in {PORT_RANGE}")


def _is_free(host: str, port: int) -> bool:
    with closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


@contextmanager
def running_simulator(
    cameras: int = 2,
    faults: dict[str, str] | None = None,
    cache_dir: Path | None = None,
    scenes: dict[str, str] | None = None,
    onvif: bool = False,
    sensors: SensorFeed | None = None,
    discovery_port: int | None = None,
) -> Iterator[SimulatorHandle]:
    """`onvif=True` adds a device per camera (user/password "admin") and a WS-Discovery
    responder on a free UDP port, or on `discovery_port` (3702 takes multicast probes too);
    `handle.onvif_port_of("cam-2")` is the second device's port.
    `sensors` makes it post sensor readings; `handle.set_sensor_fault` pushes one over."""
    host, rtsp_port, api_port = "127.0.0.1", free_port(), free_port()
    onvif_port = free_port_range(cameras) if onvif else 0
    if discovery_port is None:
        discovery_port = free_port(kind=socket.SOCK_DGRAM) if onvif else 0
    command = [sys.executable, "-m", "simulator", "--cameras", str(cameras), "--host", host]
    command += ["--rtsp-port", str(rtsp_port), "--api-port", str(api_port)]
    command += ["--cache-dir", str(cache_dir or SHARED_CACHE_DIR)]
    command += ["--onvif-port", str(onvif_port), "--discovery-port", str(discovery_port)]
    for camera_id, kind in (faults or {}).items():
        command += ["--fault", f"{camera_id}={kind}"]
    for camera_id, scene in (scenes or {}).items():
        command += ["--scene", f"{camera_id}={scene}"]
    env = {**os.environ, ONVIF_PASSWORD_ENV: ONVIF_PASSWORD} if onvif else dict(os.environ)
    if sensors is not None:
        command += ["--sensors-url", sensors.url, "--sensors-token-env", SENSOR_TOKEN_ENV]
        command += ["--sensors-interval", str(sensors.interval_s)]
        env[SENSOR_TOKEN_ENV] = sensors.token
    with tempfile.TemporaryFile() as stderr:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr
        )
        handle = SimulatorHandle(host, rtsp_port, api_port, process, onvif_port, discovery_port)
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
