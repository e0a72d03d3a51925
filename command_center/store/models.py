"""The tables. Times are stored timezone-aware (UTC); JSON columns hold what has no query."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database (SQLite gives back naive ones)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UtcDateTime(),
        dict[str, Any]: JSON,
    }


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(200))  # none for a wall display
    role: Mapped[str] = mapped_column(String(20))
    area_code: Mapped[str] = mapped_column(String(40))
    wall_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime]
    disabled_at: Mapped[datetime | None]


class Token(Base):
    """A login or a paired display. Only the SHA-256 of the token is kept. `public_id` names
    it in the API and the audit log: random, so live tokens cannot be counted or guessed
    (migration 0004); `id` stays internal."""

    __tablename__ = "tokens"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # login | wall
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    remote: Mapped[str | None] = mapped_column(String(64))


class WallPairing(Base):
    """A display waiting to be paired: it shows `code`; it alone knows the secret."""

    __tablename__ = "wall_pairings"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    secret_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    wall_id: Mapped[str | None] = mapped_column(String(64))
    paired_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AlertRow(Base):
    __tablename__ = "alerts"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    subject: Mapped[str] = mapped_column(String(16))
    source_id: Mapped[str] = mapped_column(String(64), index=True)
    check: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(16))
    area_code: Mapped[str | None] = mapped_column(String(40), index=True)
    score: Mapped[float]
    region: Mapped[dict[str, Any] | None]
    evidence_jpeg: Mapped[bytes | None] = mapped_column(LargeBinary)
    raised_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]
    cleared_at: Mapped[datetime | None] = mapped_column(index=True)
    acked_at: Mapped[datetime | None]
    acked_by: Mapped[str | None] = mapped_column(String(80))


class HubMessage(Base):
    """The websocket hub's durable log: every message but the droppable ones, numbered per
    topic, so a client that reconnects with `since` gets what it missed."""

    __tablename__ = "hub_messages"
    __table_args__ = (
        UniqueConstraint("topic", "seq", name="uq_hub_messages_topic_seq"),
        Index("ix_hub_messages_ts", "ts"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    topic: Mapped[str] = mapped_column(String(80))  # camera:<id of up to 64>
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(40))
    area_code: Mapped[str | None] = mapped_column(String(40))
    data: Mapped[str] = mapped_column(Text)  # the JSON as sent
    ts: Mapped[datetime]


class AuditEntry(Base):
    """Append-only; `hash` = SHA-256 over the entry's fields and `prev_hash`."""

    __tablename__ = "audit_entries"
    __table_args__ = (
        Index("ix_audit_actor_ts", "actor", "ts"),
        Index("ix_audit_object", "object_type", "object_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=False)
    ts: Mapped[datetime] = mapped_column(index=True)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(60))
    object_type: Mapped[str | None] = mapped_column(String(40))
    object_id: Mapped[str | None] = mapped_column(String(120))
    remote: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """One row (id 1): the newest audit entry's id and hash, so deleting the newest entries
    is detected too (migration 0002)."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_id: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))
