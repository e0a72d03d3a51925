"""Scaled mode on a real redis-server: the command centre serves without a gateway, a
`command-center gateway` process patrols the cameras, and events and commands cross Redis."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import yaml

from events.testing import RedisServer, redis_available
from simulator.testing import running_simulator
from support import REPO, fast_config, free_port, running_command_center, wait_for


@pytest.fixture(scope="module")
def redis(tmp_path_factory) -> Iterator[RedisServer]:
    if not redis_available():
        pytest.fail("redis-server is missing: `make test` installs it (Debian package)")
    server = RedisServer(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def system(redis, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("scaled")
    env = {"REDIS_URL": redis.url}
    with running_simulator(cameras=2) as sim:
        config = fast_config({c: sim.rtsp_url(c) for c in ("cam-1", "cam-2")}, free_port())
        with running_command_center(config, workdir, ("--no-gateway",), env) as base:
            log = workdir / "gateway.log"
            gateway = start_gateway(workdir / "config.yaml", log, env)
            try:
                yield sim, base, log
            finally:
                gateway.terminate()
                gateway.wait(15)


def start_gateway(config: Path, log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "command_center", "gateway", "--config", str(config)]
    return subprocess.Popen(
        [*command, "--id", "gw-1"],
        cwd=REPO,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"} | env,
    )


def cameras(base: str) -> dict[str, dict]:
    return {c["id"]: c for c in httpx.get(f"{base}/api/cameras").json()}


def test_the_gateway_process_feeds_the_command_centre_through_redis(system):
    _, base, _ = system
    wait_for(
        lambda: all(c["state"] == "online" and c["last_sample_at"] for c in cameras(base).values()),
        timeout=40,
        what="both cameras online with samples, from the gateway process",
    )


def test_an_alert_raised_in_the_gateway_reaches_the_console(system):
    sim, base, _ = system
    sim.set_fault("cam-1", "black")
    try:
        wait_for(lambda: "dark" in cameras(base)["cam-1"]["alerts"], 30, "a dark alert on cam-1")
    finally:
        sim.set_fault("cam-1", "normal")


def test_a_command_reaches_the_gateway_process(system):
    _, base, log = system
    assert httpx.post(f"{base}/api/cameras/cam-2/reference").status_code == 202
    wait_for(
        lambda: "cam-2: new reference view requested" in log.read_text(errors="replace"),
        15,
        "the gateway to take the command",
    )


def test_a_gateway_without_redis_url_refuses_to_start(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(yaml.safe_dump(fast_config({"cam-1": "rtsp://127.0.0.1:1/x"}, 1)))
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "command_center", "gateway", "--config", str(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "REDIS_URL" in done.stdout
