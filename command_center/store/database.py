"""Opening the database: the URL, the engine, and the migrations run at start.

A database migrated by a newer version of the code is refused (`DatabaseTooNew`): running old
code on it could misread or overwrite what the newer code wrote.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError
from sqlalchemy import Connection, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, DBAPIError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import NullPool

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_SQLITE_PATH = Path("var/command-centre.db")
SQLITE_BUSY_TIMEOUT_MS = 5000  # a writer waits this long for another before failing


class DatabaseError(Exception):
    """The database cannot be used; str() is the one-line message for the operator."""


class DatabaseTooNew(DatabaseError):
    pass


def database_url(environ: Mapping[str, str] = os.environ) -> str:
    """DATABASE_URL (postgresql://… or sqlite:///…), else a SQLite file under ./var/. The
    async driver is filled in: asyncpg for PostgreSQL, aiosqlite for SQLite."""
    raw = environ.get("DATABASE_URL", "").strip()
    if not raw:
        DEFAULT_SQLITE_PATH.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite+aiosqlite:///{DEFAULT_SQLITE_PATH}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise DatabaseError("DATABASE_URL is not a database URL") from None
    drivers = {"postgresql": "postgresql+asyncpg", "sqlite": "sqlite+aiosqlite"}
    backend = url.get_backend_name()
    if backend not in drivers:
        raise DatabaseError(
            f"DATABASE_URL: unsupported database {backend!r}; use postgresql or sqlite"
        )
    return url.set(drivername=drivers[backend]).render_as_string(hide_password=False)


def redacted(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


class Database:
    def __init__(self, url: str, read_only: bool = False) -> None:
        """`read_only`: every statement that would write is refused by the database itself
        (SQLite opened with mode=ro, PostgreSQL in read-only transactions)."""
        self.url = url
        self.is_sqlite = make_url(url).get_backend_name() == "sqlite"
        self.read_only = read_only
        # A SQLite connection costs nothing to open, and pooled ones are tied to the event loop
        # that opened them (tests and the CLI run several loops over one database).
        options: dict[str, Any] = {"poolclass": NullPool} if self.is_sqlite else {}
        engine_url: str | URL = url
        if read_only and self.is_sqlite:
            engine_url = _sqlite_read_only(url)
        elif read_only:
            options["connect_args"] = {"server_settings": {"default_transaction_read_only": "on"}}
        self.engine: AsyncEngine = create_async_engine(engine_url, pool_pre_ping=True, **options)
        if self.is_sqlite:
            pragmas = _sqlite_read_pragmas if read_only else _sqlite_pragmas
            event.listen(self.engine.sync_engine, "connect", pragmas)
        self.session = async_sessionmaker(self.engine, expire_on_commit=False)

    async def migrate(self) -> None:
        """Bring the schema to this code's head; refuse a database from newer code."""
        async with self.engine.begin() as connection:
            await connection.run_sync(_upgrade)

    async def check_schema(self) -> None:
        """Refuse a database with no schema, or one from newer code; migrate nothing."""
        async with self.engine.connect() as connection:
            await connection.run_sync(_check_revision)

    async def ping(self) -> None:
        async with self.engine.connect() as connection:
            await connection.exec_driver_sql("SELECT 1")

    async def aclose(self) -> None:
        await self.engine.dispose()


async def open_database(url: str | None = None, read_only: bool = False) -> Database:
    """The database at `url` (default: from the environment), migrated to the head; or,
    `read_only`, as it is: not migrated, written nothing (a schema this code does not know is
    refused all the same)."""
    database = Database(url or database_url(), read_only)
    try:
        await (database.check_schema() if read_only else database.migrate())
    except DatabaseError:
        await database.aclose()
        raise
    except (OSError, ConnectionError, DBAPIError) as exc:
        await database.aclose()
        reason = str(getattr(exc, "orig", exc))
        raise DatabaseError(
            f"cannot reach the database {redacted(database.url)}: {reason}"
        ) from None
    return database


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def _upgrade(connection: Connection) -> None:
    config = alembic_config()
    _refuse_newer(ScriptDirectory.from_config(config), connection)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _check_revision(connection: Connection) -> None:
    if _refuse_newer(ScriptDirectory.from_config(alembic_config()), connection) is None:
        raise DatabaseError(
            "the database has no schema yet: start the command centre on it once first"
        )


def _refuse_newer(scripts: ScriptDirectory, connection: Connection) -> str | None:
    """The database's revision (None: no schema); raises DatabaseTooNew for an unknown one."""
    current = MigrationContext.configure(connection).get_current_revision()
    if current is not None and not _known(scripts, current):
        head = scripts.get_current_head()
        raise DatabaseTooNew(
            f"the database is at schema revision {current}, which this version of the command "
            f"centre does not know (its newest is {head}): it was written by a newer version; "
            "run that version, or restore a backup made for this one"
        )
    return current


def _known(scripts: ScriptDirectory, revision: str) -> bool:
    try:
        scripts.get_revision(revision)
    except CommandError:
        return False
    return True


def _sqlite_read_only(url: str) -> URL:
    """sqlite:///var/x.db -> sqlite:///file:var/x.db?mode=ro&uri=true: SQLite itself refuses
    to write, and a missing file is an error rather than a new empty database."""
    parsed = make_url(url)
    return parsed.set(database=f"file:{parsed.database}", query={"mode": "ro", "uri": "true"})


def _sqlite_read_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """No journal mode set: that is a write. A WAL database is read as it is."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA query_only=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.close()
