"""Helpers the integration and end-to-end tests share: a real command centre on a free port."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import yaml

from simulator.testing import free_port

__all__ = ["free_port"]

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")


def fast_config(camera_urls: dict[str, str], port: int, **gateway: Any) -> dict[str, Any]:
    """A config for fast tests: sample every second, alert after 2 samples, clear after 2."""
    settings = {
        "sample_interval_s": 1,
        "signal_timeout_s": 4,
        "reconnect_max_s": 2,
        "open_timeout_s": 3,
        "read_timeout_s": 3,
        "alerts": {"raise_after": 2, "clear_after": 2},
    } | gateway
    ids = list(camera_urls)
    return {
        "server": {"host": "127.0.0.1", "port": port},
        "gateway": settings,
        "cameras": [{"id": i, "name": f"Camera {i}", "url": url} for i, url in camera_urls.items()],
        "walls": [{"id": "main", "name": "Test wall", "rows": 3, "cols": 3, "cameras": ids}],
    }


@contextmanager
def running_command_center(config: dict[str, Any], workdir: Path) -> Iterator[str]:
    """`command-center serve` in a subprocess; yields its base URL once the API answers."""
    path = workdir / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    log = (workdir / "command-center.log").open("wb")
    env = os.environ | {"PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "command_center", "serve", "--config", str(path)],
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{config['server']['port']}"
    try:
        wait_for(lambda: _answers(base, process, workdir), timeout=30, what="command centre")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _answers(base: str, process: subprocess.Popen[bytes], workdir: Path) -> bool:
    if process.poll() is not None:
        output = (workdir / "command-center.log").read_text(errors="replace")
        raise RuntimeError(f"command centre exited {process.returncode}:\n{output}")
    try:
        return httpx.get(f"{base}/api/cameras", timeout=1).status_code == 200
    except httpx.HTTPError:
        return False


def wait_for(probe: Callable[[], T | None], timeout: float, what: str, every: float = 0.3) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)
