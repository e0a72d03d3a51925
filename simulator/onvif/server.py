"""The HTTP side: one uvicorn server listening on every device's port, one thread.

A request's device is the one owning the local port it came in on, so N devices cost one
event loop and N listening sockets, not N servers. SOAP goes to `dispatch`; the snapshot URI
answers a JPEG after HTTP Digest or Basic authentication, as camera snapshot URIs do.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Mapping
from datetime import UTC, datetime

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from simulator.onvif import http_auth
from simulator.onvif.device import SNAPSHOT_PATH, Cameras, Context, Device, profile
from simulator.onvif.dispatch import SERVICES, Dispatcher
from simulator.onvif.snapshot import snapshot
from simulator.onvif.soap import CONTENT_TYPE
from simulator.onvif.wsse import Credentials

log = logging.getLogger(__name__)

START_TIMEOUT_S = 10.0  # binding is done before; starting the loop takes milliseconds
STOP_TIMEOUT_S = 5.0  # uvicorn's graceful shutdown of open requests
BACKLOG = 64  # pending connections per device: a wall opening many sessions at once


class OnvifApp:
    """The ASGI app, kept apart from uvicorn so a test can drive it in-process."""

    def __init__(
        self,
        devices: Mapping[int, Device],
        cameras: Cameras,
        credentials: Credentials,
        fps: int,
    ) -> None:
        self._devices, self._cameras, self._credentials = dict(devices), cameras, credentials
        self._fps = fps
        self._dispatcher = Dispatcher(credentials)
        routes = [Route(path, self.soap, methods=["POST"]) for path in SERVICES]
        routes.append(Route(SNAPSHOT_PATH, self.snapshot, methods=["GET"]))
        self.asgi = Starlette(routes=routes)

    async def soap(self, request: Request) -> Response:
        device = self._device(request)
        body = await request.body()
        context = Context(device, self._cameras, datetime.now(UTC))
        authorization = request.headers.get("authorization")
        reply = self._dispatcher.handle(request.url.path, body, authorization, context)
        return Response(reply.body, reply.status, reply.headers, media_type=CONTENT_TYPE)

    def snapshot(self, request: Request) -> Response:
        """Sync: Starlette runs it in its thread pool, so decoding never blocks the loop."""
        device = self._device(request)
        authorization = request.headers.get("authorization")
        if not http_auth.is_authorized(authorization, "GET", self._credentials, time.time()):
            challenge = {"WWW-Authenticate": http_auth.challenge(time.time())}
            return Response("authentication required", 401, challenge)
        if profile(request.query_params.get("profile", "main")) is None:
            return Response("no such profile", 404)
        clip = self._cameras.current_clip(device.camera_id)
        if clip is None:
            return Response("camera shows no picture (disconnected or starting)", 503)
        frame_number = int(time.monotonic() * self._fps)
        return Response(snapshot(clip, frame_number), media_type="image/jpeg")

    def _device(self, request: Request) -> Device:
        server = request.scope.get("server") or ("", 0)
        return self._devices[int(server[1])]


class OnvifServer:
    def __init__(self, app: OnvifApp, host: str, devices: Mapping[int, Device]) -> None:
        self._sockets = _listen_all(host, list(devices))
        config = uvicorn.Config(app.asgi, log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, args=(self._sockets,), name="onvif", daemon=True
        )

    def start(self) -> None:
        """Raises OSError when the server did not come up."""
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise OSError("ONVIF server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        if self._thread.is_alive():
            self._server.should_exit = True
            self._thread.join(STOP_TIMEOUT_S)
        for sock in self._sockets:
            sock.close()


def _listen_all(host: str, ports: list[int]) -> list[socket.socket]:
    sockets: list[socket.socket] = []
    try:
        for port in ports:
            sockets.append(_listen(host, port))
    except OSError:
        for sock in sockets:
            sock.close()
        raise
    return sockets


def _listen(host: str, port: int) -> socket.socket:
    """Raises OSError naming the port when it is taken."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        sock.listen(BACKLOG)
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen for ONVIF on {host}:{port}: {error}") from None
    return sock
