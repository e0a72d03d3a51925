"""Gateway takeover, for `bench.ingest`: two `command-center gateway` processes share the
cameras through Redis leases; one is killed with SIGKILL; how long until each of its cameras
is checked again, and whether any alert shows twice in the command centre."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
import redis
import yaml

from tests.servers.redis import RedisServer
from tests.servers.simulator import REPO_ROOT, free_port, running_simulator

TARGET_S = 15.0
# The command centre's first admin (user `admin`), created at its first start from this variable.
ADMIN_PASSWORD = "bench-takeover-password-4711"
SETTLE_TIMEOUT_S = 60.0
AFTER_TIMEOUT_S = 40.0


def run(cameras: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        server = RedisServer(work, free_port())
        server.start()
        try:
            with running_simulator(cameras) as sim:
                return _scenario(work, server.url, sim, cameras)
        finally:
            server.stop()


def _scenario(work: Path, url: str, sim: Any, count: int) -> dict[str, Any]:
    ids = [f"cam-{i}" for i in range(1, count + 1)]
    port = free_port()
    config = work / "config.yaml"
    config.write_text(yaml.safe_dump(_config(sim, ids, port)))
    env = os.environ | {"REDIS_URL": url, "PYTHONUNBUFFERED": "1"}
    centre_env = env | {
        "CC_ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DATABASE_URL": f"sqlite:///{work / 'command-centre.db'}",
    }
    processes = [_start(["serve", "--no-gateway"], config, centre_env, work / "centre.log")]
    for gateway in ("gw-a", "gw-b"):
        processes.append(_start(["gateway", "--id", gateway], config, env, work / f"{gateway}.log"))
    client = redis.Redis.from_url(url)
    api: httpx.Client | None = None
    try:
        api = _wait(lambda: _login(f"http://127.0.0.1:{port}"), SETTLE_TIMEOUT_S, "login")
        owners = _wait(lambda: _balanced(client, ids), SETTLE_TIMEOUT_S, "leases balanced")
        victim_cameras = [c for c, o in owners.items() if o == "gw-a"]
        sim.set_fault(victim_cameras[0], "black")
        _wait(lambda: _alerted(api, victim_cameras[0]), SETTLE_TIMEOUT_S, "a dark alert")
        before = _samples(api)
        processes[1].send_signal(signal.SIGKILL)
        killed = time.monotonic()
        checked_again = _wait_checked(api, before, victim_cameras, killed)
        time.sleep(5)  # the survivor raises the black camera's alert on its own debounce
        dark = [a for a in _alerts(api) if a["camera_id"] == victim_cameras[0]]
    finally:
        if api is not None:
            api.close()
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            process.wait(15)
        client.close()
    worst = max(checked_again.values()) if checked_again else None
    return {
        "cameras": count,
        "victim_cameras": len(victim_cameras),
        "lease_s": 5.0,
        "worst_checked_again_s": round(worst, 2) if worst is not None else None,
        "cameras_checked_again": len(checked_again),
        "dark_alerts_for_the_black_camera": len(dark),
        "target_met": worst is not None
        and worst <= TARGET_S
        and len(checked_again) == len(victim_cameras)
        and len(dark) == 1,
    }


def _config(sim: Any, ids: list[str], port: int) -> dict[str, Any]:
    return {
        "server": {"host": "127.0.0.1", "port": port},
        "gateway": {"sample_interval_s": 2, "alerts": {"raise_after": 2, "clear_after": 2}},
        "cameras": [{"id": c, "name": c, "url": sim.rtsp_url(c)} for c in ids],
        "walls": [],
    }


def _start(
    args: list[str], config: Path, env: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "composition", *args, "--config", str(config)]
    return subprocess.Popen(
        command, cwd=REPO_ROOT, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env
    )


def _wait(probe: Any, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            value = probe()
        except (httpx.HTTPError, redis.RedisError):
            value = None
        if value:
            return value
        time.sleep(0.2)
    raise TimeoutError(f"takeover bench: no {what} after {timeout} s")


def _balanced(client: redis.Redis, ids: list[str]) -> dict[str, str] | None:
    raw = {c: client.get(f"cc:lease:{c}") for c in ids}
    owners = {c: v.decode() for c, v in raw.items() if v is not None}
    counts = [list(owners.values()).count(g) for g in ("gw-a", "gw-b")]
    return owners if len(owners) == len(ids) and abs(counts[0] - counts[1]) <= 1 else None


def _login(base: str) -> httpx.Client | None:
    """A client with the admin's bearer token, once the command centre answers."""
    body = {"username": "admin", "password": ADMIN_PASSWORD}
    response = httpx.post(f"{base}/api/auth/login", json=body, timeout=10)
    if response.status_code != 200:
        return None
    token = response.json()["token"]
    return httpx.Client(base_url=base, headers={"Authorization": f"Bearer {token}"}, timeout=10)


def _get(api: httpx.Client, path: str) -> Any:
    response = api.get(path)
    response.raise_for_status()
    return response.json()


def _samples(api: httpx.Client) -> dict[str, str | None]:
    return {c["id"]: c["last_sample_at"] for c in _get(api, "/api/cameras")}


def _alerts(api: httpx.Client) -> list[dict[str, Any]]:
    return [a for a in _get(api, "/api/alerts") if a["check"] == "dark"]


def _alerted(api: httpx.Client, camera: str) -> bool:
    return any(a["camera_id"] == camera for a in _alerts(api))


def _wait_checked(
    api: httpx.Client, before: dict[str, str | None], cameras: list[str], killed: float
) -> dict[str, float]:
    checked: dict[str, float] = {}
    while len(checked) < len(cameras) and time.monotonic() - killed < AFTER_TIMEOUT_S:
        now = _samples(api)
        for camera in cameras:
            if camera not in checked and now.get(camera) != before.get(camera):
                checked[camera] = time.monotonic() - killed
        time.sleep(0.2)
    return checked
