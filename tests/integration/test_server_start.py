"""What `command-center serve` refuses to start with, in one line naming the cause: a default
or weak admin password, no password for the first admin, a database from newer code."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from command_center.store.database import database_url as async_url
from command_center.store.database import open_database
from composition.cli import main


@pytest.fixture
def config_path(tmp_path):
    path = tmp_path / "config.yaml"
    path.write_text("server: {port: 9}\n")  # never listened on: every case stops before
    return path


def serve(config_path, monkeypatch, database: str, password: str | None) -> str:
    monkeypatch.setenv("DATABASE_URL", database)
    if password is None:
        monkeypatch.delenv("CC_ADMIN_PASSWORD", raising=False)
    else:
        monkeypatch.setenv("CC_ADMIN_PASSWORD", password)
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--config", str(config_path)])
    return str(exited.value.code)


@pytest.mark.parametrize(
    "password",
    [
        "admin",
        "changeme",
        "Password123",
        "short-1",
        "aaaaaaaaaaaa",
        "qwertyuiopasdf",
        "P@ssw0rd-2026!",
        "the-admin-is-me-2026",
    ],
)
def test_a_weak_admin_password_is_refused(config_path, monkeypatch, tmp_path, password):
    message = serve(config_path, monkeypatch, f"sqlite:///{tmp_path / 'cc.db'}", password)
    assert message.startswith("error: CC_ADMIN_PASSWORD is refused: it ")
    assert password not in message


def test_an_empty_database_needs_the_first_admins_password(config_path, monkeypatch, tmp_path):
    message = serve(config_path, monkeypatch, f"sqlite:///{tmp_path / 'cc.db'}", None)
    assert message == (
        "error: there is no user yet: set CC_ADMIN_PASSWORD to the first admin's password "
        "(user name `admin`)"
    )


def test_a_database_from_newer_code_is_refused(config_path, monkeypatch, database_url):
    async def from_the_future() -> None:
        database = await open_database(async_url({"DATABASE_URL": database_url}))
        async with database.engine.begin() as connection:
            await connection.execute(text("UPDATE alembic_version SET version_num = 'f00d'"))
        await database.aclose()

    asyncio.run(from_the_future())
    message = serve(config_path, monkeypatch, database_url, "a-strong-root-password")
    assert message.startswith("error: the database is at schema revision f00d, which this")
    assert "written by a newer version" in message
