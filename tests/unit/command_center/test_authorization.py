"""The authorization matrix: every route, with a user of the object's own area, of another
area, an unknown id, and no credential. Outside one's area is exactly "not found"."""

from __future__ import annotations

import time

import pytest
from fastapi.testclient import TestClient

from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from samples import sample_alert, sample_snapshot
from support import app_options, log_in

AREAS = [
    {"code": "city", "name": "City", "level": "city"},
    {"code": "east", "name": "East", "level": "county", "parent": "city"},
    {"code": "west", "name": "West", "level": "county", "parent": "city"},
]
CONFIG = {
    "areas": AREAS,
    "cameras": [
        {"id": "cam-e", "name": "East gate", "url": "rtsp://10.0.0.1/e", "area": "east"},
        {"id": "cam-w", "name": "West gate", "url": "rtsp://10.0.0.1/w", "area": "west"},
    ],
    "walls": [
        {"id": "wall-e", "name": "East wall", "cameras": ["cam-e"], "area": "east"},
        {"id": "wall-w", "name": "West wall", "cameras": ["cam-w"], "area": "west"},
    ],
}
PASSWORD = "dispatcher-password-1"
# What the east dispatcher asks for: {own} is an object of the east, {other} of the west.
ROUTES = [
    ("GET", "/api/cameras/{camera}", "unknown camera {id!r}"),
    ("GET", "/api/cameras/{camera}/snapshot.jpg", "unknown camera {id!r}"),
    ("POST", "/api/cameras/{camera}/reference", "unknown camera {id!r}"),
    ("GET", "/api/alerts/{alert}/evidence.jpg", "unknown alert {id}"),
    ("POST", "/api/alerts/{alert}/ack", "unknown alert {id}"),
    ("GET", "/api/walls/{wall}", "unknown wall {id!r}"),
]
OWN = {"camera": "cam-e", "alert": 1, "wall": "wall-e"}
OTHER = {"camera": "cam-w", "alert": 2, "wall": "wall-w"}
UNKNOWN = {"camera": "cam-x", "alert": 999, "wall": "wall-x"}


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    bus = InProcessBus()
    options = app_options(tmp_path_factory.mktemp("authz"))
    app = create_app(AppConfig.model_validate(CONFIG).centre(), bus, **options)
    with TestClient(app) as admin:
        log_in(admin)
        for area, name in (("east", "east-dispatcher"), ("west", "west-viewer")):
            role = "dispatcher" if area == "east" else "viewer"
            body = {"username": name, "password": PASSWORD, "role": role, "area": area}
            admin.post("/api/users", json=body).raise_for_status()
        for camera in ("cam-e", "cam-w"):
            bus.publish(sample_snapshot(camera))
            bus.publish(sample_alert(camera))
        wait_until(lambda: len(admin.get("/api/alerts").json()) == 2)
        yield app, admin


