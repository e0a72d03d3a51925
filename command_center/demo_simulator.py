"""The simulator as `command-center demo` runs it: its command line, the ports it and the
centre need, and the wait until it answers."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time

import httpx

from command_center.config import AppConfig, SimulatorConfig
from command_center.port_holders import WantedPort

SIMULATOR_HOST = "127.0.0.1"  # the simulator's default listen address, which the demo keeps
START_TIMEOUT_S = 120  # the first start encodes the clips; later starts take seconds
POLL_S = 0.5
ONVIF_PASSWORD_ENV = "SIMULATOR_ONVIF_PASSWORD"  # the simulator reads its password here
DEMO_PASSWORD_BYTES = 12  # a made-up demo ONVIF password: 16 URL-safe characters


def command(sim: SimulatorConfig, extra: list[str], parent_pid: int) -> list[str]:
    line = [sys.executable, "-m", "simulator", "--cameras", str(sim.cameras)]
    line += ["--rtsp-port", str(sim.rtsp_port), "--api-port", str(sim.api_port)]
    line += ["--parent-pid", str(parent_pid)]
    if sim.onvif_port:
        line += ["--onvif-port", str(sim.onvif_port)]
    for camera_id, kind in sim.faults.items():
        line += ["--fault", f"{camera_id}={kind}"]
    return [*line, *extra]


def make_up_onvif_password(sim: SimulatorConfig) -> None:
    """The simulator's devices and the config's ONVIF cameras read the same variable."""
    if sim.onvif_port and not os.environ.get(ONVIF_PASSWORD_ENV):
        os.environ[ONVIF_PASSWORD_ENV] = secrets.token_urlsafe(DEMO_PASSWORD_BYTES)


def wanted_ports(config: AppConfig, sim: SimulatorConfig) -> list[WantedPort]:
    ports = [
        WantedPort("command centre (HTTP)", config.server.host or "0.0.0.0", config.server.port),
        WantedPort("simulator RTSP", SIMULATOR_HOST, sim.rtsp_port),
        WantedPort("simulator control API", SIMULATOR_HOST, sim.api_port),
    ]
    if sim.onvif_port:
        for n in range(sim.cameras):
            port = sim.onvif_port + n
            ports.append(WantedPort(f"simulator ONVIF cam-{n + 1}", SIMULATOR_HOST, port))
    return ports


def wait_ready(process: subprocess.Popen[bytes], api_port: int) -> None:
    """Returns once the control API answers; SystemExit if the simulator ends or is too slow."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: the simulator exited with code {process.returncode}")
        try:
            url = f"http://{SIMULATOR_HOST}:{api_port}/healthz"
            httpx.get(url, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(POLL_S)
    raise SystemExit(f"error: the simulator did not start within {START_TIMEOUT_S} s")
