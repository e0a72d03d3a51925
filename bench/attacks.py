"""`python -m bench.attacks [--runs 3] [--duration 15]`: is health still quick under attack?

A real `command-center serve --no-gateway` (in-process bus, SQLite, a few cameras whose URLs
point at a closed port) is started afresh for each attack of each run, so no attack inherits
another's throttle counts. While an attack runs, a prober in its own process GETs `/healthz`
every 50 ms (bench/health_probe.py). Target: p99 under 100 ms. Each attack also tallies what
the server answered, so the report shows the defence held (docs/http.md, access.md,
live-feed.md). Everything goes to 127.0.0.1, bounded in time and in count.

(0) baseline: no attack.
(1) login flood: wrong passwords for `admin` and for made-up names, many at once, one address.
(2) oversized bodies: 10 MB POSTs to /api/auth/login, by Content-Length and chunked.
(3) nested JSON: 5,000 levels (30 KB) on logged-in websockets, paced under the message rate.
(4) foreign Host: every route of the spec and the websocket handshake, `Host: evil.example`.
(5) websocket churn: connect, auth by first message, subscribe, close, in a loop.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import websockets

from bench.attacks_report import across_runs, markdown
from bench.health_probe import Prober
from bench.hub import Server
from bench.provenance import add_output_argument, provenance, write_results

QUICK_DURATION_S = 3.0  # --quick (make bench-quick): only has to show nothing crashes
TARGET_P99_MS = 100.0  # the issue: "the server stays responsive (health under 100 ms)"
MAX_REQUESTS = 50_000  # per attack and run, whatever the duration: bounded in count
WORKERS = 16  # attackers at once (per attack): more than the server's 2 argon2 checks at once
BODY_BYTES = 10 * 1024 * 1024  # 10 MB: 160 times the login route's 64 KiB limit
WRITE_BYTES = 64 * 1024  # the oversized body goes out in pieces of this
ANSWER_TIMEOUT_S = 10.0  # an attacker waiting this long for an answer records "no answer"
NESTING = 5_000  # levels: deeper than Python's parser goes, and 30 KB, under the 64 KiB frame
NESTED_EVERY_S = 0.06  # per socket: 16 messages a second, under the hub's 20 (live-feed.md)
FOREIGN_HOST = "evil.example"
EXTRA_PATHS = ["/", "/console", "/wall/main", "/docs", "/openapi.json", "/metrics", "/ws"]

Tally = Counter[str]


def say(text: str) -> None:
    print(f"[attacks {datetime.now(UTC):%H:%M:%S}] {text}", flush=True)


@dataclass
class Target:
    port: int
    base: str
    token: str


async def swarm(seconds: float, attack: Callable[[Tally], Awaitable[None]]) -> Tally:
    """WORKERS loops of `attack` until `seconds` pass or MAX_REQUESTS are tallied; a connection
    refused, reset or timed out is tallied by its error's name."""
    tally: Tally = Counter()
    deadline = time.monotonic() + seconds

    async def loop() -> None:
        while time.monotonic() < deadline and tally.total() < MAX_REQUESTS:
            try:
                await attack(tally)
            except websockets.ConnectionClosed as exc:
                tally[
                    f"closed by the server: {exc.rcvd.code if exc.rcvd else 'without a code'}"
                ] += 1
            except (OSError, TimeoutError, websockets.InvalidHandshake) as exc:
                tally[type(exc).__name__] += 1

    await asyncio.gather(*(loop() for _ in range(WORKERS)))
    return tally


async def baseline(target: Target, seconds: float) -> Tally:
    await asyncio.sleep(seconds)
    return Counter()


async def login_flood(target: Target, seconds: float) -> Tally:
    sent = 0
    async with httpx.AsyncClient(base_url=target.base, timeout=ANSWER_TIMEOUT_S) as client:

        async def attack(tally: Tally) -> None:
            nonlocal sent
            sent += 1
            name = "admin" if sent % 2 else f"user-{sent}"
            body = {"username": name, "password": f"wrong-guess-{sent}"}
            who = "admin" if name == "admin" else "made-up name"
            tally[f"{who}: {await status(client.post('/api/auth/login', json=body))}"] += 1

        return await swarm(seconds, attack)


async def status(request: Awaitable[httpx.Response]) -> str:
    try:
        return f"HTTP {(await request).status_code}"
    except httpx.HTTPError as exc:
        return type(exc).__name__


