"""`command-center demo` and its simulator child: they end together, however the demo ends; a
demo whose ports are taken refuses to start and names them; a simulator that dies is reported."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from contextlib import closing

from demo_support import (
    END_TIMEOUT_S,
    START_TIMEOUT_S,
    free_demo_ports,
    has_ended,
    port_is_free,
    running_demo,
    start_demo,
    wait_until,
)

from servers.simulator import REPO_ROOT, SHARED_CACHE_DIR, free_port


def test_sigterm_stops_the_demo_and_its_simulator_and_frees_every_port(tmp_path):
    with running_demo(tmp_path) as demo:
        simulator = demo.simulator_pid()
        demo.process.send_signal(signal.SIGTERM)
        demo.process.wait(END_TIMEOUT_S)
        wait_until(lambda: has_ended(simulator), END_TIMEOUT_S, demo)
        assert [port for port in demo.ports.all() if not port_is_free(port)] == []


def test_sigkill_of_the_demo_ends_its_simulator(tmp_path):
    with running_demo(tmp_path) as demo:
        simulator = demo.simulator_pid()
        demo.process.kill()
        demo.process.wait(END_TIMEOUT_S)
        wait_until(lambda: has_ended(simulator), END_TIMEOUT_S, demo)


def test_the_demo_says_so_when_its_simulator_dies(tmp_path):
    with running_demo(tmp_path) as demo:
        simulator = demo.simulator_pid()
        os.kill(simulator, signal.SIGKILL)
        expected = f"error: the simulator (pid {simulator}) was killed by SIGKILL"
        wait_until(lambda: expected in demo.text(), END_TIMEOUT_S, demo)


def test_a_demo_whose_port_is_taken_refuses_to_start_and_names_the_port_and_holder(tmp_path):
    ports = free_demo_ports()
    with closing(socket.socket()) as holder:
        holder.bind(("127.0.0.1", ports.api))
        holder.listen()
        demo = start_demo(tmp_path, ports)
        try:
            code = demo.process.wait(END_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            demo.process.kill()
            raise
    assert code == 2
    text = demo.text()
    assert f"127.0.0.1:{ports.api} (simulator control API) held by pid {os.getpid()}" in text
    assert "simulator ready" not in text


def test_a_simulator_told_of_a_parent_that_is_not_its_own_stops_by_itself(tmp_path):
    """What the simulator does when its parent dies and it is handed to another (pid 1 here)."""
    command = [sys.executable, "-m", "simulator", "--cameras", "1", "--parent-pid", "1"]
    command += ["--rtsp-port", str(free_port()), "--api-port", str(free_port())]
    command += ["--cache-dir", str(SHARED_CACHE_DIR)]
    done = subprocess.run(
        command, cwd=REPO_ROOT, capture_output=True, text=True, timeout=START_TIMEOUT_S
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "parent process 1 is gone: shutting down" in done.stderr


def test_the_demos_onvif_devices_are_found_by_discover_without_host(tmp_path):
    with running_demo(tmp_path) as demo:
        done = subprocess.run(
            [sys.executable, "-m", "composition", "discover", "--timeout", "2"],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=START_TIMEOUT_S,
        )
        first = demo.ports.onvif
        for port in (first, first + 1):  # other demos on this machine may answer too
            assert f"http://127.0.0.1:{port}/onvif/device_service" in done.stdout


def test_the_demo_logs_changes_of_state_not_routine(tmp_path):
    with running_demo(tmp_path) as demo:
        # By cam-1's raise every camera has been sampled twice: cam-2's checks have sent their
        # confirming clears, and this test has polled the centre's HTTP port many times.
        wait_until(lambda: "camera cam-1: dark raised" in demo.text(), START_TIMEOUT_S, demo)
        text = demo.text()
    assert " cleared" not in text  # nothing was raised on cam-2, nor cleared on cam-1
    assert 'HTTP/1.1"' not in text  # uvicorn's access log
    assert "HTTP Request:" not in text  # httpx's line per request (the sensor posts)
    assert "WARNING" not in text
