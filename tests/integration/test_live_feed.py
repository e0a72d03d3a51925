"""`/ws` on a real uvicorn (same event loop as the test), a real database, the websockets client:
auth, Origin, areas, resume after reconnect, a slow client, a revoked or expired token."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import os
import socket
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import uvicorn
import websockets
from websockets.exceptions import ConnectionClosed, InvalidStatus

from command_center.app import create_app
from command_center.auth.principal import SESSION_COOKIE, Role
from command_center.hub.admission import HandshakeAdmission
from command_center.hub.session import Timing
from composition.config import AppConfig
from events.bus import InProcessBus
from support import ADMIN_PASSWORD, app_options, free_port

AREAS = [
    {"code": "city", "name": "City", "level": "city"},
    {"code": "north", "name": "North", "level": "county", "parent": "city"},
    {"code": "south", "name": "South", "level": "county", "parent": "city"},
]
CONFIG: dict[str, Any] = {
    "areas": AREAS,
    "cameras": [
        {"id": "cam-n", "name": "N", "url": "rtsp://10.0.0.1/a", "area": "north"},
        {"id": "cam-s", "name": "S", "url": "rtsp://10.0.0.2/a", "area": "south"},
    ],
}
FAST = Timing(auth_timeout_s=1.0, heartbeat_s=0.3, idle_timeout_s=30)


class Server:
    def __init__(self, app: Any, port: int) -> None:
        self.app, self.port = app, port
        self.base = f"http://127.0.0.1:{port}"
        self.ws = f"ws://127.0.0.1:{port}/ws"
        self.hub = app.state.services.hub

    async def login(self, username: str = "admin", password: str = ADMIN_PASSWORD) -> str:
        async with httpx.AsyncClient(base_url=self.base) as http:
            body = {"username": username, "password": password}
            response = await http.post("/api/auth/login", json=body)
        response.raise_for_status()
        return str(response.json()["token"])

    async def logout(self, token: str) -> None:
        async with httpx.AsyncClient(base_url=self.base) as http:
            bearer = {"Authorization": f"Bearer {token}"}
            response = await http.post("/api/auth/logout", headers=bearer)
        assert response.status_code == 204

    def alert(self, i: int, area: str = "north", **extra: Any) -> None:
        self.hub.publish("alerts", "alert.raised", {"id": i, **extra}, area=area)


@contextlib.asynccontextmanager
async def serving(tmp_path, **config: Any) -> AsyncIterator[Server]:
    app = create_app(
        AppConfig.model_validate(CONFIG | config).centre(), InProcessBus(), **app_options(tmp_path)
    )
    app.state.live_timing = FAST
    port = free_port()
    settings = uvicorn.Config(app, port=port, ws_max_size=64 * 1024, log_level="warning")
    server = uvicorn.Server(settings)
    task = asyncio.create_task(server.serve())
    while not server.started:
        await asyncio.sleep(0.02)
    try:
        yield Server(app, port)
    finally:
        server.should_exit = True
        await task


@pytest.fixture
async def server(tmp_path) -> AsyncIterator[Server]:
    async with serving(tmp_path) as running:
        yield running


async def messages(ws, until: str, timeout: float = 5.0) -> list[dict]:
    """Messages received up to and including the first of type `until`."""
    got: list[dict] = []
    async with asyncio.timeout(timeout):
        while not got or got[-1]["type"] != until:
            got.extend(json.loads(line) for line in (await ws.recv()).split("\n"))
    return got


async def authed(server: Server, token: str, **kwargs: Any):
    ws = await websockets.connect(server.ws, **kwargs)
    await ws.send(json.dumps({"type": "auth", "token": token}))
    assert (await messages(ws, "hello"))[-1]["type"] == "hello"
    return ws


async def closed_with(ws, timeout: float = 5.0) -> int | None:
    with contextlib.suppress(ConnectionClosed):
        async with asyncio.timeout(timeout):
            while True:
                await ws.recv()
    return ws.close_code


def silent_subscriber(port: int, token: str, topics: dict[str, int | None]) -> socket.socket:
    """A client that subscribes, then never reads: its buffers fill, as a hung wall's do."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.sendall(
        (
            "GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: {base64.b64encode(os.urandom(16)).decode()}\r\n"
            f"Sec-WebSocket-Version: 13\r\nCookie: {SESSION_COOKIE}={token}\r\n\r\n"
        ).encode()
    )
    response = b""
    while b"\r\n\r\n" not in response:
        response += sock.recv(1)
    assert response.startswith(b"HTTP/1.1 101")
    payload = json.dumps({"type": "subscribe", "topics": topics}).encode()
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)  # a short masked text frame
    return sock


