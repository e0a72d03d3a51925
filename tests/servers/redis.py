"""A real redis-server for tests and benchmarks (`RedisServer(tmp_dir, port).start()`).

Nothing is saved to disk (`--save "" --appendonly no`), so a restart starts empty, as a
Redis without persistence does after a crash.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"  # Debian's package
READY_TIMEOUT_S = 5.0  # redis-server accepts connections within ~50 ms
STOP_TIMEOUT_S = 5.0  # it exits at once on SIGTERM when it has nothing to save
POLL_S = 0.02


class RedisServer:
    """One redis-server process on a fixed port, which can be stopped and started again."""

    def __init__(self, workdir: Path, port: int) -> None:
        self.workdir = workdir
        self.port = port
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.workdir)]
        args += ["--save", "", "--appendonly", "no", "--logfile", "redis.log"]
        self._process = subprocess.Popen([REDIS_SERVER, *args], stdin=subprocess.DEVNULL)
        self._wait_ready()

    def stop(self) -> None:
        if self._process is None:
            return
        self._process.terminate()
        try:
            self._process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process = None

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + READY_TIMEOUT_S
        while time.monotonic() < deadline:
            if self._process is not None and self._process.poll() is not None:
                raise RuntimeError(f"redis-server exited; see {self.workdir / 'redis.log'}")
            if _answers(self.port):
                return
            time.sleep(POLL_S)
        raise RuntimeError(f"redis-server not ready in {READY_TIMEOUT_S} s")


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=POLL_S * 10) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def redis_available() -> bool:
    return Path(REDIS_SERVER).exists()
