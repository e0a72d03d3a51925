"""Every response carries the browser hardening; /docs works under it from local files."""

import re

import pytest
from fastapi.testclient import TestClient

from command_center.api.security_headers import SECURITY_HEADERS
from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from support import app_options

PAGE = "<!doctype html><script type=module src=/assets/app.js></script>"


@pytest.fixture
def client(tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text(PAGE)
    (dist / "assets" / "app.js").write_text("console.log(1)")
    options = app_options(tmp_path) | {"frontend_dist": dist}
    app = create_app(AppConfig().centre(), InProcessBus(), **options)
    with TestClient(app) as client:
        yield client


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/console", 200),
        ("GET", "/assets/app.js", 200),
        ("GET", "/api/cameras", 401),
        ("GET", "/api/nothing", 404),
        ("POST", "/api/auth/login", 413),
        ("GET", "/docs", 200),
        ("GET", "/docs/assets/swagger-ui-bundle.js", 200),
        ("GET", "/openapi.json", 200),
    ],
)
def test_every_response_carries_the_hardening_headers(client, method, path, status):
    response = client.request(method, path, content=b" " * 100_000 if method == "POST" else None)
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS
    policy = response.headers["content-security-policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_api_docs_load_only_local_files_and_no_inline_script(client):
    page = client.get("/docs").text
    sources = re.findall(r'(?:src|href)="([^"]*)"', page)
    assert sources and all(s.startswith("/docs/") for s in sources)
    assert re.findall(r"<script>", page) == []  # every script has a src
    for source in sources:
        assert client.get(source).status_code == 200
    assert client.get("/redoc").status_code == 404  # it loaded its script from a CDN
