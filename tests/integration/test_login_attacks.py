"""Login attacks on a real server (uvicorn as `command-center serve` runs it): a burst of
wrong passwords sent at once, and X-Forwarded-For believed from configured proxies only."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from support import api, free_port, running_command_center

PASSWORD = "correct-horse-battery-7"
SPOOFED = "203.0.113.7"
LIMIT = 5  # auth.login_failures_per_user_address's default


def start(tmp_path_factory, name: str, server: dict):
    config = {"server": {"host": "127.0.0.1", "port": free_port(), **server}}
    return running_command_center(config, tmp_path_factory.mktemp(name), ("--no-gateway",))


@pytest.fixture(scope="module")
def direct(tmp_path_factory):
    """Clients reach the server straight, from loopback: no proxy configured."""
    with start(tmp_path_factory, "direct", {}) as base:
        yield base


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """Behind a reverse proxy on this machine."""
    with start(tmp_path_factory, "proxied", {"trusted_proxies": ["127.0.0.1/32"]}) as base:
        yield base


def add_user(base: str, username: str) -> None:
    body = {"username": username, "password": PASSWORD, "role": "viewer", "area": "root"}
    with api(base) as admin:
        admin.post("/api/users", json=body).raise_for_status()


def log_in(base: str, username: str, password: str, forwarded_for: str | None = None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for else {}
    body = {"username": username, "password": password}
    return httpx.post(f"{base}/api/auth/login", json=body, headers=headers, timeout=60)


def audit_of(base: str, username: str, action: str) -> list[dict]:
    with api(base) as admin:
        entries = admin.get("/api/audit", params={"object_id": username}).json()["entries"]
    return [e for e in entries if e["action"] == action]


def test_wrong_passwords_sent_at_once_get_at_most_the_limit_of_tries(direct) -> None:
    add_user(direct, "ann")
    with ThreadPoolExecutor(16) as pool:
        health = pool.submit(
            lambda: [httpx.get(f"{direct}/healthz", timeout=60).status_code for _ in range(5)]
        )
        answers = list(pool.map(lambda n: log_in(direct, "ann", f"guess-{n}"), range(15)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(401) <= LIMIT and set(statuses) == {401, 429}
    for refused in (a for a in answers if a.status_code == 429):
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json() == {
            "detail": "too many failed logins; try again later",
            "field": None,
            "errors": [],
        }
    assert health.result() == [200] * 5  # the server answered others during the burst


def test_a_throttled_login_is_in_the_audit_log_without_its_password(direct) -> None:
    add_user(direct, "bea")
    answers = [log_in(direct, "bea", f"secret-guess-{n}").status_code for n in range(LIMIT + 3)]
    assert answers == [401] * LIMIT + [429] * 3
    throttled = audit_of(direct, "bea", "login_throttled")  # the first; then one a minute
    assert len(throttled) == 1 and throttled[0]["remote"] == "127.0.0.1"
    assert throttled[0]["detail"]["refused"] == 1 and throttled[0]["detail"]["retry_after_s"] > 0
    assert "secret-guess" not in str(throttled)
    log_in(direct, "typed-a-Secret-into-the-name", "x")  # not a user: no name recorded
    with api(direct) as admin:
        entries = admin.get("/api/audit", params={"user": "anonymous"}).json()["entries"]
    assert "typed-a-Secret" not in str(entries)


def test_a_spoofed_forwarded_for_changes_neither_the_address_nor_the_budget(direct) -> None:
    add_user(direct, "cid")
    answers = [log_in(direct, "cid", "guess", f"198.51.100.{n}") for n in range(LIMIT + 1)]
    assert [a.status_code for a in answers] == [401] * LIMIT + [429]
    failed = audit_of(direct, "cid", "login_failed")
    assert {e["remote"] for e in failed} == {"127.0.0.1"}


def test_a_configured_proxys_forwarded_for_is_believed(proxied) -> None:
    add_user(proxied, "dee")
    for _ in range(LIMIT):
        assert log_in(proxied, "dee", "guess", SPOOFED).status_code == 401
    assert log_in(proxied, "dee", PASSWORD, SPOOFED).status_code == 429
    assert log_in(proxied, "dee", PASSWORD, "198.51.100.1").status_code == 200
    assert {e["remote"] for e in audit_of(proxied, "dee", "login_failed")} == {SPOOFED}
