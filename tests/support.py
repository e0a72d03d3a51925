"""Helpers the integration and end-to-end tests share: a real command centre on a free port."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

import httpx
import websockets
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
def running_command_center(
    config: dict[str, Any],
    workdir: Path,
    extra_args: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
) -> Iterator[str]:
    """`command-center serve` in a subprocess; yields its base URL once the API answers."""
    path = workdir / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    log = (workdir / "command-center.log").open("wb")
    env = os.environ | {"PYTHONUNBUFFERED": "1"} | (extra_env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "command_center", "serve", "--config", str(path), *extra_args],
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


class LiveFeed:
    """Collects websocket messages in a background thread for the whole module."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.messages: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()

    async def _run(self) -> None:
        async with websockets.connect(self.url) as ws:
            while not self._stop.is_set():
                try:
                    self.messages.append(json.loads(await asyncio.wait_for(ws.recv(), 0.5)))
                except TimeoutError:
                    continue

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)


class SilentServer:
    """Accepts RTSP connections and answers nothing: a hung camera or a dead proxy."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.clients: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            self.clients.append(client)


class UnauthorizedServer(SilentServer):
    """Speaks just enough RTSP to refuse every request with 401, as a camera with another
    password does; FFmpeg retries with digest credentials and is refused again."""

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._refuse, args=(client,), daemon=True).start()

    @staticmethod
    def _refuse(client: socket.socket) -> None:
        with client:
            while request := client.recv(4096).decode(errors="replace"):
                cseq = next(
                    (
                        line.split(":", 1)[1].strip()
                        for line in request.split("\r\n")
                        if line.lower().startswith("cseq:")
                    ),
                    "1",
                )
                client.sendall(
                    f"RTSP/1.0 401 Unauthorized\r\nCSeq: {cseq}\r\n"
                    'WWW-Authenticate: Digest realm="cam", nonce="0a4f113b"\r\n\r\n'.encode()
                )
