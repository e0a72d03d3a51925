"""The audit log on SQLite and PostgreSQL: tampering by SQL found and named, concurrent appends
kept on one chain, queries, the CLI, and the admin-only API."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from alembic import command
from fastapi import FastAPI
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from command_center.api import audit as audit_api
from command_center.api import errors
from command_center.api.deps import current_principal
from command_center.audit.chain import Action, Head, Reason, seal
from command_center.audit.log import AuditLog
from command_center.auth.principal import Principal, Role
from command_center.store.database import (
    Database,
    alembic_config,
    database_url,
    open_database,
)
from command_center.store.models import AuditEntry, AuditHead

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
CANARY = "canary-Pw-7731"


class Clock:
    """One second later at each call."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    opened = await open_database(database_url_for(database_url))
    yield opened
    await opened.aclose()


def database_url_for(url: str) -> str:
    return database_url({"DATABASE_URL": url})


@pytest.fixture
def audit(database: Database) -> AuditLog:
    return AuditLog(database, clock=Clock(), batch=2)  # small batches: verify reads across them


async def five(audit: AuditLog) -> None:
    for i in range(1, 6):
        await audit.record(
            f"user{i % 2}",
            Action.CAMERA_VIEW,
            object_type="camera",
            object_id=f"cam-{i}",
            remote="10.0.0.7",
            detail={"n": i, "é": [1.5]},
        )


async def execute(database: Database, *statements) -> None:
    async with database.engine.begin() as connection:
        for statement in statements:
            await connection.execute(statement)


async def broken(audit: AuditLog) -> tuple[int, Reason]:
    verdict = await audit.verify()
    assert verdict.broken is not None, "tampering went unnoticed"
    return verdict.broken.entry_id, verdict.broken.reason


async def test_an_untouched_chain_verifies_with_its_head(audit: AuditLog) -> None:
    await five(audit)
    verdict = await audit.verify()
    newest = (await audit.query(limit=1))[0]
    assert verdict.intact and verdict.count == 5 and verdict.head == Head(5, newest.hash)


async def test_an_entry_reads_back_as_it_was_hashed(audit: AuditLog) -> None:
    recorded = await audit.record(
        "ana",
        Action.CONFIG_CHANGE,
        remote="::1",
        detail={"cams": ("cam-1",), "limit": 0.1, "name": "Hafenstraße"},
    )
    assert (await audit.query()) == [recorded]
    assert recorded.ts == T0 + timedelta(seconds=1) and recorded.ts.tzinfo is not None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ts", T0 - timedelta(days=1)),
        ("actor", "mallory"),
        ("action", "logout"),
        ("object_type", "case"),
        ("object_id", "cam-9"),
        ("remote", "10.6.6.6"),
        ("detail", {"n": 99}),
        ("prev_hash", "f" * 64),
        ("hash", "e" * 64),
    ],
)
async def test_an_entry_edited_by_sql_is_named(
    audit: AuditLog, database: Database, field: str, value: object
) -> None:
    await five(audit)
    await execute(database, update(AuditEntry).where(AuditEntry.id == 3).values({field: value}))
    assert await broken(audit) == (3, Reason.EDITED)


async def test_an_entry_rewritten_with_a_recomputed_hash_is_named(
    audit: AuditLog, database: Database
) -> None:
    await five(audit)
    third = (await audit.query(before_id=4, limit=1))[0]
    forged = seal(Head(2, third.prev_hash), third.ts, "mallory", third.action)
    await execute(
        database,
        update(AuditEntry).where(AuditEntry.id == 3).values(actor="mallory", hash=forged.hash),
    )
    assert await broken(audit) == (3, Reason.EDITED)


async def test_a_deleted_middle_entry_is_named(audit: AuditLog, database: Database) -> None:
    await five(audit)
    await execute(database, delete(AuditEntry).where(AuditEntry.id == 3))
    assert await broken(audit) == (3, Reason.DELETED)


