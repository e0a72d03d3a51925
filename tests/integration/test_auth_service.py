"""Users, logins and tokens on both databases: argon2, expiry, revocation, throttling, pairing."""

from __future__ import annotations

import asyncio
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy
from sqlalchemy import select

from command_center.areas.tree import AreaConfig, AreaTree
from command_center.auth import service as service_module
from command_center.auth.principal import Role
from command_center.auth.service import (
    PASSWORD_CHECKS_AT_ONCE,
    TOKEN_ID_PATTERN,
    AuthError,
    AuthService,
    LoginThrottled,
)
from command_center.auth.settings import AuthConfig
from command_center.store.database import database_url as async_url
from command_center.store.database import open_database
from command_center.store.models import Token, User

PASSWORD = "a-long-enough-password"
AREAS = AreaTree(
    [
        AreaConfig(code="city", name="City", level="city"),
        AreaConfig(code="east", name="East", level="county", parent="city"),
        AreaConfig(code="west", name="West", level="county", parent="city"),
    ]
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def service(database_url: str):
    database = await open_database(async_url({"DATABASE_URL": database_url}))
    yield AuthService(database, AREAS, AuthConfig(login_hours=1), Clock())
    await database.aclose()


async def test_a_login_gives_a_token_for_the_users_subtree(service: AuthService) -> None:
    await service.create_user("ann", PASSWORD, Role.DISPATCHER, "east")
    issued = await service.login("ann", PASSWORD, "10.0.0.5")
    principal = await service.authenticate(issued.token)
    assert principal is not None and principal.role is Role.DISPATCHER
    assert principal.areas == {"east"}
    assert principal.can_see("east") and not principal.can_see("city")


async def test_only_a_hash_of_the_token_and_of_the_password_is_stored(service: AuthService) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    issued = await service.login("ann", PASSWORD, "10.0.0.5")
    async with service.database.session() as session:
        token_row = await session.scalar(select(Token))
        user_row = await session.scalar(select(User))
    assert issued.token not in token_row.token_hash
    assert user_row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user_row.password_hash


async def test_a_wrong_password_and_an_unknown_user_get_the_same_answer(service) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    with pytest.raises(AuthError) as wrong:
        await service.login("ann", "not-her-password", "10.0.0.5")
    with pytest.raises(AuthError) as unknown:
        await service.login("bob", PASSWORD, "10.0.0.5")
    assert str(wrong.value) == str(unknown.value) == "wrong user name or password"


async def test_a_token_expires(service: AuthService) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    issued = await service.login("ann", PASSWORD, "10.0.0.5")
    service.clock.now += timedelta(minutes=59)
    assert await service.authenticate(issued.token) is not None
    service.clock.now += timedelta(minutes=2)
    assert await service.authenticate(issued.token) is None


async def test_revoking_disabling_and_a_new_password_end_logins(service: AuthService) -> None:
    user = await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    first = await service.login("ann", PASSWORD, "10.0.0.5")
    assert await service.revoke(first.principal.token_id)
    assert await service.authenticate(first.token) is None
    second = await service.login("ann", PASSWORD, "10.0.0.5")
    await service.update_user(user.id, password="another-long-password")
    assert await service.authenticate(second.token) is None
    third = await service.login("ann", "another-long-password", "10.0.0.5")
    await service.update_user(user.id, disabled=True)
    assert await service.authenticate(third.token) is None
    with pytest.raises(AuthError):
        await service.login("ann", "another-long-password", "10.0.0.5")


async def test_failed_logins_are_throttled_even_for_the_right_password(service) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    for _ in range(5):
        with pytest.raises(AuthError):
            await service.login("ann", "guess", "10.0.0.5")
    with pytest.raises(LoginThrottled) as throttled:
        await service.login("ann", PASSWORD, "10.0.0.5")
    assert 0 < throttled.value.retry_after_s <= 900


async def outcomes(service: AuthService, attempts: list[tuple[str, str, str]]) -> list[str]:
    """Logins sent all at once: 'ok', 'wrong' or 'throttled' for each."""

    async def one(username: str, password: str, remote: str) -> str:
        try:
            await service.login(username, password, remote)
        except LoginThrottled:
            return "throttled"
        except AuthError:
            return "wrong"
        return "ok"

    return list(await asyncio.gather(*(one(*attempt) for attempt in attempts)))


async def test_wrong_logins_sent_at_once_get_no_more_tries_than_the_limit(service) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    results = await outcomes(service, [("ann", f"guess-{n}", "10.0.0.5") for n in range(15)])
    assert results.count("wrong") == 5 and results.count("throttled") == 10


async def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(service) -> None:
    await service.create_user("root", PASSWORD, Role.ADMIN, "city")
    await outcomes(service, [("root", "guess", "203.0.113.9")] * 6)
    assert await outcomes(service, [("root", PASSWORD, "10.0.0.5")]) == ["ok"]
    assert await outcomes(service, [("root", PASSWORD, "203.0.113.9")]) == ["throttled"]


async def test_an_unlocked_user_logs_in_at_once(service: AuthService) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    await outcomes(service, [("ann", "guess", "10.0.0.5")] * 5)
    service.unlock("ann")
    assert await outcomes(service, [("ann", PASSWORD, "10.0.0.5")]) == ["ok"]


async def test_passwords_are_checked_in_worker_threads_a_few_at_a_time(
    service: AuthService, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop_thread = threading.get_ident()
    threads: set[int] = set()
    inside, most = 0, 0
    lock = threading.Lock()
    real_verify = service_module.verify_password

    def watched_verify(password_hash: str | None, password: str) -> bool:
        nonlocal inside, most
        with lock:
            threads.add(threading.get_ident())
            inside += 1
            most = max(most, inside)
        try:
            return real_verify(password_hash, password)
        finally:
            with lock:
                inside -= 1

    monkeypatch.setattr(service_module, "verify_password", watched_verify)
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    attempts = [(f"user-{n}", "guess", f"10.0.0.{n}") for n in range(8)]
    await outcomes(service, [*attempts, ("ann", PASSWORD, "10.0.1.1")])
    assert threads and loop_thread not in threads
    assert 1 <= most <= PASSWORD_CHECKS_AT_ONCE


async def test_token_ids_are_random_not_counted(service: AuthService) -> None:
    await service.create_user("ann", PASSWORD, Role.VIEWER, "city")
    ids = [(await service.login("ann", PASSWORD, "10.0.0.5")).principal.token_id for _ in range(5)]
    assert len(set(ids)) == 5
    assert all(re.fullmatch(TOKEN_ID_PATTERN, i) and not i.isdigit() for i in ids)
    assert not await service.revoke("1") and not await service.revoke(str(len(ids)))


async def test_an_admin_revokes_tokens_of_their_area_only(service: AuthService) -> None:
    await service.create_user("root", PASSWORD, Role.ADMIN, "city")
    await service.create_user("ann", PASSWORD, Role.VIEWER, "east")
    root = await service.login("root", PASSWORD, "10.0.0.5")
    ann = await service.login("ann", PASSWORD, "10.0.0.6")
    east = AREAS.subtree("east")
    assert not await service.revoke(root.principal.token_id, within=east)
    assert await service.authenticate(root.token) is not None
    assert await service.revoke(ann.principal.token_id, within=east)
    assert await service.authenticate(ann.token) is None
    assert not await service.revoke(ann.principal.token_id, within=east)  # no longer live


async def test_a_display_is_paired_once_and_gets_a_wall_credential(service) -> None:
    admin = await service.create_user("root", PASSWORD, Role.ADMIN, "city")
    issued = await service.login("root", PASSWORD, "10.0.0.5")
    pairing = await service.start_pairing()
    assert len(pairing.code) == 6
    assert await service.claim(pairing.secret, lambda wall: "east") is None  # not paired yet
    assert await service.pair(pairing.code.lower(), "main", issued.principal)
    display = await service.claim(pairing.secret, lambda wall: "east")
    assert display is not None and display.principal.role is Role.WALL
    assert display.principal.wall_id == "main" and display.principal.areas == {"east"}
    assert display.principal.expires_at - service.clock.now == timedelta(days=365)
    assert await service.claim(pairing.secret, lambda wall: "east") is None  # used up
    assert not await service.pair(pairing.code, "main", issued.principal)
    assert admin.id == issued.principal.user_id


async def test_a_wall_display_cannot_log_in_with_a_password(service: AuthService) -> None:
    await service.issue_wall_token("main", "city", None)
    with pytest.raises(AuthError):
        await service.login("wall:main", "", "10.0.0.5")


async def test_an_unknown_area_is_refused(service: AuthService) -> None:
    with pytest.raises(AuthError, match="unknown area 'north'"):
        await service.create_user("ann", PASSWORD, Role.VIEWER, "north")


async def test_whether_a_name_exists_is_answered_from_memory_after_the_first_read(
    service: AuthService,
) -> None:
    await service.create_user("ann", "a long enough password", Role.VIEWER, "west")
    statements: list[str] = []

    def counted(_conn, _cursor, statement, *_args) -> None:
        statements.append(statement)

    engine = service.database.engine.sync_engine
    sqlalchemy.event.listen(engine, "before_cursor_execute", counted)
    try:
        answers = [await service.user_exists(name) for name in ("ann", "nobody", "Ann") * 50]
    finally:
        sqlalchemy.event.remove(engine, "before_cursor_execute", counted)
    assert answers[:3] == [True, False, False]
    assert len(statements) == 1  # a flood of refused logins costs one query, not one each
    await service.create_user("bob", "another long password", Role.VIEWER, "west")
    assert await service.user_exists("bob")  # this process's new user is known at once


async def test_a_user_made_by_another_process_is_known_once_the_names_are_old(
    service: AuthService, monkeypatch
) -> None:
    other = AuthService(service.database, AREAS, AuthConfig(login_hours=1), Clock())
    assert not await service.user_exists("cy")
    await other.create_user("cy", "a long enough password", Role.VIEWER, "west")
    assert not await service.user_exists("cy")  # still the names read a moment ago
    monkeypatch.setattr(service_module, "USER_NAMES_MAX_AGE_S", 0.0)
    assert await service.user_exists("cy")
