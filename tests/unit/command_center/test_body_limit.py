"""Bodies over a route's limit: 413 in the shared error body, before the route reads them."""

import pytest
from fastapi.testclient import TestClient

from command_center.api.body_limit import DEFAULT_MAX_BODY_BYTES, BodyLimit
from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from support import app_options

CHUNK = 16 * 1024


class Route:
    """An ASGI app that reads the whole body, then answers 200; records what it got."""

    def __init__(self) -> None:
        self.read = 0
        self.called = False

    async def __call__(self, scope, receive, send) -> None:
        self.called = True
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                raise ConnectionError("the client left")
            self.read += len(message["body"])
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def call(app, path: str, headers: list, chunks: int) -> tuple[list[dict], int]:
    """The messages sent back, and how many chunks the client was asked for."""
    asked = 0

    async def receive() -> dict:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": b"x" * CHUNK, "more_body": asked < chunks}

    sent: list[dict] = []

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": headers}
    await app(scope, receive, send)
    return sent, asked


async def test_a_declared_length_over_the_limit_is_refused_without_reading_a_byte():
    route = Route()
    length = str(10 * 1024 * 1024).encode()
    sent, asked = await call(
        BodyLimit(route, {}), "/api/auth/login", [(b"content-length", length)], chunks=640
    )
    assert (sent[0]["status"], asked, route.called) == (413, 0, False)


async def test_a_chunked_body_is_refused_once_it_passes_the_limit():
    route = Route()
    sent, asked = await call(BodyLimit(route, {}), "/api/users", [], chunks=640)  # 10 MiB
    assert sent[0]["status"] == 413 and len(sent) == 2
    assert asked == DEFAULT_MAX_BODY_BYTES // CHUNK + 1  # read up to the limit, not on
    assert b'"field":"body"' in sent[1]["body"]


async def test_a_route_with_a_larger_limit_reads_its_body():
    route = Route()
    sent, _ = await call(BodyLimit(route, {"/big": 8 * CHUNK}), "/big", [], chunks=6)
    assert sent[0]["status"] == 200 and route.read == 6 * CHUNK


@pytest.fixture
def client(tmp_path):
    app = create_app(AppConfig().centre(), InProcessBus(), **app_options(tmp_path))
    with TestClient(app) as client:
        yield client


def test_a_10_mb_login_is_refused_413_in_the_shared_error_body(client):
    response = client.post(
        "/api/auth/login",
        content=b"{" + b" " * 10_000_000 + b"}",
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.json() == {
        "detail": f"request body over this route's limit of {DEFAULT_MAX_BODY_BYTES} bytes",
        "field": "body",
        "errors": [],
    }


def test_a_streamed_login_over_the_limit_is_refused_413(client):
    def chunks():
        for _ in range(100):
            yield b" " * CHUNK

    response = client.post(
        "/api/auth/login", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["field"] == "body"


def test_sensor_batches_may_be_larger_than_the_default(client):
    body = b'{"readings": []}' + b" " * (DEFAULT_MAX_BODY_BYTES * 2)
    response = client.post(
        "/api/sensors/readings", content=body, headers={"Authorization": "Bearer nope"}
    )
    assert response.status_code == 401  # read up to the route, which refused the token


def test_413_is_documented_on_the_operations_that_take_a_body(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "413" in paths["/api/auth/login"]["post"]["responses"]
    assert "413" in paths["/api/users/{user_id}"]["patch"]["responses"]
    assert "413" not in paths["/api/cameras"]["get"]["responses"]