async def test_a_deleted_newest_entry_is_named(audit: AuditLog, database: Database) -> None:
    await five(audit)
    await execute(database, delete(AuditEntry).where(AuditEntry.id == 5))
    assert await broken(audit) == (5, Reason.DELETED)


async def test_a_deleted_head_is_reported(audit: AuditLog, database: Database) -> None:
    await five(audit)
    await execute(database, delete(AuditHead))
    assert (await broken(audit))[1] == Reason.HEAD_MISSING


async def test_recording_goes_on_without_the_head_and_verify_keeps_saying_so(
    audit: AuditLog, database: Database
) -> None:
    await five(audit)
    await execute(database, delete(AuditHead))
    entry = await audit.record("ana", Action.LOGIN)
    assert entry.id == 6
    assert (await broken(audit)) == (6, Reason.HEAD_MISSING)


async def test_a_forged_entry_appended_after_the_head_is_named(
    audit: AuditLog, database: Database
) -> None:
    await five(audit)
    newest = (await audit.query(limit=1))[0]
    forged = seal(Head(5, newest.hash), T0, "mallory", Action.LOGIN)
    await execute(database, _insert(forged))
    assert await broken(audit) == (6, Reason.INSERTED)


async def test_a_forged_entry_slipped_into_the_middle_is_named(
    audit: AuditLog, database: Database
) -> None:
    await five(audit)
    second = (await audit.query(before_id=3, limit=1))[0]
    forged = seal(Head(2, second.hash), T0, "mallory", Action.LOGIN)
    shift = 1000  # two steps, so no id is ever held twice
    await execute(
        database,
        update(AuditEntry).where(AuditEntry.id >= 3).values(id=AuditEntry.id + shift),
        update(AuditEntry).where(AuditEntry.id > shift).values(id=AuditEntry.id - shift + 1),
        _insert(forged),
        update(AuditHead).values(last_id=6),  # the forger moves the head on too
    )
    assert await broken(audit) == (3, Reason.INSERTED)


async def test_two_swapped_entries_are_named(audit: AuditLog, database: Database) -> None:
    await five(audit)
    await execute(
        database,
        update(AuditEntry).where(AuditEntry.id == 2).values(id=-2),
        update(AuditEntry).where(AuditEntry.id == 4).values(id=2),
        update(AuditEntry).where(AuditEntry.id == -2).values(id=4),
    )
    assert await broken(audit) == (2, Reason.REORDERED)


def _insert(entry):
    return AuditEntry.__table__.insert().values(
        id=entry.id,
        ts=entry.ts,
        actor=entry.actor,
        action=entry.action,
        object_type=entry.object_type,
        object_id=entry.object_id,
        remote=entry.remote,
        detail=entry.detail,
        prev_hash=entry.prev_hash,
        hash=entry.hash,
    )


async def test_fifty_concurrent_records_keep_one_chain(audit: AuditLog) -> None:
    await asyncio.gather(*(audit.record(f"u{i}", Action.CAMERA_VIEW) for i in range(50)))
    verdict = await audit.verify()
    assert verdict.intact and verdict.count == 50


async def test_two_processes_recording_at_once_keep_one_chain(database_url: str) -> None:
    """Two engines and two logs, each with its own asyncio lock, as two processes would have."""
    first = await open_database(database_url_for(database_url))
    second = await open_database(database_url_for(database_url))
    try:
        logs = [AuditLog(first), AuditLog(second)]
        await asyncio.gather(*(logs[i % 2].record(f"u{i}", Action.LOGIN) for i in range(40)))
        verdict = await logs[0].verify()
        assert verdict.intact and verdict.count == 40
    finally:
        await first.aclose()
        await second.aclose()


async def test_a_recorded_login_holds_no_password(audit: AuditLog, database: Database) -> None:
    await audit.record(
        "ana",
        Action.LOGIN,
        remote="10.0.0.1",
        detail={"password": CANARY, "token": CANARY, "token_id": 7},
    )
    async with database.engine.connect() as connection:
        rows = (await connection.execute(text("SELECT * FROM audit_entries"))).all()
    assert rows and CANARY not in repr(rows)
    assert (await audit.verify()).intact


