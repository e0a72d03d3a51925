"""`python -m bench.hub [--duration 60] [--clients 200] [--rate 1000]`: the hub under load.

A real `command-center serve --no-gateway` on Redis Streams (a real redis-server) and SQLite;
the bench publishes `Alert` events on the bus at `rate` a second (raised and cleared in turn, so
each becomes one `alerts` message) to `clients` websocket clients subscribed to `alerts`, all
logged in with one admin token by first message. The clients are JavaScript, as in the
browsers the hub serves (bench/clients/hub_clients.mjs, on the `ws` package), in two Node.js
processes. Each phase gets a new redis-server and command centre, so none inherits another's
backlog.

(1) steady: delivery latency (the event's time to the client's receipt, same clock), messages
    lost or out of order per client (target: none), p99 (target: under 100 ms).
(2) one slow client (a raw socket that never reads) beside the others: their p99 change
    (target: at most 20 %).
(3) restart: the server gets SIGTERM while the bench keeps publishing, starts again on the same
    database; every client reconnects at once with `since`: all resumed with nothing missing,
    failed handshakes and 5xx counted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import numpy as np
import websockets
import yaml

from bench.provenance import add_output_argument, provenance, summary_line, write_results
from events.redis_bus import RedisBus
from events.schema import Alert, CheckName
from tests.servers.redis import RedisServer
from tests.servers.simulator import REPO_ROOT, free_port

# --quick (make bench-quick): a smoke run that only has to show nothing crashes.
QUICK_DURATION_S, QUICK_CLIENTS, QUICK_RATE = 5.0, 100, 100
QUICK_RESTART_PHASE_S = 10.0  # the restart comes RESTART_AT_S into it
QUICK_DRAIN_S = 3.0
PASSWORD = "bench-root-password-1234"
CAMERAS = [f"cam-{i}" for i in range(1, 11)]
CHECKS = [CheckName.DARK, CheckName.FROZEN, CheckName.COVERED, CheckName.BLUR]
WORKERS = 2
DRAIN_S = 10.0  # after the last event: time for every client to get everything
RESTART_AT_S = 5.0  # into the restart phase
STOP_TIMEOUT_S = 60.0  # SIGTERM, then SIGKILL
PUBLISH_EVERY_S = 0.01  # the events due by then go in one round trip, as a gateway batches
CLIENTS_SCRIPT = Path(__file__).resolve().parent / "clients" / "hub_clients.mjs"


def say(text: str) -> None:
    print(f"[hub {datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


class Server:
    """`command-center serve --no-gateway` on SQLite under `work`; on Redis at `redis_url`, or
    on the in-process bus without it."""

    def __init__(self, work: Path, redis_url: str | None) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.work = work
        self.config = work / "config.yaml"
        cameras = [{"id": c, "name": c, "url": f"rtsp://127.0.0.1:9/{c}"} for c in CAMERAS]
        self.config.write_text(yaml.safe_dump({"server": {"port": self.port}, "cameras": cameras}))
        bus = {"REDIS_URL": redis_url} if redis_url else {}
        self.env = (
            {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
            | bus
            | {
                "DATABASE_URL": f"sqlite:///{work / 'command-centre.db'}",
                "CC_ADMIN_PASSWORD": PASSWORD,
                "PYTHONUNBUFFERED": "1",
            }
        )
        self.log = work / "command-centre.log"
        self.process: subprocess.Popen[bytes] | None = None
        self.killed = 0  # times SIGTERM was not enough

    def start(self) -> None:
        command = [sys.executable, "-m", "composition", "serve", "--config", str(self.config)]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [*command, "--no-gateway"], cwd=REPO_ROOT, env=self.env, stdout=log, stderr=log
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.base}/api/auth/me", timeout=1).status_code == 401:
                    return
            time.sleep(0.1)
        raise RuntimeError(f"command centre did not start; see {self.log}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                self.killed += 1
                self.process.kill()
                self.process.wait()

    def cpu_seconds(self) -> float:
        """User and system time of the command centre so far (0 once it has exited)."""
        if self.process is None or self.process.poll() is not None:
            return 0.0
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def login(self) -> str:
        body = {"username": "admin", "password": PASSWORD}
        response = httpx.post(f"{self.base}/api/auth/login", json=body, timeout=10)
        response.raise_for_status()
        return str(response.json()["token"])


@dataclass
class Tally:
    """One client's account of what it got (bench/clients/hub_clients.mjs keeps it)."""

    first: int | None = None
    last: int = 0
    received: int = 0
    lost: int = 0
    reordered: int = 0
    resyncs: int = 0
    failed_handshakes: int = 0
    http_5xx: int = 0
    refused: int = 0
    reconnects: int = 0
    latencies: list[float] = field(default_factory=list)  # seconds
    to_hub: list[float] = field(default_factory=list)  # of which, before the hub published it


