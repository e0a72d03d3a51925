"""One websocket connection to the hub: authenticate, then receive, send and beat until it ends.

Independent of the web framework: `Socket` is the three calls it needs; api/live.py adapts
Starlette's websocket to it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

from command_center.auth.principal import Principal
from command_center.hub import protocol
from command_center.hub.core import Client, Hub
from command_center.hub.protocol import CloseCode

Authenticate = Callable[[str], Awaitable[Principal | None]]
# Told of the camera topics a principal was subscribed to, once per subscribe (the audit log).
Watched = Callable[[Principal, list[str]], Awaitable[None]]
SEND_GRACE_S = 1.0  # a stuck client gets this long to take its last notice before the close

log = logging.getLogger(__name__)


class Disconnected(Exception):
    pass


class Socket(Protocol):
    async def send_text(self, text: str) -> None: ...

    async def receive_text(self) -> str:
        """The next text message; raises Disconnected when the client has gone."""
        ...

    async def close(self, code: int, reason: str) -> None: ...


@dataclass(frozen=True)
class Timing:
    auth_timeout_s: float = protocol.AUTH_TIMEOUT_S
    heartbeat_s: float = protocol.HEARTBEAT_S
    idle_timeout_s: float = protocol.IDLE_TIMEOUT_S
    rate_per_s: float = protocol.RATE_PER_S
    rate_burst: int = protocol.RATE_BURST


@dataclass(frozen=True)
class Close:
    code: int
    reason: str


class Session:
    def __init__(
        self,
        hub: Hub,
        socket: Socket,
        authenticate: Authenticate,
        timing: Timing = Timing(),
        monotonic: Callable[[], float] = time.monotonic,
        utcnow: Callable[[], datetime] = lambda: datetime.now(UTC),
        watched: Watched | None = None,
    ) -> None:
        self.hub = hub
        self.watched = watched
        self.socket = socket
        self.authenticate = authenticate
        self.timing = timing
        self.monotonic = monotonic
        self.utcnow = utcnow
        self.bucket = protocol.TokenBucket(timing.rate_per_s, timing.rate_burst, timing.rate_burst)
        self.last_heard = monotonic()

    async def run(self, cookie_token: str | None) -> None:
        """Serve the connection until it ends; close it with the reason it ended."""
        with contextlib.suppress(Disconnected):
            outcome = await self._login(cookie_token)
            if isinstance(outcome, Close):
                await self._close(outcome)
                return
            principal, token = outcome
            client = self.hub.connect(principal)
            try:
                await self._close(await self._serve(client, token))
            finally:
                self.hub.disconnect(client)

    async def _login(self, cookie_token: str | None) -> tuple[Principal, str] | Close:
        token = cookie_token or await self._token_from_first_message()
        principal = await self.authenticate(token) if token else None
        if principal is None:
            await self.socket.send_text(protocol.error(401, "not authenticated"))
            return Close(CloseCode.UNAUTHORIZED, "not authenticated")
        assert token is not None
        await self.socket.send_text(
            protocol.notice(
                "hello",
                user=principal.username,
                role=principal.role.value,
                heartbeat_s=self.timing.heartbeat_s,
            )
        )
        return principal, token

    async def _token_from_first_message(self) -> str | None:
        try:
            text = await asyncio.wait_for(self.socket.receive_text(), self.timing.auth_timeout_s)
        except TimeoutError:
            return None
        message = protocol.parse(text)
        return message.token if isinstance(message, protocol.Auth) else None

    async def _serve(self, client: Client, token: str) -> Close:
        jobs = [
            self._receive(client),
            self._send(client),
            self._beat(client, token),
            self._watch(client),
        ]
        return await first(jobs)

    async def _receive(self, client: Client) -> Close:
        while True:
            text = await self.socket.receive_text()
            self.last_heard = self.monotonic()
            if not self.bucket.take(self.last_heard):
                await self.socket.send_text(protocol.error(429, "more than 20 messages a second"))
                return Close(CloseCode.POLICY, "too many messages")
            await self._handle(client, protocol.parse(text))

    async def _handle(
        self, client: Client, message: protocol.ClientMessage | protocol.BadMessage
    ) -> None:
        if isinstance(message, protocol.BadMessage):
            await self.socket.send_text(protocol.error(400, message.detail))
        elif isinstance(message, protocol.Subscribe):
            await self._tell_watched(client.principal, list(message.topics))  # before any frame
            await self.hub.subscribe(client, message.topics)
        elif isinstance(message, protocol.Unsubscribe):
            self.hub.unsubscribe(client, message.topics)
        elif isinstance(message, protocol.Auth):
            await self.socket.send_text(protocol.error(400, "already authenticated"))

    async def _tell_watched(self, principal: Principal, topics: list[str]) -> None:
        cameras = [t for t in topics if t.startswith("camera:") and self.hub.visible(principal, t)]
        if cameras and self.watched is not None:
            await self.watched(principal, cameras)

    async def _send(self, client: Client) -> Close:
        while True:
            for frame in protocol.frames(await client.queue.take()):
                await self.socket.send_text(frame)

    async def _watch(self, client: Client) -> Close:
        """A full queue: the client is told to resync, even if its network is stuck."""
        await client.queue.overflowed.wait()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.socket.send_text(protocol.notice("resync")), SEND_GRACE_S)
        log.warning("websocket client of %s fell behind; told to resync", client.principal.username)
        return Close(CloseCode.RESYNC, "resync")

    async def _beat(self, client: Client, token: str) -> Close:
        """Every heartbeat: the login read again (revoked? expired? its areas narrowed? then
        what now lies outside them stops), then a ping."""
        while True:
            await asyncio.sleep(self.timing.heartbeat_s)
            if self.monotonic() - self.last_heard > self.timing.idle_timeout_s:
                return Close(CloseCode.IDLE, "no message from the client")
            principal = await self.authenticate(token)
            if principal is None or principal.is_expired(self.utcnow()):
                await self.socket.send_text(protocol.notice("auth_expired"))
                return Close(CloseCode.UNAUTHORIZED, "authentication expired")
            if principal != client.principal:
                self.hub.reauthorize(client, principal)
            await self.socket.send_text(protocol.notice("ping"))

    async def _close(self, close: Close) -> None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.socket.close(close.code, close.reason), SEND_GRACE_S)


async def first(jobs: list[Coroutine[Any, Any, Close]]) -> Close:
    """The outcome of whichever job ends first; the others are cancelled. A job raising
    (Disconnected, mostly) ends them all the same, raising it."""
    tasks = [asyncio.create_task(job) for job in jobs]
    try:
        done, _ = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
        return next(iter(done)).result()
    finally:
        await _wind_down(tasks)


async def _wind_down(tasks: list[asyncio.Task[Close]]) -> None:
    """Cancel the jobs and wait for them to end. Cancelled meanwhile (the server stopping the
    connection), this raises that cancellation, message and all: asyncio.wait's own. gather
    would raise a job's bare CancelledError instead, which anyio's cancel scope (Starlette's
    TestClient, a task group) does not take for its own and lets escape."""
    for task in tasks:
        task.cancel()
    await asyncio.wait(tasks)
    for task in tasks:
        if not task.cancelled():
            task.exception()  # retrieved: a job that failed as it was cancelled is not logged