async def test_query_by_user_object_and_time_window(audit: AuditLog) -> None:
    await five(audit)  # ts T0+1s..T0+5s; user1 has odd entries
    assert [e.id for e in await audit.query(actor="user1")] == [5, 3, 1]
    assert [e.id for e in await audit.query(object_type="camera", object_id="cam-2")] == [2]
    window = await audit.query(since=T0 + timedelta(seconds=2), until=T0 + timedelta(seconds=4))
    assert [e.id for e in window] == [3, 2]
    berlin = datetime(2026, 5, 1, 10, 0, 3, tzinfo=timezone(timedelta(hours=2)))  # = T0 + 3 s
    assert [e.id for e in await audit.query(since=berlin)] == [5, 4, 3]


async def test_query_pages_newest_first_with_a_cursor(audit: AuditLog) -> None:
    await five(audit)
    first = await audit.query(limit=2)
    second = await audit.query(limit=2, before_id=first[-1].id)
    last = await audit.query(limit=2, before_id=second[-1].id)
    assert [[e.id for e in page] for page in (first, second, last)] == [[5, 4], [3, 2], [1]]


def run_cli(url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url}
    return subprocess.run(
        [sys.executable, "-m", "composition", "audit", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def test_the_cli_reports_an_intact_chain_then_the_broken_entry(
    audit: AuditLog, database: Database, database_url: str
) -> None:
    await five(audit)
    newest = (await audit.query(limit=1))[0]
    intact = await asyncio.to_thread(run_cli, database_url, "verify")
    assert intact.returncode == 0, intact.stderr
    assert intact.stdout.strip() == f"audit chain intact: 5 entries, head {newest.hash}"

    await execute(database, update(AuditEntry).where(AuditEntry.id == 4).values(actor="mallory"))
    tampered = await asyncio.to_thread(run_cli, database_url, "verify", "--json")
    assert tampered.returncode == 1
    report = json.loads(tampered.stdout)
    assert report["broken"]["entry_id"] == 4 and report["broken"]["reason"] == "edited"
    assert report["head"] == {"id": 3, "hash": report["head"]["hash"]} and not report["intact"]
    text_report = await asyncio.to_thread(run_cli, database_url, "verify")
    assert text_report.stdout.startswith("audit chain BROKEN at entry 4 (edited)")


async def test_the_cli_lists_entries_by_user_and_object(audit: AuditLog, database_url: str) -> None:
    await five(audit)
    listed = await asyncio.to_thread(
        run_cli,
        database_url,
        "list",
        "--user",
        "user1",
        "--object",
        "camera",
        "--before-id",
        "5",
        "--limit",
        "1",
        "--json",
    )
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["id"], r["actor"], r["object_id"]) for r in rows] == [(3, "user1", "cam-3")]
    one = await asyncio.to_thread(run_cli, database_url, "list", "--object", "camera:cam-2")
    assert one.stdout.split("\t")[:5] == [
        "2",
        "2026-05-01T08:00:02+00:00",
        "user0",
        "camera_view",
        "camera:cam-2",
    ]
    bad = await asyncio.to_thread(run_cli, database_url, "list", "--since", "yesterday")
    assert bad.returncode == 2 and "expected an ISO time" in bad.stderr


def principal(role: Role) -> Principal:
    return Principal(
        user_id=1,
        username="ana",
        role=role,
        area_code="root",
        areas=frozenset({"root"}),
        token_id=1,
        expires_at=T0 + timedelta(days=1),
    )


def api(audit: AuditLog, role: Role) -> httpx.AsyncClient:
    """The audit router alone; who is logged in is given (the token check is auth's), the role
    check is the real one."""
    app = FastAPI()
    errors.install(app)
    app.include_router(audit_api.router)
    app.dependency_overrides[audit_api.audit_log] = lambda: audit
    app.dependency_overrides[current_principal] = lambda: principal(role)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://cc")


