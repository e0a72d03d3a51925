"""Scaled mode on a real redis-server: the command centre serves without a gateway, two
`command-center gateway` processes share the cameras through leases, events and commands
cross Redis, and a gateway killed with SIGKILL has its cameras taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis
import yaml

from servers.redis import RedisServer, redis_available
from servers.simulator import SimulatorHandle, running_simulator
from support import REPO, api, fast_config, free_port, running_command_center, wait_for


@pytest.fixture(scope="module")
def redis_server_private(tmp_path_factory) -> Iterator[RedisServer]:
    if not redis_available():
        pytest.fail("redis-server is missing: `make test` installs it (Debian package)")
    server = RedisServer(tmp_path_factory.mktemp("redis"), free_port())
    server.start()
    yield server
    server.stop()


LEASE_S = 2.0
TAKEOVER_TARGET_S = 15.0
CAMERAS = ("cam-1", "cam-2", "cam-3", "cam-4")


@dataclass
class System:
    sim: SimulatorHandle
    base: str
    logs: dict[str, Path]
    gateways: dict[str, subprocess.Popen[bytes]]
    redis: redis.Redis

    def owners(self) -> dict[str, str | None]:
        return {c: _text(self.redis.get(f"cc:lease:{c}")) for c in CAMERAS}

    def logs_text(self) -> str:
        return "".join(p.read_text(errors="replace") for p in self.logs.values())


def _text(value: bytes | None) -> str | None:
    return value.decode() if value is not None else None


@pytest.fixture(scope="module")
def system(redis_server_private, postgres_server, tmp_path_factory):
    """The scaled layout: Redis Streams, PostgreSQL, a command centre and two gateways."""
    workdir = tmp_path_factory.mktemp("scaled")
    env = {"REDIS_URL": redis_server_private.url, "DATABASE_URL": postgres_server.create_database()}
    with running_simulator(cameras=len(CAMERAS)) as sim:
        urls = {c: sim.rtsp_url(c) for c in CAMERAS}
        config = fast_config(urls, free_port(), lease_s=LEASE_S)
        with running_command_center(config, workdir, ("--no-gateway",), env) as base:
            logs = {g: workdir / f"{g}.log" for g in ("gw-1", "gw-2")}
            gateways = {g: start_gateway(workdir / "config.yaml", g, logs[g], env) for g in logs}
            client = redis.Redis.from_url(redis_server_private.url)
            try:
                yield System(sim, base, logs, gateways, client)
            finally:
                for process in gateways.values():
                    process.terminate()
                for process in gateways.values():
                    process.wait(15)
                client.close()


def start_gateway(
    config: Path, gateway_id: str, log: Path, env: dict[str, str]
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "composition", "gateway", "--config", str(config)]
    return subprocess.Popen(
        [*command, "--id", gateway_id],
        cwd=REPO,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        env=os.environ | {"PYTHONUNBUFFERED": "1"} | env,
    )


def cameras(base: str) -> dict[str, dict]:
    return {c["id"]: c for c in api(base).get("/api/cameras").json()}


def test_the_gateway_processes_feed_the_command_centre_through_redis(system):
    base = system.base
    wait_for(
        lambda: all(c["state"] == "online" and c["last_sample_at"] for c in cameras(base).values()),
        timeout=40,
        what="both cameras online with samples, from the gateway process",
    )


def balanced(system: System) -> bool:
    owners = list(system.owners().values())
    return None not in owners and owners.count("gw-1") == owners.count("gw-2") == 2


def test_each_camera_is_held_by_one_gateway_and_each_gateway_holds_its_share(system):
    wait_for(lambda: balanced(system), 20, "the four cameras shared two and two")


def test_a_command_reaches_the_gateway_that_holds_the_camera(system):
    assert api(system.base).post("/api/cameras/cam-2/reference").status_code == 202
    owner = system.owners()["cam-2"]
    wait_for(
        lambda: "cam-2: new reference view requested" in system.logs[owner].read_text("utf-8"),
        15,
        "the owning gateway to take the command",
    )


def test_a_killed_gateways_cameras_are_taken_over_and_no_alert_is_raised_twice(system):
    system.sim.set_fault("cam-1", "black")
    wait_for(lambda: "dark" in cameras(system.base)["cam-1"]["alerts"], 30, "a dark alert")
    victim = system.owners()["cam-1"]
    survivor = "gw-2" if victim == "gw-1" else "gw-1"
    system.gateways[victim].send_signal(signal.SIGKILL)
    killed = time.monotonic()
    wait_for(
        lambda: set(system.owners().values()) == {survivor},
        TAKEOVER_TARGET_S,
        f"{survivor} to hold every camera",
    )
    taken_over = time.monotonic() - killed
    base_time = cameras(system.base)["cam-1"]["last_sample_at"]
    wait_for(
        lambda: cameras(system.base)["cam-1"]["last_sample_at"] != base_time,
        10,
        "cam-1 sampled again by the survivor",
    )
    time.sleep(3)  # the survivor's debounce sees the black camera too
    dark = [
        a
        for a in api(system.base).get("/api/alerts").json()
        if a["camera_id"] == "cam-1" and a["check"] == "dark"
    ]
    system.sim.set_fault("cam-1", "normal")
    assert taken_over <= 2 * LEASE_S + LEASE_S  # lease expiry, then one renewal cycle, then slack
    assert len(dark) == 1 and dark[0]["cleared_at"] is None


def test_a_gateway_without_redis_url_refuses_to_start(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text(yaml.safe_dump(fast_config({"cam-1": "rtsp://127.0.0.1:1/x"}, 1)))
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "composition", "gateway", "--config", str(config)],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 2 and "REDIS_URL" in done.stdout
