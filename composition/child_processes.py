"""A child process (the demo's simulator) that lives exactly as long as its parent.

Three ways a parent ends, each covered:
- a signal (SIGTERM from a service manager or `kill`, SIGHUP from a closed terminal, SIGINT):
  `exit_on_signals` turns SIGTERM and SIGHUP into SystemExit as Python already does SIGINT, so
  `supervised` stops the child in its `finally`. (uvicorn catches SIGTERM while it serves, shuts
  down, then raises the signal again: with the default handler that killed the parent before
  any `finally` ran, leaving the child behind.)
- an exception: the same `finally`.
- SIGKILL or a crash of the interpreter: nothing of ours runs, so on Linux the child asks the
  kernel, before it runs its program, to send it SIGTERM when its parent dies
  (`prctl(PR_SET_PDEATHSIG)`; strictly when the thread that started it ends, so start children
  from the main thread, as the demo does); the simulator also watches its parent id
  (`--parent-pid`).

While the child runs, a thread waits for it: a child that dies on its own is reported at once.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from types import FrameType

log = logging.getLogger(__name__)

STOP_TIMEOUT_S = 10.0  # the simulator stops its servers in under a second; then SIGKILL
WATCHER_JOIN_S = 1.0  # the watcher returns as soon as the child is reaped
PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
EXIT_SIGNALS = (signal.SIGTERM, signal.SIGHUP)  # SIGINT already raises KeyboardInterrupt
# The C library Python runs on, looked up once here: after fork the child only calls into it.
_LIBC = ctypes.CDLL(None) if sys.platform == "linux" else None

Report = Callable[[str], None]


def signal_exit_code(signum: int) -> int:
    """The shell's code for a process ended by `signum` (143 for SIGTERM)."""
    return 128 + signum


@contextmanager
def exit_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP raise SystemExit in the main thread while inside, so every `finally`
    (and `supervised`) runs. Outside the main thread (tests) nothing changes."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(signal_exit_code(signum))

    previous = {sig: signal.signal(sig, handle) for sig in EXIT_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def supervised(
    command: Sequence[str], name: str, report: Report | None = None
) -> Iterator[subprocess.Popen[bytes]]:
    """Runs `command` as a child that ends with this process; stops it on leaving. If it exits
    before that, `report` (default: a line on stderr) is told why."""
    process = start_child(command)
    stopping = threading.Event()
    watcher = threading.Thread(
        target=_watch, args=(process, name, stopping, report or _to_stderr), daemon=True
    )
    watcher.start()
    try:
        yield process
    finally:
        stopping.set()
        stop_child(process)
        watcher.join(WATCHER_JOIN_S)


def start_child(command: Sequence[str]) -> subprocess.Popen[bytes]:
    parent = os.getpid()
    return subprocess.Popen(list(command), preexec_fn=lambda: _die_with_parent(parent))


def stop_child(process: subprocess.Popen[bytes], timeout_s: float = STOP_TIMEOUT_S) -> int:
    """SIGTERM, then SIGKILL after `timeout_s`; the child's exit code."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            log.warning("child %d did not stop within %g s: killed", process.pid, timeout_s)
            process.kill()
    return process.wait()


def death_message(name: str, pid: int, code: int) -> str:
    how = f"was killed by {signal.Signals(-code).name}" if code < 0 else f"exited with code {code}"
    return (
        f"error: the {name} (pid {pid}) {how} while the demo runs; its cameras lose their "
        "signal and no sensor readings come. Its log is above. Stop the demo (Ctrl-C) and start "
        "it again."
    )


def _watch(
    process: subprocess.Popen[bytes], name: str, stopping: threading.Event, report: Report
) -> None:
    code = process.wait()
    if not stopping.is_set():
        report(death_message(name, process.pid, code))


def _to_stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _die_with_parent(parent: int) -> None:
    """In the child, between fork and exec: SIGTERM when the parent dies (Linux). If the parent
    died before this ran, the child exits now: no signal would ever come."""
    if _LIBC is not None:
        _LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)