async def test_the_api_gives_admins_pages_of_entries(audit: AuditLog) -> None:
    await five(audit)
    async with api(audit, Role.ADMIN) as client:
        page = (await client.get("/api/audit", params={"user": "user0", "limit": 1})).json()
        assert [e["id"] for e in page["entries"]] == [4] and page["next_before_id"] == 4
        rest = (await client.get("/api/audit", params={"user": "user0", "before_id": 4})).json()
        assert [e["id"] for e in rest["entries"]] == [2] and rest["next_before_id"] is None
        since = (await client.get("/api/audit", params={"since": "2026-05-01T08:00:04Z"})).json()
        assert [e["id"] for e in since["entries"]] == [5, 4]


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.DISPATCHER, Role.VIEWER, Role.WALL])
async def test_the_api_refuses_every_role_but_admin(audit: AuditLog, role: Role) -> None:
    async with api(audit, role) as client:
        answer = await client.get("/api/audit")
    assert answer.status_code == 403


async def test_the_api_names_a_bad_parameter(audit: AuditLog) -> None:
    async with api(audit, Role.ADMIN) as client:
        answer = await client.get("/api/audit", params={"since": "yesterday", "limit": 5})
        too_many = await client.get("/api/audit", params={"limit": 100000})
    assert answer.status_code == 422 and answer.json()["field"] == "query.since"
    assert too_many.status_code == 422 and too_many.json()["field"] == "query.limit"


async def test_head_row_holds_the_newest_entry(audit: AuditLog, database: Database) -> None:
    await five(audit)
    async with database.session() as session:
        head = (await session.scalars(select(AuditHead))).one()
    newest = (await audit.query(limit=1))[0]
    assert (head.id, head.last_id, head.hash) == (1, 5, newest.hash)


async def at_revision(url: str, revision: str) -> Database:
    """The database migrated up to `revision` only, as an older command centre left it."""
    opened = Database(database_url_for(url))
    config = alembic_config()

    def upgrade(connection) -> None:
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    async with opened.engine.begin() as connection:
        await connection.run_sync(upgrade)
    return opened


async def revision_of(url: str) -> str | None:
    opened = Database(database_url_for(url))
    async with opened.engine.connect() as connection:
        found = await connection.scalar(text("SELECT version_num FROM alembic_version"))
    await opened.aclose()
    return found


async def test_the_cli_verifies_read_only_and_migrates_nothing(database_url: str) -> None:
    older = await at_revision(database_url, "0002")  # the audit tables, not the newest schema
    await five(AuditLog(older, clock=Clock()))
    await older.aclose()  # SQLite: the last connection folds the WAL into the file
    path = database_url.removeprefix("sqlite:///") if database_url.startswith("sqlite") else None
    before = path and (os.stat(path).st_mtime_ns, Path(path).read_bytes())

    verified = await asyncio.to_thread(run_cli, database_url, "verify", "--json")
    listed = await asyncio.to_thread(run_cli, database_url, "list", "--limit", "1")

    assert verified.returncode == 0 and json.loads(verified.stdout)["entries"] == 5
    assert listed.returncode == 0 and listed.stdout.startswith("5\t")
    assert await revision_of(database_url) == "0002"  # not migrated
    if path is not None:
        assert (os.stat(path).st_mtime_ns, Path(path).read_bytes()) == before


async def test_a_read_only_database_refuses_writes(database: Database, database_url: str) -> None:
    reader = await open_database(database_url_for(database_url), read_only=True)
    try:
        with pytest.raises(DBAPIError):
            await execute(reader, delete(AuditHead))
    finally:
        await reader.aclose()


async def test_verify_of_a_missing_sqlite_file_fails_without_making_one(tmp_path) -> None:
    path = tmp_path / "nowhere.db"
    result = await asyncio.to_thread(run_cli, f"sqlite:///{path}", "verify")
    assert result.returncode == 2 and "cannot reach the database" in result.stderr
    assert not path.exists()
