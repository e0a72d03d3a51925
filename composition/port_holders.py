"""Which of the ports a program needs are taken, and by which process: checked before starting.

A port is taken when binding it the way our servers do (SO_REUSEADDR, so a connection of an
earlier run still in TIME_WAIT does not count) fails. The holder is found as `ss -ltnp` does:
the listening socket's inode in /proc/net/tcp{,6}, then the process with that inode among its
open files. Without /proc (not Linux), or for another user's process, only the port is named.
"""

from __future__ import annotations

import socket
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TCP_TABLES = ("net/tcp", "net/tcp6")
TCP_LISTEN = "0A"  # the state column of a listening socket in /proc/net/tcp
MAX_COMMAND_CHARS = 200  # a command line shown in a refusal: enough to recognise it


@dataclass(frozen=True)
class WantedPort:
    what: str  # "command centre (HTTP)", "simulator RTSP", ...
    host: str
    port: int


@dataclass(frozen=True)
class Holder:
    pid: int
    command: str


@dataclass(frozen=True)
class TakenPort:
    wanted: WantedPort
    holders: tuple[Holder, ...]


def taken_ports(wanted: Iterable[WantedPort], proc: Path = PROC) -> list[TakenPort]:
    return [TakenPort(w, tuple(holders(w.port, proc))) for w in wanted if is_taken(w)]


def is_taken(wanted: WantedPort) -> bool:
    family = socket.AF_INET6 if ":" in wanted.host else socket.AF_INET
    with closing(socket.socket(family, socket.SOCK_STREAM)) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((wanted.host, wanted.port))
        except OSError:
            return True
    return False


def listening_inodes(table: str, port: int) -> set[int]:
    """Inodes of the sockets listening on `port` in a /proc/net/tcp table's text."""
    inodes = set()
    for line in table.splitlines()[1:]:
        fields = line.split()
        if len(fields) < 10 or fields[3] != TCP_LISTEN:
            continue
        if int(fields[1].rpartition(":")[2], 16) == port:
            inodes.add(int(fields[9]))
    return inodes


def holders(port: int, proc: Path = PROC) -> list[Holder]:
    inodes: set[int] = set()
    for table in TCP_TABLES:
        inodes |= listening_inodes(_read(proc / table), port)
    links = {f"socket:[{inode}]" for inode in inodes if inode}
    if not links:
        return []
    return [Holder(pid, command_line(proc, pid)) for pid in _pids_holding(proc, links)]


def command_line(proc: Path, pid: int) -> str:
    raw = _read(proc / str(pid) / "cmdline")
    return " ".join(raw.replace("\0", " ").split())[:MAX_COMMAND_CHARS] or "?"


def refusal(taken: list[TakenPort]) -> str:
    """What to print when ports are taken: each port, what it was for, and who holds it."""
    lines = ["error: ports needed are taken; stop what holds them and start again:"]
    for item in taken:
        w = item.wanted
        who = "; ".join(f"pid {h.pid}: {h.command}" for h in item.holders)
        lines.append(f"  {w.host}:{w.port} ({w.what}) held by {who or 'a process not shown here'}")
    return "\n".join(lines)


def _pids_holding(proc: Path, links: set[str]) -> list[int]:
    found = []
    for entry in proc.glob("[0-9]*"):
        try:
            if any(_link(fd) in links for fd in (entry / "fd").iterdir()):
                found.append(int(entry.name))
        except OSError:  # gone meanwhile, or another user's: not ours to see
            continue
    return sorted(found)


def _link(path: Path) -> str:
    try:
        return str(path.readlink())
    except OSError:
        return ""


def _read(path: Path) -> str:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return ""
