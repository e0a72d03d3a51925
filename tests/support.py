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

from command_center.areas.tree import AreaTree
from command_center.auth.service import AuthService
from command_center.auth.settings import AuthConfig
from command_center.store.database import Database
from servers.simulator import free_port

__all__ = ["free_port"]

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")
# The first admin of every test command centre (user `admin`).
ADMIN_PASSWORD = "test-root-password-4711"


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
    storage = {"DATABASE_URL": f"sqlite:///{workdir / 'command-centre.db'}"}
    env = os.environ | {"PYTHONUNBUFFERED": "1", "CC_ADMIN_PASSWORD": ADMIN_PASSWORD}
    env |= storage | (extra_env or {})
    process = subprocess.Popen(
        [sys.executable, "-m", "composition", "serve", "--config", str(path), *extra_args],
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
        return httpx.get(f"{base}/api/auth/me", timeout=1).status_code == 401
    except httpx.HTTPError:
        return False


def login(base: str, username: str = "admin", password: str = ADMIN_PASSWORD) -> str:
    """A bearer token of `username` on the command centre at `base`."""
    body = {"username": username, "password": password}
    response = httpx.post(f"{base}/api/auth/login", json=body, timeout=10)
    response.raise_for_status()
    token: str = response.json()["token"]
    return token


def prepared_database(path: Path) -> Database:
    """A migrated SQLite database under `path` whose admin has ADMIN_PASSWORD."""
    url = f"sqlite+aiosqlite:///{path / 'command-centre.db'}"

    async def prepare() -> None:
        database = Database(url)
        await database.migrate()
        service = AuthService(database, AreaTree([]), AuthConfig())
        await service.ensure_first_admin(ADMIN_PASSWORD)
        await database.aclose()

    asyncio.run(prepare())
    return Database(url)


def app_options(path: Path) -> dict[str, Any]:
    """create_app's keywords for a test app: a database under `path`, no frontend."""
    return {
        "database": Database(f"sqlite+aiosqlite:///{path / 'command-centre.db'}"),
        "admin_password": ADMIN_PASSWORD,
        "frontend_dist": path,
    }


def log_in(client: Any, username: str = "admin", password: str = ADMIN_PASSWORD) -> str:
    """Logs a TestClient in (its later requests carry the token); the token."""
    body = {"username": username, "password": password}
    response = client.post("/api/auth/login", json=body)
    response.raise_for_status()
    token: str = response.json()["token"]
    client.headers["Authorization"] = f"Bearer {token}"
    return token


_admin_tokens: dict[str, str] = {}


def api(base: str, token: str | None = None) -> httpx.Client:
    """An HTTP client of the command centre at `base`, logged in as the admin by default
    (one login per base URL)."""
    if token is None:
        token = _admin_tokens.get(base) or _admin_tokens.setdefault(base, login(base))
    headers = {"Authorization": f"Bearer {token}"}
    return httpx.Client(base_url=base, headers=headers, timeout=10)


def wait_for(probe: Callable[[], T | None], timeout: float, what: str, every: float = 0.3) -> T:
    deadline = time.monotonic() + timeout
    while True:
        value = probe()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


LIVE_TOPICS = ("alerts", "cameras", "sensors")


class LiveFeed:
    """Collects websocket messages in a background thread for the whole module, logged in as
    the admin and subscribed to the broad topics from their first message; answers the
    server's pings."""

    def __init__(self, base: str, token: str | None = None) -> None:
        self.url = base.replace("http", "ws", 1) + "/ws"
        self.token = token or login(base)
        self.messages: list[dict] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)
        self._thread.start()

    async def _run(self) -> None:
        async with websockets.connect(self.url) as ws:
            await ws.send(json.dumps({"type": "auth", "token": self.token}))
            topics = dict.fromkeys(LIVE_TOPICS, 0)  # from the start of the log: nothing missed
            await ws.send(json.dumps({"type": "subscribe", "topics": topics}))
            while not self._stop.is_set():
                try:
                    frame = await asyncio.wait_for(ws.recv(), 0.5)
                except TimeoutError:
                    continue
                for line in str(frame).splitlines():  # a frame may carry several messages
                    message = json.loads(line)
                    if message.get("type") == "ping":
                        await ws.send(json.dumps({"type": "pong"}))
                    self.messages.append(message)

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
