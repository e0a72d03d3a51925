"""The audit chain, pure: how an entry is serialised and hashed, and how entries are checked.

Each entry's hash is SHA-256 over its canonical form, which holds the hash of the entry before
it (64 zeros for the first), so an entry edited, deleted, inserted or moved breaks the chain
where it stood. The head (newest id and hash, a row of its own) catches the newest entries
being deleted. The database side is `command_center.audit.log`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from common.redaction import MASK, redact

GENESIS = "0" * 64
# A detail key ending in one of these is masked whatever its value.
SECRET_KEY_ENDINGS = ("password", "passwd", "token", "secret", "cookie", "authorization", "api_key")
# The widths of the audit_entries columns: refused here, the same on SQLite as on PostgreSQL.
FIELD_LIMITS = {"actor": 80, "action": 60, "object_type": 40, "object_id": 120, "remote": 64}


class Action(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGIN_THROTTLED = "login_throttled"
    LOGOUT = "logout"
    TOKEN_REVOKED = "token_revoked"
    CAMERA_VIEW = "camera_view"
    ALERT_ACK = "alert_ack"
    CASE_CHANGE = "case_change"
    LAYOUT_PUSH = "layout_push"
    CONFIG_CHANGE = "config_change"
    USER_CHANGE = "user_change"
    WALL_PAIRED = "wall_paired"
    SNAPSHOT_VIEW = "snapshot_view"
    EVIDENCE_VIEW = "evidence_view"
    CAMERA_SUBSCRIBE = "camera_subscribe"


@dataclass(frozen=True, slots=True)
class Entry:
    id: int
    ts: datetime
    actor: str
    action: str
    object_type: str | None
    object_id: str | None
    remote: str | None
    detail: dict[str, Any]
    prev_hash: str
    hash: str


@dataclass(frozen=True, slots=True)
class Head:
    """The newest entry's id and hash; (0, GENESIS) for an empty log."""

    last_id: int
    hash: str


EMPTY = Head(0, GENESIS)


