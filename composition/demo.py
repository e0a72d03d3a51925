"""`command-center demo`: the simulator (`python -m simulator`, a program of its own) started
as a child process beside the system, then the system served on its cameras.

The child ends with the demo however the demo ends (`child_processes`); the ports both need
are checked first (`port_holders`). docs/demo.md tells the operator's side.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time

import httpx

from composition import child_processes, port_holders
from composition.config import AppConfig, DemoSimulatorConfig
from composition.port_holders import WantedPort
from composition.server import run_server

SIMULATOR_HOST = "127.0.0.1"  # the simulator's default listen address, which the demo keeps
SIMULATOR_START_TIMEOUT_S = 120  # the first start encodes the clips; later starts take seconds
POLL_S = 0.5
DEMO_TOKEN_BYTES = 24  # a made-up demo device token: 32 URL-safe characters
ONVIF_PASSWORD_ENV = "SIMULATOR_ONVIF_PASSWORD"  # the simulator reads its password here
DEMO_PASSWORD_BYTES = 12  # a made-up demo ONVIF password: 16 URL-safe characters
EXIT_PORTS_TAKEN = 2


def run_demo(config: AppConfig, run_gateway: bool = True, access_log: bool = False) -> int:
    sim_config = config.simulator or DemoSimulatorConfig()
    taken = port_holders.taken_ports(wanted_ports(config, sim_config))
    if taken:
        print(port_holders.refusal(taken), file=sys.stderr)
        return EXIT_PORTS_TAKEN
    make_up_onvif_password(sim_config)
    line = command(sim_config, sensor_feed(config, sim_config), os.getpid())
    with child_processes.exit_on_signals(), child_processes.supervised(line, "simulator") as sim:
        wait_ready(sim, sim_config.api_port)
        print(
            f"simulator: rtsp://127.0.0.1:{sim_config.rtsp_port}/cam-1 … "
            f"control API http://127.0.0.1:{sim_config.api_port}/cameras",
            flush=True,
        )
        run_server(config, run_gateway=run_gateway, demo=True, access_log=access_log)
    return 0


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


def command(sim: DemoSimulatorConfig, extra: list[str], parent_pid: int) -> list[str]:
    line = [sys.executable, "-m", "simulator", "--cameras", str(sim.cameras)]
    line += ["--rtsp-port", str(sim.rtsp_port), "--api-port", str(sim.api_port)]
    line += ["--parent-pid", str(parent_pid)]
    if sim.onvif_port:
        line += ["--onvif-port", str(sim.onvif_port)]
    for camera_id, kind in sim.faults.items():
        line += ["--fault", f"{camera_id}={kind}"]
    return [*line, *extra]


def make_up_onvif_password(sim: DemoSimulatorConfig) -> None:
    """The simulator's devices and the config's ONVIF cameras read the same variable."""
    if sim.onvif_port and not os.environ.get(ONVIF_PASSWORD_ENV):
        os.environ[ONVIF_PASSWORD_ENV] = secrets.token_urlsafe(DEMO_PASSWORD_BYTES)


def wanted_ports(config: AppConfig, sim: DemoSimulatorConfig) -> list[WantedPort]:
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
    deadline = time.monotonic() + SIMULATOR_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: the simulator exited with code {process.returncode}")
        try:
            url = f"http://{SIMULATOR_HOST}:{api_port}/healthz"
            httpx.get(url, timeout=1).raise_for_status()
            return
        except httpx.HTTPError:
            time.sleep(POLL_S)
    raise SystemExit(f"error: the simulator did not start within {SIMULATOR_START_TIMEOUT_S} s")
