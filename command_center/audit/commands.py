"""`command-center audit verify|list`: the audit log from the command line, on the database
named by DATABASE_URL (as the server uses). Exit 0 intact, 1 broken, 2 cannot read it."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from command_center.audit.chain import ChainVerdict, Entry
from command_center.audit.log import DEFAULT_LIMIT, MAX_LIMIT, AuditLog
from command_center.store.database import DatabaseError, open_database


def add_arguments(parser: argparse.ArgumentParser) -> None:
    commands = parser.add_subparsers(required=True, metavar="ACTION")
    verify = commands.add_parser("verify", help="check the hash chain; exit 1 if it is broken")
    verify.add_argument(
        "--json",
        action="store_true",
        help="one JSON object (ship its head hash off this machine to anchor the chain)",
    )
    verify.set_defaults(audit=_verify)
    listing = commands.add_parser("list", help="entries, newest first")
    listing.add_argument("--user", help="only this actor")
    listing.add_argument(
        "--object",
        type=_object,
        metavar="TYPE:ID",
        help="only this object (TYPE alone: every object of the type)",
    )
    listing.add_argument(
        "--since",
        type=_moment,
        metavar="ISO",
        help="from this time (UTC unless the time says otherwise)",
    )
    listing.add_argument("--until", type=_moment, metavar="ISO", help="before this time")
    listing.add_argument("--limit", type=_limit, default=DEFAULT_LIMIT, metavar="N")
    listing.add_argument("--before-id", type=int, metavar="ID", help="only entries older than ID")
    listing.add_argument("--json", action="store_true", help="one JSON object per entry")
    listing.set_defaults(audit=_list)


def run(args: argparse.Namespace) -> int:
    logging.getLogger("alembic").setLevel(logging.WARNING)  # keep its revision check quiet
    action: Callable[[AuditLog, argparse.Namespace], Awaitable[int]] = args.audit
    return asyncio.run(_with_log(action, args))


async def _with_log(
    action: Callable[[AuditLog, argparse.Namespace], Awaitable[int]], args: argparse.Namespace
) -> int:
    try:
        database = await open_database(read_only=True)  # it reads; it must change nothing
    except DatabaseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        return await action(AuditLog(database), args)
    finally:
        await database.aclose()


async def _verify(audit: AuditLog, args: argparse.Namespace) -> int:
    verdict = await audit.verify()
    print(json.dumps(verdict_json(verdict)) if args.json else verdict_text(verdict))
    return 0 if verdict.intact else 1


def verdict_text(verdict: ChainVerdict) -> str:
    if verdict.broken is None:
        return f"audit chain intact: {verdict.count} entries, head {verdict.head.hash}"
    broken = verdict.broken
    return f"audit chain BROKEN at entry {broken.entry_id} ({broken.reason}): {broken.message}"


def verdict_json(verdict: ChainVerdict) -> dict[str, Any]:
    broken = verdict.broken
    return {
        "intact": verdict.intact,
        "entries": verdict.count,
        "head": {"id": verdict.head.last_id, "hash": verdict.head.hash},
        "broken": None
        if broken is None
        else {
            "entry_id": broken.entry_id,
            "reason": str(broken.reason),
            "message": broken.message,
        },
    }


async def _list(audit: AuditLog, args: argparse.Namespace) -> int:
    object_type, object_id = args.object or (None, None)
    entries = await audit.query(
        actor=args.user,
        object_type=object_type,
        object_id=object_id,
        since=args.since,
        until=args.until,
        limit=args.limit,
        before_id=args.before_id,
    )
    for entry in entries:
        print(json.dumps(entry_json(entry), ensure_ascii=False) if args.json else entry_line(entry))
    return 0


def entry_json(entry: Entry) -> dict[str, Any]:
    return {
        "id": entry.id,
        "ts": entry.ts.isoformat(),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "remote": entry.remote,
        "detail": entry.detail,
        "hash": entry.hash,
    }


def entry_line(entry: Entry) -> str:
    target = f"{entry.object_type}:{entry.object_id}" if entry.object_type else "-"
    detail = json.dumps(entry.detail, ensure_ascii=False) if entry.detail else ""
    fields = (
        entry.id,
        entry.ts.isoformat(timespec="seconds"),
        entry.actor,
        entry.action,
        target,
        entry.remote or "-",
        detail,
    )
    return "\t".join(str(f) for f in fields)


def _object(text: str) -> tuple[str, str | None]:
    kind, _, ident = text.partition(":")
    if not kind:
        raise argparse.ArgumentTypeError("expected TYPE:ID, e.g. camera:cam-1")
    return kind, ident or None


def _moment(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError("expected an ISO time, e.g. 2026-05-01T08:00") from None


def _limit(text: str) -> int:
    value = int(text) if text.isdigit() else 0
    if not 1 <= value <= MAX_LIMIT:
        raise argparse.ArgumentTypeError(f"1 to {MAX_LIMIT}")
    return value
