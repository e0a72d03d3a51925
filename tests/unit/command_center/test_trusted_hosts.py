"""Requests to a Host the centre does not answer to are refused; the demo pairs its own
machine's wall display with one credential, and never for a rebound page."""

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketDenialResponse
from starlette.websockets import WebSocketDisconnect

from command_center.api.trusted_hosts import host_name, trusted
from command_center.app import create_app
from command_center.auth.principal import SESSION_COOKIE
from command_center.config import ServerConfig
from composition.config import AppConfig
from events.bus import InProcessBus
from support import app_options

CONFIG = {
    "cameras": [{"id": "cam-1", "name": "Gate", "url": "rtsp://10.0.0.1/live"}],
    "walls": [{"id": "main", "name": "Wall", "rows": 1, "cols": 1, "cameras": ["cam-1"]}],
    "server": {"host": "0.0.0.0", "trusted_hosts": ["127.0.0.1", "localhost", "centre.example"]},
}
LOOPBACK = ("127.0.0.1", 50000)


@pytest.fixture
def app(tmp_path):
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "index.html").write_text("<!doctype html>")
    options = app_options(tmp_path) | {"frontend_dist": dist, "demo": True}
    return create_app(AppConfig.model_validate(CONFIG).centre(), InProcessBus(), **options)


def browser(app, host: str) -> TestClient:
    """A browser on the server's own machine that asks for `host`."""
    return TestClient(app, base_url=f"http://{host}", client=LOOPBACK)


def test_a_rebound_name_gets_400_and_no_wall_credential(app):
    with browser(app, "rebind.attacker.example:8000") as client:
        response = client.get("/wall/main")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "this server does not answer to that host name",
        "field": "headers.host",
        "errors": [],
    }
    assert SESSION_COOKIE not in response.cookies and "rebind" not in response.text


@pytest.mark.parametrize("path", ["/api/cameras", "/api/auth/login", "/console", "/docs"])
def test_every_route_refuses_a_foreign_host(app, path):
    with browser(app, "evil.example") as client:
        assert client.get(path).status_code == 400


def test_the_websocket_refuses_a_foreign_host(app):
    with (
        browser(app, "evil.example") as client,
        pytest.raises((WebSocketDisconnect, WebSocketDenialResponse)),
    ):
        client.websocket_connect("/ws").__enter__()


def test_the_local_wall_display_gets_one_credential_however_often_it_asks(app):
    tokens = set()
    with browser(app, "127.0.0.1:8000") as client:
        for host in ("127.0.0.1:8000", "localhost:8000", "127.0.0.1:8000"):
            client.cookies.clear()  # another browser window, or the cookie lost
            tokens.add(client.get("/wall/main", headers={"host": host}).cookies[SESSION_COOKIE])
        again = client.get("/wall/main")  # with the live cookie: nothing new is set
    assert len(tokens) == 1
    assert SESSION_COOKIE not in again.cookies


def test_a_configured_name_and_its_port_are_accepted(app):
    with browser(app, "CENTRE.example:8443") as client:
        assert client.get("/api/cameras").status_code == 401  # reached the route


@pytest.mark.parametrize(
    ("header", "name"),
    [("example.org:8000", "example.org"), ("[::1]:8000", "::1"), ("Localhost", "localhost")],
)
def test_host_names_are_read_without_port_or_brackets(header, name):
    assert host_name(header) == name


def test_the_default_trusts_loopback_names_and_the_address_listened_on():
    server = ServerConfig(host="10.1.2.3", trusted_hosts=["127.0.0.1", "localhost", "::1"])
    assert server.trusted() == {"127.0.0.1", "localhost", "::1", "10.1.2.3"}
    assert trusted("cam.city.example", frozenset({"*.city.example"}))
    assert not trusted("city.example.evil", frozenset({"*.city.example"}))


def test_the_refusal_is_documented_on_every_operation(app):
    with browser(app, "127.0.0.1") as client:
        paths = client.get("/openapi.json").json()["paths"]
    assert "Host header" in paths["/api/cameras"]["get"]["responses"]["400"]["description"]
    login = paths["/api/auth/login"]["post"]["responses"]["400"]["description"]
    assert login.count("Host header") == 1  # its own 400 kept, the host's added once
