"""For tests of the bus: a real redis-server (`RedisServer(tmp_dir, port).start()`) and
sample events.

Nothing is saved to disk (`--save "" --appendonly no`), so a restart starts empty, as a
Redis without persistence does after a crash.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

from events.schema import (
    Alert,
    CameraStatus,
    CheckName,
    ConnectionState,
    Finding,
    SetReference,
    Snapshot,
    Verdict,
)

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


# Sample events for tests of the bus and of its users.
SAMPLE_TS = datetime(2026, 11, 25, tzinfo=UTC)
NOT_UTF8_JPEG = b"\xff\xd8\xff\xe0 not utf-8 \x80\xff"


def sample_snapshot(camera: str = "cam-1", jpeg: bytes = NOT_UTF8_JPEG) -> Snapshot:
    return Snapshot(camera_id=camera, ts=SAMPLE_TS, jpeg=jpeg, width=1, height=1)


def sample_alert(camera: str = "cam-1") -> Alert:
    return Alert(
        camera_id=camera,
        ts=SAMPLE_TS,
        check=CheckName.DARK,
        state="raised",
        score=0.0,
        region=(0.1, 0.2, 0.3, 0.4),
        evidence_jpeg=b"\xff\xd8 evidence",
    )


def sample_finding(score: float, camera: str = "cam-1") -> Finding:
    return Finding(
        camera_id=camera,
        ts=SAMPLE_TS,
        check=CheckName.BLUR,
        verdict=Verdict.PASS,
        score=score,
        threshold=1.0,
    )


def sample_status(camera: str = "cam-1") -> CameraStatus:
    return CameraStatus(camera_id=camera, ts=SAMPLE_TS, state=ConnectionState.ONLINE)


def sample_command(camera: str = "cam-1") -> SetReference:
    return SetReference(camera_id=camera, ts=SAMPLE_TS)