def wait_until(probe, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not probe():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def client_of(app, username: str | None) -> TestClient:
    client = TestClient(app)
    if username is not None:
        log_in(client, username, PASSWORD)
    return client


def path_of(template: str, ids: dict) -> str:
    return template.format(**ids)


def expected_detail(template: str, ids: dict, path: str) -> str:
    kind = next(k for k in ids if "{" + k + "}" in path)
    return template.format(id=ids[kind])


@pytest.mark.parametrize(("method", "path", "detail"), ROUTES)
def test_own_area_answers(system, method, path, detail) -> None:
    app, _ = system
    response = client_of(app, "east-dispatcher").request(method, path_of(path, OWN))
    assert response.status_code in (200, 202), response.text


@pytest.mark.parametrize(("method", "path", "detail"), ROUTES)
def test_another_area_answers_exactly_as_an_unknown_id(system, method, path, detail) -> None:
    app, _ = system
    client = client_of(app, "east-dispatcher")
    other = client.request(method, path_of(path, OTHER))
    unknown = client.request(method, path_of(path, UNKNOWN))
    assert (other.status_code, unknown.status_code) == (404, 404)
    assert other.json() == {
        "detail": expected_detail(detail, OTHER, path),
        "field": None,
        "errors": [],
    }
    assert unknown.json()["detail"] == expected_detail(detail, UNKNOWN, path)


@pytest.mark.parametrize(("method", "path", "detail"), ROUTES)
def test_no_credential_answers_401(system, method, path, detail) -> None:
    app, _ = system
    response = client_of(app, None).request(method, path_of(path, OWN))
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_lists_hold_only_the_users_areas(system) -> None:
    app, admin = system
    east = client_of(app, "east-dispatcher")
    assert [c["id"] for c in east.get("/api/cameras").json()] == ["cam-e"]
    assert [a["camera_id"] for a in east.get("/api/alerts").json()] == ["cam-e"]
    assert [w["id"] for w in east.get("/api/walls").json()] == ["wall-e"]
    assert [f["id"] for f in east.get("/api/areas").json()["features"]] == ["east"]
    assert {c["id"] for c in admin.get("/api/cameras").json()} == {"cam-e", "cam-w"}


def test_every_api_route_but_the_open_ones_needs_a_credential(system) -> None:
    app, _ = system
    open_routes = {
        "/api/auth/login",
        "/api/walls/pairings",
        "/api/walls/pairings/claim",
        "/api/sensors/readings",
    }
    anonymous = client_of(app, None)
    checked = 0
    for path, operations in app.openapi()["paths"].items():
        if not path.startswith("/api/") or path in open_routes:
            continue
        concrete = path.format(
            camera_id="cam-e", alert_id=1, wall_id="wall-e", user_id=1, token_id=1
        )
        for method in operations:
            response = anonymous.request(method.upper(), concrete)
            assert response.status_code == 401, f"{method.upper()} {path}: {response.status_code}"
            checked += 1
    assert checked >= 15


def test_a_viewer_may_look_but_not_act(system) -> None:
    app, _ = system
    viewer = client_of(app, "west-viewer")
    assert viewer.get("/api/cameras/cam-w").status_code == 200
    assert viewer.post("/api/alerts/2/ack").status_code == 403
    assert viewer.post("/api/cameras/cam-w/reference").status_code == 403
    assert viewer.get("/api/users").status_code == 403


def test_an_ack_is_in_the_name_of_the_logged_in_user(system) -> None:
    app, _ = system
    acked = client_of(app, "east-dispatcher").post("/api/alerts/1/ack", json={"by": "someone"})
    assert acked.json()["acked_by"] == "east-dispatcher"


def test_a_cookie_login_cannot_change_anything_from_another_site(system) -> None:
    app, _ = system
    browser = TestClient(app)
    token = log_in(browser, "east-dispatcher", PASSWORD)
    browser.headers.pop("Authorization")
    browser.cookies.set("cc_session", token)
    assert browser.get("/api/cameras/cam-e").status_code == 200
    forged = browser.post(
        "/api/cameras/cam-e/reference", headers={"Origin": "https://evil.example"}
    )
    assert forged.status_code == 403
    own = browser.post("/api/cameras/cam-e/reference", headers={"Origin": "http://testserver"})
    assert own.status_code == 202


def test_admins_manage_users_of_their_own_subtree_only(system) -> None:
    app, admin = system
    users = {u["username"]: u for u in admin.get("/api/users").json()}
    assert set(users) == {"admin", "east-dispatcher", "west-viewer"}
    east_admin = {"username": "east-admin", "password": PASSWORD, "role": "admin", "area": "east"}
    admin.post("/api/users", json=east_admin).raise_for_status()
    local = client_of(app, "east-admin")
    assert {u["username"] for u in local.get("/api/users").json()} == {
        "east-dispatcher",
        "east-admin",
    }
    outside = {"username": "spy", "password": PASSWORD, "role": "viewer", "area": "west"}
    nowhere = dict(outside, area="north")
    assert local.post("/api/users", json=outside).json()["detail"] == "unknown area 'west'"
    assert local.post("/api/users", json=nowhere).json()["detail"] == "unknown area 'north'"
    wall_user = dict(outside, area="east", role="wall")
    assert local.post("/api/users", json=wall_user).status_code == 422
    west_id = users["west-viewer"]["id"]
    assert local.patch(f"/api/users/{west_id}", json={"disabled": True}).status_code == 404
    own = admin.patch(f"/api/users/{users['admin']['id']}", json={"disabled": True})
    assert own.status_code == 409 and "yourself" in own.json()["detail"]


def test_what_users_do_is_in_the_audit_log_for_admins(system) -> None:
    app, admin = system
    dispatcher = client_of(app, "east-dispatcher")
    dispatcher.get("/api/cameras/cam-e")
    dispatcher.post("/api/alerts/1/ack")
    TestClient(app).post("/api/auth/login", json={"username": "east-dispatcher", "password": "x"})
    page = admin.get("/api/audit", params={"user": "east-dispatcher"}).json()["entries"]
    actions = {(e["action"], e["object_type"], e["object_id"]) for e in page}
    assert {("login", "user"), ("camera_view", "camera")} <= {(a, t) for a, t, _ in actions}
    assert ("camera_view", "camera", "cam-e") in actions
    assert all(e["remote"] == "testclient" for e in page)
    failed = admin.get("/api/audit", params={"user": "anonymous"}).json()["entries"]
    assert (failed[0]["action"], failed[0]["object_id"]) == ("login_failed", "east-dispatcher")
    TestClient(app).post("/api/auth/login", json={"username": "my-Secret-pw", "password": "x"})
    failed = admin.get("/api/audit", params={"user": "anonymous"}).json()["entries"]
    assert failed[0]["object_id"] is None and "my-Secret-pw" not in str(failed[0])
    created = admin.get("/api/audit", params={"object_type": "user"}).json()["entries"]
    assert any(e["action"] == "user_change" and e["actor"] == "admin" for e in created)
    assert dispatcher.get("/api/audit").status_code == 403
    for number in ("7", "6.38e-59", "inf"):  # not seconds since 1970: only ISO 8601 times
        assert admin.get("/api/audit", params={"since": number}).status_code == 422
    district_admin = {
        "username": "east-boss",
        "password": PASSWORD,
        "role": "admin",
        "area": "east",
    }
    admin.post("/api/users", json=district_admin).raise_for_status()
    assert client_of(app, "east-boss").get("/api/audit").status_code == 403
