"""A child that ends with its parent: the messages and the signal plumbing, without a demo."""

import signal
import subprocess
import sys
import time

import pytest

from composition.child_processes import (
    death_message,
    exit_on_signals,
    signal_exit_code,
    supervised,
)


def test_a_killed_child_and_an_exited_one_are_told_apart():
    killed, exited = death_message("simulator", 12, -9), death_message("simulator", 12, 1)
    assert "(pid 12) was killed by SIGKILL while the demo runs" in killed
    assert "(pid 12) exited with code 1 while the demo runs" in exited


def test_sigterm_inside_becomes_system_exit_so_finally_blocks_run():
    with pytest.raises(SystemExit) as exited, exit_on_signals():
        signal.raise_signal(signal.SIGTERM)
    assert exited.value.code == signal_exit_code(signal.SIGTERM) == 143
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back on leaving


def test_a_child_that_exits_on_its_own_is_reported():
    told: list[str] = []
    with supervised([sys.executable, "-c", "raise SystemExit(3)"], "simulator", told.append):
        wait_until(lambda: bool(told))
    assert len(told) == 1
    assert "error: the simulator (pid" in told[0]
    assert "exited with code 3 while the demo runs" in told[0]


def test_a_child_we_stop_is_not_reported_as_dead():
    told: list[str] = []
    sleeper = [sys.executable, "-c", "import time; time.sleep(60)"]
    with supervised(sleeper, "simulator", told.append) as p:
        pass
    assert p.returncode == -signal.SIGTERM
    assert told == []


def wait_until(condition, timeout_s: float = 30.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        time.sleep(0.02)


@pytest.mark.skipif(sys.platform != "linux", reason="PR_SET_PDEATHSIG is Linux's")
def test_a_child_ends_when_its_parent_is_killed_with_no_watch_of_its_own():
    parent_code = (
        "import time; from composition.child_processes import start_child; "
        "print(start_child(['sleep', '60']).pid, flush=True); time.sleep(60)"
    )
    parent = subprocess.Popen([sys.executable, "-c", parent_code], stdout=subprocess.PIPE)
    try:
        child = int(parent.stdout.readline())
    finally:
        parent.kill()
        parent.wait()
    wait_until(lambda: _ended(child))


def _ended(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rpartition(")")[2].split()[0] in ("Z", "X")  # unreaped: ended
    except OSError:
        return True
