"""The API's side of the login defences: an admin unlocks a throttled user of their area,
and one outside it answers exactly as an unknown user."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from command_center.app import create_app
from command_center.config import CentreConfig
from events.bus import InProcessBus
from support import app_options, log_in

AREAS = [
    {"code": "city", "name": "City", "level": "city"},
    {"code": "east", "name": "East", "level": "county", "parent": "city"},
    {"code": "west", "name": "West", "level": "county", "parent": "city"},
]
PASSWORD = "correct-horse-battery-7"
USERS = {"east-admin": ("admin", "east"), "ann": ("viewer", "east"), "wes": ("viewer", "west")}


@pytest.fixture
def system(tmp_path):
    app = create_app(
        CentreConfig.model_validate({"areas": AREAS}), InProcessBus(), **app_options(tmp_path)
    )
    with TestClient(app) as admin:
        log_in(admin)
        ids = {}
        for name, (role, area) in USERS.items():
            body = {"username": name, "password": PASSWORD, "role": role, "area": area}
            ids[name] = admin.post("/api/users", json=body).json()["id"]
        yield app, admin, ids


def client_of(app, username: str | None = None) -> TestClient:
    client = TestClient(app)
    if username is not None:
        log_in(client, username, PASSWORD)
    return client


def lock_out(app, username: str) -> None:
    for _ in range(5):
        wrong = {"username": username, "password": "a wrong guess"}
        assert client_of(app).post("/api/auth/login", json=wrong).status_code == 401
    right = {"username": username, "password": PASSWORD}
    assert client_of(app).post("/api/auth/login", json=right).status_code == 429


def test_an_admin_unlocks_a_throttled_user_of_their_area(system) -> None:
    app, _, ids = system
    lock_out(app, "ann")
    local = client_of(app, "east-admin")
    assert local.post(f"/api/users/{ids['ann']}/unlock").status_code == 204
    right = {"username": "ann", "password": PASSWORD}
    assert client_of(app).post("/api/auth/login", json=right).status_code == 200


def test_unlocking_outside_ones_area_answers_as_an_unknown_user(system) -> None:
    app, _, ids = system
    lock_out(app, "wes")
    local = client_of(app, "east-admin")
    outside = local.post(f"/api/users/{ids['wes']}/unlock")
    unknown = local.post("/api/users/987654/unlock")
    assert (outside.status_code, unknown.status_code) == (404, 404)
    assert outside.json() == {"detail": f"unknown user {ids['wes']}", "field": None, "errors": []}
    assert unknown.json()["detail"] == "unknown user 987654"
    right = {"username": "wes", "password": PASSWORD}
    assert client_of(app).post("/api/auth/login", json=right).status_code == 429  # still locked
    assert client_of(app, "ann").post(f"/api/users/{ids['wes']}/unlock").status_code == 403


def test_an_unlock_is_in_the_audit_log(system) -> None:
    _, admin, ids = system
    assert admin.post(f"/api/users/{ids['ann']}/unlock").status_code == 204
    entries = admin.get("/api/audit", params={"object_type": "user"}).json()["entries"]
    newest = entries[0]
    assert (newest["actor"], newest["object_id"]) == ("admin", str(ids["ann"]))
    assert newest["detail"] == {"change": "unlocked"}


def token_id_of(admin: TestClient, username: str) -> str:
    """The newest login token of `username`, as an admin reads it in the audit log."""
    entries = admin.get("/api/audit", params={"user": username}).json()["entries"]
    return next(e["detail"]["token_id"] for e in entries if e["action"] == "login")


def test_revoking_a_token_outside_ones_area_answers_as_an_unknown_token(system) -> None:
    app, admin, _ = system
    root_token_id = token_id_of(admin, "admin")
    local = client_of(app, "east-admin")
    outside = local.post(f"/api/auth/tokens/{root_token_id}/revoke")
    unknown = local.post(f"/api/auth/tokens/{'A' * 22}/revoke")
    assert (outside.status_code, unknown.status_code) == (404, 404)
    assert (
        outside.json()
        == unknown.json()
        == {"detail": "no such live token", "field": None, "errors": []}
    )
    assert admin.get("/api/auth/me").status_code == 200  # the root admin is still logged in


def test_an_admin_revokes_a_token_of_their_area(system) -> None:
    app, admin, _ = system
    ann = client_of(app, "ann")
    local = client_of(app, "east-admin")
    assert local.post(f"/api/auth/tokens/{token_id_of(admin, 'ann')}/revoke").status_code == 204
    assert ann.get("/api/auth/me").status_code == 401


def test_token_ids_are_not_sequential_numbers(system) -> None:
    app, admin, _ = system
    client_of(app, "ann")
    token_id = token_id_of(admin, "ann")
    assert len(token_id) == 22 and not token_id.isdigit()
    assert admin.post("/api/auth/tokens/1/revoke").status_code == 422


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("aaaaaaaaaaaa", "it has fewer than 5 different characters"),
        ("Password2024!", "it is a common password, or one with digits or symbols added"),
        ("new-user-zed-2026", "it contains the user name"),
    ],
)
def test_a_weak_password_is_refused_naming_the_reason(system, password, reason) -> None:
    _, admin, ids = system
    body = {"username": "user-zed", "password": password, "role": "viewer", "area": "east"}
    created = admin.post("/api/users", json=body)
    assert created.status_code == 422
    message = f"password refused: {reason}"
    assert created.json() == {
        "detail": f"body.password: {message}",
        "field": "body.password",
        "errors": [{"field": "body.password", "message": message}],
    }
    assert password not in created.text
    changed = admin.patch(f"/api/users/{ids['ann']}", json={"password": "ann-is-back-2026"})
    assert changed.status_code == 422 and "it contains the user name" in changed.text


def test_an_area_admin_finds_a_users_tokens_to_revoke_them(system) -> None:
    app, _, ids = system
    ann = client_of(app, "ann")
    client_of(app, "wes")
    local = client_of(app, "east-admin")
    tokens = local.get(f"/api/users/{ids['ann']}/tokens").json()
    assert [(t["kind"], t["remote"]) for t in tokens] == [("login", "testclient")]
    assert local.post(f"/api/auth/tokens/{tokens[0]['id']}/revoke").status_code == 204
    assert ann.get("/api/auth/me").status_code == 401
    assert local.get(f"/api/users/{ids['ann']}/tokens").json() == []
    outside = local.get(f"/api/users/{ids['wes']}/tokens")
    assert outside.status_code == 404
    assert outside.json()["detail"] == f"unknown user {ids['wes']}"