async def oversized_bodies(target: Target, seconds: float) -> Tally:
    sent = 0

    async def attack(tally: Tally) -> None:
        nonlocal sent
        sent += 1
        chunked = sent % 2 == 0
        answer = await post_oversized(target.port, chunked)
        tally[f"{'chunked' if chunked else 'Content-Length'}: {answer}"] += 1

    return await swarm(seconds, attack)


async def post_oversized(port: int, chunked: bool) -> str:
    """Sends the headers, then the body until the server answers or closes: its answer, and
    whether the whole body went out first."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    length = "Transfer-Encoding: chunked" if chunked else f"Content-Length: {BODY_BYTES}"
    head = f"POST /api/auth/login HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    writer.write(f"{head}Content-Type: application/json\r\n{length}\r\n\r\n".encode())
    answer = asyncio.create_task(reader.readline())
    piece = b" " * WRITE_BYTES
    if chunked:
        piece = f"{WRITE_BYTES:x}\r\n".encode() + piece + b"\r\n"
    pieces = 0
    try:
        while pieces < BODY_BYTES // WRITE_BYTES and not answer.done():
            writer.write(piece)
            await writer.drain()
            await asyncio.sleep(0)  # lets the answer in: drain() does not wait while it fits
            pieces += 1
        line = await asyncio.wait_for(answer, ANSWER_TIMEOUT_S)
    except ConnectionResetError:  # closed with the body unread: the kernel drops its answer
        line = b"reset by the server"
    except (ConnectionError, TimeoutError) as exc:
        line = type(exc).__name__.encode()
    finally:
        answer.cancel()
        writer.close()
    said = f"HTTP {line.split()[1].decode()}" if line.startswith(b"HTTP/") else line.decode()
    whole = pieces * WRITE_BYTES >= BODY_BYTES
    return f"{said or 'closed without an answer'}, {'whole body' if whole else 'body cut short'}"


async def nested_json(target: Target, seconds: float) -> Tally:
    frame = '{"a":' * NESTING + "1" + "}" * NESTING
    url = f"ws://127.0.0.1:{target.port}/ws"
    deadline = time.monotonic() + seconds

    async def attack(tally: Tally) -> None:
        tally["connections opened"] += 1
        async with websockets.connect(url, max_size=None) as ws:
            await ws.send(json.dumps({"type": "auth", "token": target.token}))
            await reply_of_type(ws, "hello")
            while time.monotonic() < deadline:
                await ws.send(frame)
                error = await reply_of_type(ws, "error")
                tally[f"error {error.get('code')}: {error.get('detail')}"] += 1
                await asyncio.sleep(NESTED_EVERY_S)

    return await swarm(seconds, attack)


async def reply_of_type(ws: Any, kind: str) -> dict[str, Any]:
    """The next message of `kind` (or an error), answering pings on the way."""
    while True:
        frame = await asyncio.wait_for(ws.recv(), ANSWER_TIMEOUT_S)
        for message in map(json.loads, str(frame).splitlines()):  # a frame may hold several
            if message.get("type") == "ping":
                await ws.send(json.dumps({"type": "pong"}))
            elif message.get("type") in (kind, "error"):
                return dict(message)


async def foreign_host(target: Target, seconds: float) -> Tally:
    sent = 0
    headers = {"Host": FOREIGN_HOST}
    async with httpx.AsyncClient(base_url=target.base, timeout=ANSWER_TIMEOUT_S) as client:
        spec = (await client.get("/openapi.json")).json()
        routes = [
            (method.upper(), path.replace("{", "").replace("}", ""))
            for path, operations in spec["paths"].items()
            for method in operations
        ] + [("GET", path) for path in EXTRA_PATHS]

        async def attack(tally: Tally) -> None:
            nonlocal sent
            sent += 1
            if sent % (len(routes) + 1) == 0:
                tally[f"websocket handshake: {await foreign_handshake(target.port)}"] += 1
                return
            method, path = routes[sent % (len(routes) + 1) - 1]
            body: dict[str, Any] | None = {} if method in ("POST", "PUT", "PATCH") else None
            request = client.request(method, path, headers=headers, json=body)
            tally[f"{method}: {await status(request)}"] += 1

        return await swarm(seconds, attack)


async def foreign_handshake(port: int) -> str:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(
        f"GET /ws HTTP/1.1\r\nHost: {FOREIGN_HOST}\r\nUpgrade: websocket\r\n"
        "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        "Sec-WebSocket-Version: 13\r\n\r\n".encode()
    )
    try:
        line = await asyncio.wait_for(reader.readline(), ANSWER_TIMEOUT_S)
    except (ConnectionError, TimeoutError):
        line = b""
    finally:
        writer.close()
    return f"HTTP {line.split()[1].decode()}" if line.startswith(b"HTTP/") else "no answer"


async def websocket_churn(target: Target, seconds: float) -> Tally:
    url = f"ws://127.0.0.1:{target.port}/ws"
    subscribe = json.dumps({"type": "subscribe", "topics": {"alerts": None}})

    async def attack(tally: Tally) -> None:
        async with websockets.connect(url) as ws:
            await ws.send(json.dumps({"type": "auth", "token": target.token}))
            await reply_of_type(ws, "hello")
            await ws.send(subscribe)
            answer = await reply_of_type(ws, "subscribed")
        said = f"error {answer.get('code')}" if answer["type"] == "error" else answer["type"]
        tally[f"{said}, then closed by the client"] += 1

    return await swarm(seconds, attack)


@dataclass(frozen=True)
class Attack:
    what: str
    expected: str  # the defence, as docs/http.md, access.md and live-feed.md promise it
    run: Callable[[Target, float], Coroutine[Any, Any, Tally]]


ATTACKS = {
    "baseline": Attack("no attack", "", baseline),
    "login_flood": Attack(
        "wrong-password logins, admin and made-up names, one address",
        "401 for at most 5 of admin and 30 in all from the address, then 429",
        login_flood,
    ),
    "oversized_bodies": Attack(
        "10 MB login bodies, by Content-Length and chunked",
        "413 and the connection closed before the body is read",
        oversized_bodies,
    ),
    "nested_json": Attack(
        f"{NESTING:,}-level JSON on logged-in websockets",
        "error 400 `JSON nested too deeply`, the connection kept",
        nested_json,
    ),
    "foreign_host": Attack(
        f"`Host: {FOREIGN_HOST}` on every route and on /ws",
        "400 on every route, 403 on the websocket handshake",
        foreign_host,
    ),
    "websocket_churn": Attack(
        "connect, auth, subscribe, close, in a loop",
        "250 handshakes from the address at once, then 20 a second, subscribed; the rest "
        "refused with HTTP 403 (InvalidStatus) before any login is looked at",
        websocket_churn,
    ),
}


def run_attack(name: str, seconds: float) -> dict[str, Any]:
    """One attack on a fresh server: the prober's summary and what the server answered."""
    with tempfile.TemporaryDirectory() as tmp:
        server = Server(Path(tmp), redis_url=None)
        server.start()
        try:
            target = Target(server.port, server.base, server.login())
            load = os.getloadavg()[0]
            cpu = server.cpu_seconds(), time.process_time(), time.monotonic()
            with Prober(f"{server.base}/healthz") as probes:
                answers = asyncio.run(ATTACKS[name].run(target, seconds))
            elapsed = time.monotonic() - cpu[2]
            cores = {
                "server_cpu_cores": round((server.cpu_seconds() - cpu[0]) / elapsed, 2),
                "attacker_cpu_cores": round((time.process_time() - cpu[1]) / elapsed, 2),
            }
        finally:
            server.stop()
    return probes.summary() | cores | {"load_before": load, "answers": dict(answers)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=15.0, help="seconds an attack")
    parser.add_argument("--only", nargs="*", choices=list(ATTACKS), help="these attacks only")
    parser.add_argument("--quick", action="store_true", help="one run of 3 s an attack")
    add_output_argument(parser)
    args = parser.parse_args()
    if args.quick:
        args.runs, args.duration = 1, QUICK_DURATION_S
    meta = provenance()
    names = args.only or list(ATTACKS)
    runs: dict[str, list[dict[str, Any]]] = {name: [] for name in names}
    for run in range(1, args.runs + 1):
        for name in names:
            runs[name].append(run_attack(name, args.duration))
            say(f"run {run}, {name}: {runs[name][-1]['latency_ms']}")
    report = {
        "provenance": meta,
        "quick": args.quick,
        "runs": args.runs,
        "duration_s": args.duration,
        "target_p99_ms": TARGET_P99_MS,
        "attacks": {
            name: {"attack": ATTACKS[name].what, "expected": ATTACKS[name].expected}
            | across_runs(runs[name], TARGET_P99_MS)
            for name in names
        },
    }
    write_results("attacks", report, markdown(report), args.out)
    print(markdown(report))


if __name__ == "__main__":
    main()
