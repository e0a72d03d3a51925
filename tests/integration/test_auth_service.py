"""Users, logins and tokens on both databases: argon2, expiry, revocation, throttling, pairing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from command_center.areas.tree import AreaConfig, AreaTree
from command_center.auth.principal import Role
from command_center.auth.service import AuthError, AuthService, LoginThrottled
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