class Clients:
    """`count` websocket clients in WORKERS Node.js processes."""

    def __init__(self, url: str, token: str, count: int, work: Path) -> None:
        shares = [count // WORKERS + (i < count % WORKERS) for i in range(WORKERS)]
        self.outputs = [work / f"clients-{i}.json" for i in range(WORKERS)]
        self.processes = [
            subprocess.Popen(
                ["node", str(CLIENTS_SCRIPT), url, token, str(n), str(out)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n, out in zip(shares, self.outputs, strict=True)
        ]

    def wait_ready(self) -> None:
        for process in self.processes:
            assert process.stdout is not None
            if process.stdout.readline().strip() != "ready":
                raise RuntimeError("the bench clients did not all subscribe")

    def stop(self) -> list[Tally]:
        for process in self.processes:
            assert process.stdin is not None
            process.stdin.write("stop\n")
            process.stdin.flush()
        for process in self.processes:
            process.wait(120)
        return [Tally(**raw) for out in self.outputs for raw in json.loads(out.read_text())]


class Publisher:
    def __init__(self, redis_url: str) -> None:
        self.redis_url = redis_url
        self.raised: dict[tuple[str, CheckName], bool] = {}
        self.count = 0

    def next_event(self) -> Alert:
        camera, check = CAMERAS[self.count % 10], CHECKS[(self.count // 10) % len(CHECKS)]
        state = "cleared" if self.raised.get((camera, check)) else "raised"
        self.raised[(camera, check)] = state == "raised"
        self.count += 1
        return Alert(camera_id=camera, ts=datetime.now(UTC), check=check, state=state, score=1.0)

    async def run(self, rate: int, seconds: float, at: dict[float, Any] | None = None) -> None:
        bus = RedisBus(self.redis_url)
        start = time.monotonic()
        pending = dict(at or {})
        background: list[asyncio.Task[Any]] = []
        try:
            while (elapsed := time.monotonic() - start) < seconds:
                while self.count < rate * elapsed:
                    bus.publish(self.next_event())
                for when in [w for w in pending if w <= elapsed]:
                    background.append(asyncio.create_task(asyncio.to_thread(pending.pop(when))))
                await asyncio.sleep(PUBLISH_EVERY_S)
            await asyncio.gather(*background)
        finally:
            await bus.aclose()


def silent_client(port: int, token: str) -> socket.socket:
    """Subscribes to alerts, then never reads."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    request = (
        f"GET /ws HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        f"Cookie: cc_session={token}\r\n\r\n"
    )
    sock.sendall(request.encode())
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    payload = json.dumps({"type": "subscribe", "topics": {"alerts": None}}).encode()
    mask = os.urandom(4)
    sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + _masked(payload, mask))
    return sock


def _masked(payload: bytes, mask: bytes) -> bytes:
    return bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


@dataclass
class Phase:
    tallies: list[Tally]
    last_seq: int  # the server's last number of `alerts`: what every client should have
    published: int  # events, each raising or clearing an alert: each should have a number
    server_cores: float  # the command centre's CPU while publishing (meaningless across a restart)


def run_phase(
    server: Server,
    token: str,
    clients: int,
    rate: int,
    seconds: float,
    *,
    slow: bool = False,
    restart_at: float | None = None,
    drain_s: float = DRAIN_S,
) -> Phase:
    url = f"ws://127.0.0.1:{server.port}/ws"
    readers = Clients(url, token, clients, server.work)
    readers.wait_ready()
    silent = silent_client(server.port, token) if slow else None
    events = {restart_at: lambda: (server.stop(), server.start())} if restart_at else None
    say(f"publishing {rate}/s for {seconds:g} s to {clients} clients{' + 1 slow' if slow else ''}")
    cpu_before, started = server.cpu_seconds(), time.monotonic()
    publisher = Publisher(server.env["REDIS_URL"])
    asyncio.run(publisher.run(rate, seconds, events))
    server_cores = (server.cpu_seconds() - cpu_before) / (time.monotonic() - started)
    time.sleep(drain_s)
    tallies = readers.stop()
    if silent is not None:
        silent.close()
    last = asyncio.run(last_number(url, token))
    return Phase(tallies, last, publisher.count, round(server_cores, 2))


async def last_number(url: str, token: str) -> int:
    """The server's last number of `alerts`: what every client should have reached."""
    async with websockets.connect(url) as ws:
        await ws.send(json.dumps({"type": "auth", "token": token}))
        await ws.send(json.dumps({"type": "subscribe", "topics": {"alerts": None}}))
        async for frame in ws:
            for line in str(frame).split("\n"):
                message = json.loads(line)
                if message["type"] == "subscribed":
                    return int(message["topics"]["alerts"])
    raise RuntimeError("no answer to subscribe")


def percentiles(series: list[list[float]]) -> dict[str, float]:
    seconds = np.concatenate([np.asarray(s, dtype=float) for s in series])
    return {
        name: round(float(np.percentile(seconds, q)) * 1000, 1)
        for name, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))
    }


def figures(phase: Phase) -> dict[str, Any]:
    tallies, final = phase.tallies, phase.last_seq
    behind = [final - t.last for t in tallies]
    return {
        "clients": len(tallies),
        "messages_received": int(sum(t.received for t in tallies)),
        "latency_ms": percentiles([t.latencies for t in tallies]),
        "of_which_before_the_hub_ms": percentiles([t.to_hub for t in tallies]),
        "lost": int(sum(t.lost for t in tallies)),
        "not_yet_delivered_at_the_end": int(sum(behind)),
        "reordered": int(sum(t.reordered for t in tallies)),
        "clients_with_loss_or_reorder": sum(
            1 for t, b in zip(tallies, behind, strict=True) if t.lost or t.reordered or b
        ),
        "resyncs": sum(t.resyncs for t in tallies),
        "failed_handshakes": sum(t.failed_handshakes for t in tallies),
        "http_5xx": sum(t.http_5xx for t in tallies),
        "connection_refused_while_down": sum(t.refused for t in tallies),
        "last_seq_of_the_server": final,
        "events_published": phase.published,
        "server_cpu_cores_while_publishing": phase.server_cores,
    }


def markdown(report: dict[str, Any]) -> str:
    s, w, r = report["steady"], report["with_slow_client"], report["restart"]
    yes = {True: "yes", False: "NO"}
    ms = lambda f: " / ".join(str(f[q]) for q in ("p50", "p95", "p99")) + " ms"  # noqa: E731
    change = report["slow_p99_change_pct"]
    return "\n".join(
        [
            "# Websocket hub (`python -m bench.hub`)",
            "",
            summary_line(report["provenance"]),
            "",
            f"{report['clients']} clients, "
            f"{report['rate']} alerts/s for {report['duration_s']:g} s a "
            f"phase. The command centre, "
            "redis-server, the publisher and the clients (Node.js, two processes) all run on this "
            "machine and share its cores.",
            "",
            "| measure | value | target | met |",
            "|---|---:|---|---|",
            f"| steady: delivery latency p50 / p95 / p99 (event time to receipt) | "
            f"{ms(s['latency_ms'])} | p99 < 100 ms | {yes[s['latency_ms']['p99'] < 100]} |",
            f"| steady: of which before the hub published it (bus and intake) | "
            f"{ms(s['of_which_before_the_hub_ms'])} | | |",
            f"| steady: alerts lost / reordered (all clients) | "
            f"{s['lost']} / {s['reordered']} | 0 / 0 "
            f"| {yes[s['lost'] == 0 and s['reordered'] == 0]} |",
            f"| steady: messages delivered / not yet delivered "
            f"{report['drain_s']:g} s after the last event | "
            f"{s['messages_received']} / {s['not_yet_delivered_at_the_end']} | all / 0 | "
            f"{yes[s['not_yet_delivered_at_the_end'] == 0]} |",
            f"| steady: events published / numbered by the hub | {s['events_published']} / "
            f"{s['last_seq_of_the_server']} | equal | "
            f"{yes[s['events_published'] == s['last_seq_of_the_server']]} |",
            f"| steady: command centre CPU while publishing | "
            f"{s['server_cpu_cores_while_publishing']} cores | | |",
            f"| with one client that never reads: the others' p99 | {w['latency_ms']['p99']} ms "
            f"({change:+.1f} % of steady's) | at most 20 % worse | {yes[change <= 20]} |",
            f"| with the slow client: lost / reordered | {w['lost']} / {w['reordered']} | 0 / 0 | "
            f"{yes[w['lost'] == 0 and w['reordered'] == 0]} |",
            f"| restart (SIGTERM, same database) while publishing: clients resumed with nothing "
            f"missing | {r['clients'] - r['clients_with_loss_or_reorder']} of "
            f"{r['clients']} | all | "
            f"{yes[r['clients_with_loss_or_reorder'] == 0]} |",
            f"| restart: events published / numbered by the hub | {r['events_published']} / "
            f"{r['last_seq_of_the_server']} | equal | "
            f"{yes[r['events_published'] == r['last_seq_of_the_server']]} |",
            f"| restart: failed handshakes / 5xx | {r['failed_handshakes']} / {r['http_5xx']} | "
            f"0 5xx | {yes[r['http_5xx'] == 0]} |",
            f"| restart: connections refused while the server was down (retried) | "
            f"{r['connection_refused_while_down']} | | |",
            f"| restart: resyncs | {r['resyncs']} | 0 | {yes[r['resyncs'] == 0]} |",
            f"| restart: server killed after {STOP_TIMEOUT_S:g} s of SIGTERM | "
            f"{r['server_killed_after_sigterm_timeout']} | 0 | "
            f"{yes[r['server_killed_after_sigterm_timeout'] == 0]} |",
            "",
        ]
    )


@contextlib.contextmanager
def fresh_system() -> Iterator[tuple[Server, str]]:
    """A new Redis and command centre for each phase, so no phase inherits another's backlog."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        redis = RedisServer(work, free_port())
        redis.start()
        server = Server(work, redis.url)
        server.start()
        try:
            yield server, server.login()
        finally:
            server.stop()
            redis.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds a phase")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rate", type=int, default=1000, help="alerts a second")
    parser.add_argument("--quick", action="store_true", help="a smoke run: short phases")
    add_output_argument(parser)
    args = parser.parse_args()
    if args.quick:
        args.duration, args.clients, args.rate = QUICK_DURATION_S, QUICK_CLIENTS, QUICK_RATE
    meta = provenance()
    drain = QUICK_DRAIN_S if args.quick else DRAIN_S
    with fresh_system() as (server, token):
        steady = figures(
            run_phase(server, token, args.clients, args.rate, args.duration, drain_s=drain)
        )
    say(f"steady: {steady['latency_ms']}, lost {steady['lost']}")
    with fresh_system() as (server, token):
        slow = figures(
            run_phase(
                server, token, args.clients, args.rate, args.duration, slow=True, drain_s=drain
            )
        )
    say(f"with a slow client: {slow['latency_ms']}, lost {slow['lost']}")
    with fresh_system() as (server, token):
        restart = figures(
            run_phase(
                server,
                token,
                args.clients,
                args.rate,
                QUICK_RESTART_PHASE_S if args.quick else max(20.0, args.duration / 3),
                restart_at=RESTART_AT_S,
                drain_s=drain,
            )
        )
        killed = server.killed
    say(f"restart: {restart}")
    p99, p99_slow = steady["latency_ms"]["p99"], slow["latency_ms"]["p99"]
    report = {
        "provenance": meta,
        "quick": args.quick,
        "drain_s": drain,
        "clients": args.clients,
        "rate": args.rate,
        "duration_s": args.duration,
        "steady": steady,
        "with_slow_client": slow,
        "slow_p99_change_pct": round((p99_slow - p99) / p99 * 100, 1) if p99 else 0.0,
        "restart": restart | {"server_killed_after_sigterm_timeout": killed},
    }
    write_results("hub", report, markdown(report), args.out)
    print(markdown(report))


if __name__ == "__main__":
    main()