def as_utc(moment: datetime) -> datetime:
    """Aware UTC; a naive time (SQLite hands those back) is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:  # year 1 east of UTC or 9999 west: past the range, so its end
        end = datetime.min if moment.year == datetime.min.year else datetime.max
        return end.replace(tzinfo=UTC)


def canonical(entry: Entry) -> bytes:
    """The bytes hashed: every field but `id` and `hash`, as sorted compact JSON. The id is
    left out because the chain fixes each entry's place; so a moved entry still matches its
    own hash and can be told apart from an edited one."""
    body = {
        "ts": as_utc(entry.ts).isoformat(timespec="microseconds"),
        "actor": entry.actor,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "remote": entry.remote,
        "detail": entry.detail,
        "prev_hash": entry.prev_hash,
    }
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode("utf-8")


def digest(entry: Entry) -> str:
    return hashlib.sha256(canonical(entry)).hexdigest()


def seal(
    previous: Head,
    ts: datetime,
    actor: str,
    action: str,
    *,
    object_type: str | None = None,
    object_id: str | None = None,
    remote: str | None = None,
    detail: Mapping[str, Any] | None = None,
) -> Entry:
    """The entry that follows `previous`, hashed. Raises ValueError for a field too long."""
    draft = Entry(
        id=previous.last_id + 1,
        ts=as_utc(ts),
        actor=actor,
        action=str(action),
        object_type=object_type,
        object_id=object_id,
        remote=remote,
        detail=clean_detail(detail),
        prev_hash=previous.hash,
        hash="",
    )
    _check_widths(draft)
    return replace(draft, hash=digest(draft))


def _check_widths(entry: Entry) -> None:
    for name, limit in FIELD_LIMITS.items():
        value = getattr(entry, name)
        if value is not None and len(value) > limit:
            raise ValueError(f"audit {name} is longer than {limit} characters")


def clean_detail(detail: Mapping[str, Any] | None) -> dict[str, Any]:
    """`detail` as the database will hand it back (a JSON round trip: tuples become lists,
    keys strings), with the value of any key that names a secret masked and the credentials
    of any URL masked. Raises ValueError for what JSON cannot hold (NaN, objects)."""
    try:
        plain = json.loads(json.dumps(dict(detail or {}), allow_nan=False))
    except TypeError as exc:
        raise ValueError(f"audit detail is not JSON: {exc}") from None
    masked: dict[str, Any] = _mask(plain)
    return masked


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: MASK if _names_secret(k) else _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return redact(value) if isinstance(value, str) else value


def _names_secret(key: str) -> bool:
    return key.lower().replace("-", "_").endswith(SECRET_KEY_ENDINGS)


class Reason(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    INSERTED = "inserted"
    REORDERED = "reordered"
    HEAD_MISSING = "head missing"
    HEAD_MISMATCH = "head mismatch"


@dataclass(frozen=True, slots=True)
class Break:
    entry_id: int
    reason: Reason
    message: str


@dataclass(frozen=True, slots=True)
class Unlinked:
    """An entry whose prev_hash is not its predecessor's hash. What that means depends on
    which entry, if any, owns the hash it claims: see `explain`."""

    entry_id: int
    prev_id: int  # 0 when it is the first entry
    claimed: str


def explain(unlinked: Unlinked, owner: int | None) -> Break:
    """`owner`: the id of the entry whose hash `unlinked` claims (0 for GENESIS), or None."""
    at, prev = unlinked.entry_id, unlinked.prev_id
    if owner is None and prev == 0:
        return Break(
            at,
            Reason.INSERTED,
            f"entry {at} does not start from the genesis hash: "
            "it was forged, or the first entries deleted and the rest renumbered",
        )
    if owner is None:
        return Break(
            prev,
            Reason.EDITED,
            f"entry {prev} is not the entry {at} was chained to: "
            "it was rewritten with a new hash, or entries after it deleted and the "
            "rest renumbered",
        )
    if owner > at:
        return Break(
            at,
            Reason.REORDERED,
            f"entry {at} was chained after entry {owner}, "
            "which now comes after it: entries were moved",
        )
    return Break(
        owner + 1,
        Reason.INSERTED,
        f"entry {at} was chained to entry {owner}: {_entries(owner + 1, prev)} inserted before it",
    )


def _entries(first: int, last: int) -> str:
    """'entry 3 is' or 'entries 3-5 are'."""
    return f"entry {first} is" if first == last else f"entries {first}-{last} are"


@dataclass(slots=True)
class ChainChecker:
    """Fed entries in id order, one at a time, so a long log is checked in batches."""

    last: Head = EMPTY
    count: int = 0

    def feed(self, entry: Entry) -> Break | Unlinked | None:
        expected = self.last.last_id + 1
        if entry.id < expected:
            return Break(entry.id, Reason.INSERTED, f"entry {entry.id} comes before entry 1")
        if entry.id > expected:
            return Break(expected, Reason.DELETED, f"{_entries(expected, entry.id - 1)} missing")
        if digest(entry) != entry.hash:
            return Break(entry.id, Reason.EDITED, f"entry {entry.id} does not match its hash")
        if entry.prev_hash != self.last.hash:
            return Unlinked(entry.id, self.last.last_id, entry.prev_hash)
        self.last, self.count = Head(entry.id, entry.hash), self.count + 1
        return None

    def finish(self, head: Head | None) -> Break | None:
        """The check of the last entry against the head row."""
        last = self.last.last_id
        if head is None:
            return Break(last, Reason.HEAD_MISSING, "the audit head row is missing")
        if head.last_id > last:
            return Break(
                last + 1,
                Reason.DELETED,
                f"{_entries(last + 1, head.last_id)} missing: "
                f"the head says the newest is {head.last_id}",
            )
        if head.last_id < last:
            return Break(
                head.last_id + 1,
                Reason.INSERTED,
                f"{_entries(head.last_id + 1, last)} after the head",
            )
        if head.hash != self.last.hash:
            return Break(
                last,
                Reason.HEAD_MISMATCH,
                f"entry {last} does not match the head: it was rewritten, or the head was",
            )
        return None


@dataclass(frozen=True, slots=True)
class ChainVerdict:
    count: int
    head: Head  # the last entry found intact
    broken: Break | None = field(default=None)

    @property
    def intact(self) -> bool:
        return self.broken is None


def verify_entries(entries: Iterable[Entry], head: Head | None) -> ChainVerdict:
    """The whole check over entries held in memory (in any order)."""
    ordered = sorted(entries, key=lambda e: e.id)
    owners = {e.hash: e.id for e in ordered} | {GENESIS: 0}
    checker = ChainChecker()
    for entry in ordered:
        found = checker.feed(entry)
        if isinstance(found, Unlinked):
            found = explain(found, owners.get(found.claimed))
        if found is not None:
            return ChainVerdict(checker.count, checker.last, found)
    return ChainVerdict(checker.count, checker.last, checker.finish(head))
