"""`command-center demo`: the simulator (`python -m simulator`, a program of its own) started
as a child process beside the system, then the system served on its cameras."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time

import httpx

from composition.config import AppConfig, DemoSimulatorConfig
from composition.server import run_server

SIMULATOR_START_TIMEOUT_S = 120  # the first start encodes the clips; later starts take seconds
DEMO_TOKEN_BYTES = 24  # a made-up demo device token: 32 URL-safe characters


def run_demo(config: AppConfig, run_gateway: bool = True) -> None:
    sim_config = config.simulator or DemoSimulatorConfig()
    simulator = start_simulator(sim_config, sensor_feed(config, sim_config))
    try:
        print(
            f"simulator: rtsp://127.0.0.1:{sim_config.rtsp_port}/cam-1 … "
            f"control API http://127.0.0.1:{sim_config.api_port}/cameras",
            flush=True,
        )
        run_server(config, run_gateway=run_gateway, demo=True)
    finally:
        simulator.terminate()
        simulator.wait(10)


def sensor_feed(config: AppConfig, sim_config: DemoSimulatorConfig) -> list[str]:
    """The simulator's options to feed the config's sensors. The demo makes up a device token
    when the first token variable is unset: the simulator and this process share it."""
    if not (sim_config.sensors and config.sensors and config.sensor_input.token_envs):
        return []
    name = config.sensor_input.token_envs[0]
    if not os.environ.get(name):
        os.environ[name] = secrets.token_urlsafe(DEMO_TOKEN_BYTES)
    host = "127.0.0.1" if config.server.host in ("", "0.0.0.0", "::") else config.server.host
    url = f"http://{host}:{config.server.port}/api/sensors/readings"
    return ["--sensors-url", url, "--sensors-token-env", name]


def start_simulator(config: DemoSimulatorConfig, extra: list[str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "simulator",
        "--cameras",
        str(config.cameras),
        "--rtsp-port",
        str(config.rtsp_port),
        "--api-port",
        str(config.api_port),
    ]
    for camera_id, kind in config.faults.items():
        command += ["--fault", f"{camera_id}={kind}"]
    process = subprocess.Popen([*command, *extra])
    deadline = time.monotonic() + SIMULATOR_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: the simulator exited with code {process.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{config.api_port}/healthz", timeout=1).raise_for_status()
            return process
        except httpx.HTTPError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"error: the simulator did not start within {SIMULATOR_START_TIMEOUT_S} s")