async def test_auth_by_first_message_then_alerts_arrive(server):
    token = await server.login()
    async with await authed(server, token) as ws:
        await ws.send(json.dumps({"type": "subscribe", "topics": {"alerts": None}}))
        await messages(ws, "subscribed")
        server.alert(1)
        assert (await messages(ws, "alert.raised"))[-1]["data"] == {"id": 1}


async def test_auth_by_the_session_cookie(server):
    token = await server.login()
    headers = {"Cookie": f"{SESSION_COOKIE}={token}"}
    async with websockets.connect(server.ws, additional_headers=headers) as ws:
        assert (await messages(ws, "hello"))[-1]["user"] == "admin"


async def test_a_wrong_token_is_refused_with_4401(server):
    async with websockets.connect(server.ws) as ws:
        await ws.send(json.dumps({"type": "auth", "token": "not-a-token"}))
        assert (await messages(ws, "error"))[-1]["code"] == 401
        assert await closed_with(ws) == 4401


async def test_a_token_in_the_url_is_refused_before_the_handshake(server):
    token = await server.login()
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(f"{server.ws}?token={token}")
    assert refused.value.response.status_code == 403


async def test_handshakes_past_an_addresss_burst_are_refused_and_others_still_served(server):
    server.app.state.services.handshakes = HandshakeAdmission(rate=0.001, burst=2)
    token = await server.login()
    first, second = await authed(server, token), await authed(server, token)
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(server.ws)
    assert refused.value.response.status_code == 403
    await first.send(json.dumps({"type": "pong"}))  # those let in carry on
    assert first.state.name == "OPEN" and second.state.name == "OPEN"
    await first.close()
    await second.close()


async def test_a_foreign_origin_is_refused_and_the_own_one_accepted(server):
    with pytest.raises(InvalidStatus) as refused:
        await websockets.connect(server.ws, origin="http://evil.example")
    assert refused.value.response.status_code == 403
    own = f"https://127.0.0.1:{server.port}"
    async with websockets.connect(server.ws, origin=own) as ws:  # scheme does not matter
        await ws.send(json.dumps({"type": "pong"}))
        assert ws.state.name == "OPEN"


async def test_a_camera_of_another_area_answers_as_an_unknown_one(server):
    services = server.app.state.services
    await services.auth.create_user("nora", "north-password-123", Role.DISPATCHER, "north")
    token = await server.login("nora", "north-password-123")
    async with await authed(server, token) as ws:
        topics = {"camera:cam-s": None, "camera:cam-x": None, "camera:cam-n": None}
        await ws.send(json.dumps({"type": "subscribe", "topics": topics}))
        got = await messages(ws, "subscribed")
        assert sorted(m["detail"] for m in got if m["type"] == "error") == [
            "unknown topic 'camera:cam-s'",
            "unknown topic 'camera:cam-x'",
        ]
        assert got[-1]["topics"] == {"camera:cam-n": 0}


async def test_a_reconnecting_client_resumes_with_everything_it_missed(server):
    token = await server.login()
    async with await authed(server, token) as ws:
        await ws.send(json.dumps({"type": "subscribe", "topics": {"alerts": None}}))
        await messages(ws, "subscribed")
        server.alert(1)
        last = (await messages(ws, "alert.raised"))[-1]["seq"]
    for i in range(2, 40):
        server.alert(i)
    async with await authed(server, token) as ws:
        await ws.send(json.dumps({"type": "subscribe", "topics": {"alerts": last}}))
        server.alert(40)
        got: list[dict] = []
        while len([m for m in got if m["type"] == "alert.raised"]) < 39:
            got.extend(await messages(ws, "alert.raised"))
        assert [m["data"]["id"] for m in got if m["type"] == "alert.raised"] == list(range(2, 41))


