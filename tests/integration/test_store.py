"""The database on both servers: migrations at start, WAL for SQLite, a newer schema refused."""

from __future__ import annotations

import re

import pytest
from alembic import command
from sqlalchemy import text

from command_center.auth.service import TOKEN_ID_PATTERN
from command_center.store.database import (
    Database,
    DatabaseError,
    DatabaseTooNew,
    alembic_config,
    database_url,
    open_database,
)


async def test_migrations_create_every_table(database_url: str) -> None:
    database = await open_database(database_url_for(database_url))
    try:
        async with database.engine.connect() as connection:
            names = await connection.run_sync(lambda sync: set(sync.dialect.get_table_names(sync)))
        assert {"users", "tokens", "alerts", "hub_messages", "audit_entries"} <= names
        await database.migrate()  # a second start finds nothing to do
    finally:
        await database.aclose()


async def test_a_database_from_newer_code_is_refused(database_url: str) -> None:
    database = await open_database(database_url_for(database_url))
    async with database.engine.begin() as connection:
        await connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    await database.aclose()
    with pytest.raises(DatabaseTooNew, match=r"revision 9999.*newer version"):
        await open_database(database_url_for(database_url))


async def test_sqlite_runs_in_wal_mode(tmp_path) -> None:
    database = await open_database(f"sqlite+aiosqlite:///{tmp_path / 'cc.db'}")
    try:
        async with database.engine.connect() as connection:
            mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
        assert mode == "wal"
    finally:
        await database.aclose()


def database_url_for(url: str) -> str:
    return database_url({"DATABASE_URL": url})


def test_default_is_a_sqlite_file_under_var(tmp_path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert database_url({}) == "sqlite+aiosqlite:///var/command-centre.db"
    assert (tmp_path / "var").is_dir()


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("mysql://u:secret@h/db", "unsupported database 'mysql'"),
        ("::not a url::", "not a database URL"),
    ],
)
def test_a_bad_database_url_is_named_without_its_password(url: str, reason: str) -> None:
    with pytest.raises(DatabaseError, match=reason) as caught:
        database_url({"DATABASE_URL": url})
    assert "secret" not in str(caught.value)


async def test_an_unreachable_server_is_reported_without_its_password() -> None:
    url = "postgresql://cc:hunter2@127.0.0.1:9/cc"  # the discard port: nothing listens
    with pytest.raises(DatabaseError, match="cannot reach the database") as caught:
        await open_database(database_url({"DATABASE_URL": url}))
    assert "hunter2" not in str(caught.value)


async def test_tokens_made_before_0004_get_random_public_ids(database_url: str) -> None:
    database = Database(database_url_for(database_url))
    try:
        async with database.engine.begin() as connection:
            await connection.run_sync(upgrade_to, "0003")
            await connection.execute(
                text(
                    "INSERT INTO users (id, username, role, area_code, created_at) "
                    "VALUES (1, 'ann', 'viewer', 'root', CURRENT_TIMESTAMP)"
                )
            )
            for n in (1, 2, 3):
                await connection.execute(
                    text(
                        "INSERT INTO tokens (id, token_hash, user_id, kind, "
                        "created_at, expires_at) "
                        f"VALUES ({n}, '{n:064d}', 1, 'login', CURRENT_TIMESTAMP, "
                        "CURRENT_TIMESTAMP)"
                    )
                )
        await database.migrate()
        async with database.engine.connect() as connection:
            ids = (await connection.execute(text("SELECT public_id FROM tokens"))).scalars().all()
        assert len(set(ids)) == 3
        assert all(re.fullmatch(TOKEN_ID_PATTERN, i) for i in ids)
    finally:
        await database.aclose()


def upgrade_to(connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)