async def test_a_client_that_never_reads_is_resynced_and_the_others_get_everything(server):
    server.hub.queue_size = 64
    token = await server.login()
    slow = await asyncio.to_thread(silent_subscriber, server.port, token, {"alerts": None})
    fast = await authed(server, token)
    await fast.send(json.dumps({"type": "subscribe", "topics": {"alerts": None}}))
    await messages(fast, "subscribed")
    async with asyncio.timeout(5):
        while server.hub.client_count < 2:
            await asyncio.sleep(0.01)
    ids: list[int] = []

    async def read_fast() -> None:
        while True:
            for line in (await fast.recv()).split("\n"):
                if (message := json.loads(line))["type"] == "alert.raised":
                    ids.append(message["data"]["id"])

    reading = asyncio.create_task(read_fast())
    sent = 0
    while server.hub.client_count == 2 and sent < 20_000:  # until the kernel buffers are full
        server.alert(sent, padding="x" * 8000)
        sent += 1
        if sent % 8 == 0:
            await asyncio.sleep(0.001)
    async with asyncio.timeout(30):
        while len(ids) < sent:
            await asyncio.sleep(0.01)
    reading.cancel()
    assert server.hub.client_count == 1 and ids == list(range(sent))
    slow.close()  # its network stuck, it could not even be told to resync: it was dropped
    await fast.close()


async def test_a_revoked_token_closes_the_session_with_4401(server):
    token = await server.login()
    async with await authed(server, token) as ws:
        await messages(ws, "ping")
        await server.logout(token)
        assert (await messages(ws, "auth_expired"))[-1] == {"type": "auth_expired"}
        assert await closed_with(ws) == 4401


async def test_an_expired_login_closes_the_session_with_4401(tmp_path):
    async with serving(tmp_path, auth={"login_hours": 1.5 / 3600}) as server:
        token = await server.login()
        async with await authed(server, token) as ws:
            got = await messages(ws, "auth_expired", timeout=5)
            assert any(m["type"] == "ping" for m in got)
            assert await closed_with(ws) == 4401


async def test_deeply_nested_json_is_answered_400_and_the_connection_stays(server):
    token = await server.login()
    async with await authed(server, token) as ws:
        await ws.send("[" * 5000 + "]" * 5000 + " " * 20_000)  # 30 KB, under the frame limit
        assert (await messages(ws, "error"))[-1] == {
            "type": "error",
            "code": 400,
            "detail": "JSON nested too deeply",
        }
        await ws.send(json.dumps({"type": "subscribe", "topics": {"alerts": None}}))
        assert (await messages(ws, "subscribed"))[-1]["topics"] == {"alerts": 0}


async def test_a_narrowed_area_reaches_an_open_socket_at_the_next_heartbeat(server):
    services = server.app.state.services
    user = await services.auth.create_user("cora", "city-password-1234", Role.DISPATCHER, "city")
    admin, token = await server.login(), await server.login("cora", "city-password-1234")
    async with await authed(server, token) as ws:
        topics = {"alerts": None, "camera:cam-n": None, "camera:cam-s": None}
        await ws.send(json.dumps({"type": "subscribe", "topics": topics}))
        await messages(ws, "subscribed")
        async with httpx.AsyncClient(base_url=server.base) as http:
            bearer = {"Authorization": f"Bearer {admin}"}
            changed = await http.patch(
                f"/api/users/{user.id}", json={"area": "north"}, headers=bearer
            )
        assert changed.status_code == 200
        # The next heartbeat reads the change (the old code never told, and this timed out).
        got = await messages(ws, "unsubscribed")
        assert got[-1] == {"type": "unsubscribed", "topics": ["camera:cam-s"], "reason": "access"}
        server.alert(1, area="south")
        server.hub.publish("camera:cam-s", "camera.status", {"id": "cam-s"}, area="south")
        server.alert(2, area="north")
        got = await messages(ws, "alert.raised")
        assert [(m["type"], m.get("area")) for m in got if "seq" in m] == [
            ("alert.raised", "north")
        ]
