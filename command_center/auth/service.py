"""Users, login tokens and wall pairing, in the database.

A token is 32 random bytes shown once; only its SHA-256 is stored, so a copy of the database
logs nobody in.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError

from command_center.areas.tree import AreaTree
from command_center.auth.bootstrap import FIRST_ADMIN_USERNAME
from command_center.auth.passwords import hash_password, verify_password
from command_center.auth.principal import Principal, Role
from command_center.auth.settings import AuthConfig
from command_center.auth.throttle import (
    LoginThrottle,
    RefusalDigest,
    Throttled,
    ThrottleLimits,
)
from command_center.store.database import Database
from command_center.store.models import Token, User, WallPairing

TOKEN_BYTES = 32
# A token's public id: 128 random bits (22 URL-safe characters), never a counter, so an id
# tells nothing about other tokens and cannot be guessed.
TOKEN_ID_BYTES = 16
TOKEN_ID_PATTERN = r"^[A-Za-z0-9_-]{22}$"
# A token checked less than this ago is taken from memory: every REST call and every websocket
# heartbeat checks one. A revocation in this process applies at once; one made by another
# command-centre process within this time.
AUTH_CACHE_S = 5.0
AUTH_CACHE_MAX = 10_000
PAIRING_SECRET_BYTES = 32
PAIRING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a wall across a room
PAIRING_CODE_LENGTH = 6
# Password checks running at once, each in a worker thread. An argon2id check takes 64 MiB
# and a core for about 50 ms: one core is always left to the event loop (the websocket hub,
# every other request), so a flood of logins waits its turn here instead of stalling the
# server (bench/attacks.py: with two at once on 2 cores, health's p99 passed 100 ms).
PASSWORD_CHECKS_AT_ONCE = max(1, (os.cpu_count() or 2) - 1)
# Throttled logins of one user name from one address are audited at most this often, with
# their count: a flood of 429s must not flood the audit log (or its lock).
THROTTLED_AUDIT_EVERY_S = 60.0
# The user names, read at most this often: a refused login asks whether its name exists (to
# audit it or not) without a query each, so a flood of 429s costs no database work. A user made
# by another command-centre process is known here within this time.
USER_NAMES_MAX_AGE_S = 30.0


class AuthError(Exception):
    """A request the auth service refuses; str() is safe to show."""


class LoginThrottled(AuthError):
    def __init__(self, retry_after_s: float) -> None:
        super().__init__("too many failed logins; try again later")
        self.retry_after_s = retry_after_s


class Conflict(AuthError):
    pass


@dataclass(frozen=True, slots=True)
class Issued:
    token: str
    principal: Principal


@dataclass(frozen=True, slots=True)
class Pairing:
    code: str
    secret: str
    expires_at: datetime


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def any_users(database: Database) -> bool:
    async with database.session() as session:
        return bool(await session.scalar(select(func.count()).select_from(User)))


async def _hashed(password: str) -> str:
    """argon2 off the event loop (an admin's change, rare: not queued with logins)."""
    return await asyncio.to_thread(hash_password, password)


def utcnow() -> datetime:
    return datetime.now(UTC)


class AuthService:
    def __init__(
        self,
        database: Database,
        areas: AreaTree,
        config: AuthConfig,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self.database = database
        self.areas = areas
        self.config = config
        self.clock = clock
        limits = ThrottleLimits(
            window_s=config.login_window_s,
            per_user_address=config.login_failures_per_user_address,
            per_user=config.login_failures_per_user,
            per_address=config.login_failures_per_address,
        )
        self.throttle = LoginThrottle(limits)
        self.throttled_logins = RefusalDigest(THROTTLED_AUDIT_EVERY_S)
        self._checking = asyncio.Semaphore(PASSWORD_CHECKS_AT_ONCE)
        self._recent: dict[str, tuple[float, Principal | None]] = {}
        self._looking_up: dict[str, asyncio.Future[Principal | None]] = {}
        self._user_names: tuple[float, frozenset[str]] | None = None

    # users

    async def has_users(self) -> bool:
        return await any_users(self.database)

    async def create_user(
        self,
        username: str,
        password: str | None,
        role: Role,
        area_code: str,
        wall_id: str | None = None,
    ) -> User:
        if not self.areas.subtree(area_code):
            raise AuthError(f"unknown area {area_code!r}")
        user = User(
            username=username,
            password_hash=await _hashed(password) if password is not None else None,
            role=role.value,
            area_code=area_code,
            wall_id=wall_id,
            created_at=self.clock(),
        )
        async with self.database.session() as session:
            session.add(user)
            try:
                await session.commit()
            except IntegrityError:
                raise Conflict(f"user {username!r} exists") from None
        self._user_names = None
        return user

    async def ensure_first_admin(self, password: str) -> bool:
        """Creates `admin` in the root area if there is no user yet; True if it did."""
        if await self.has_users():
            return False
        try:
            root = self.areas.default_code
            await self.create_user(FIRST_ADMIN_USERNAME, password, Role.ADMIN, root)
        except Conflict:  # another process made it first
            return False
        return True

    async def user_exists(self, username: str) -> bool:
        """From the names read within USER_NAMES_MAX_AGE_S (this process's new users at once)."""
        now = time.monotonic()
        if self._user_names is None or now - self._user_names[0] > USER_NAMES_MAX_AGE_S:
            async with self.database.session() as session:
                names = frozenset(await session.scalars(select(User.username)))
            self._user_names = (now, names)
        return username in self._user_names[1]

    async def list_users(self) -> list[User]:
        async with self.database.session() as session:
            return list(await session.scalars(select(User).order_by(User.id)))

    async def get_user(self, user_id: int) -> User | None:
        async with self.database.session() as session:
            return await session.get(User, user_id)

    async def update_user(
        self,
        user_id: int,
        *,
        role: Role | None = None,
        area_code: str | None = None,
        password: str | None = None,
        disabled: bool | None = None,
    ) -> User | None:
        """Changes what is given; disabling or a new password revokes the user's tokens."""
        if area_code is not None and not self.areas.subtree(area_code):
            raise AuthError(f"unknown area {area_code!r}")
        now = self.clock()
        async with self.database.session() as session:
            user = await session.get(User, user_id)
            if user is None:
                return None
            if role is not None:
                user.role = role.value
            if area_code is not None:
                user.area_code = area_code
            if password is not None:
                user.password_hash = await _hashed(password)
            if disabled is not None:
                user.disabled_at = now if disabled else None
            if password is not None or disabled:
                await session.execute(
                    update(Token)
                    .where(Token.user_id == user_id, Token.revoked_at.is_(None))
                    .values(revoked_at=now)
                )
            await session.commit()
        self._recent.clear()
        return user

    # logins and tokens

    async def login(self, username: str, password: str, remote: str) -> Issued:
        """A new login token; raises LoginThrottled, or AuthError for a wrong name or password
        (the same message for both, so names cannot be probed)."""
        try:  # counted before the first await: logins sent at once cannot all pass
            attempt = self.throttle.reserve(username, remote, time.monotonic())
        except Throttled as exc:
            raise LoginThrottled(exc.retry_after_s) from None
        async with self.database.session() as session:
            user = await session.scalar(select(User).where(User.username == username))
        usable = user is not None and user.disabled_at is None and user.role != Role.WALL
        if not await self._password_matches(
            user.password_hash if usable and user else None, password
        ):
            raise AuthError("wrong user name or password")  # the attempt stays counted
        assert user is not None
        self.throttle.release(attempt)
        lifetime = timedelta(hours=self.config.login_hours)
        return await self._issue(user, "login", lifetime, remote)

    async def _password_matches(self, password_hash: str | None, password: str) -> bool:
        """argon2 off the event loop, at most PASSWORD_CHECKS_AT_ONCE at a time."""
        async with self._checking:
            return await asyncio.to_thread(verify_password, password_hash, password)

    def unlock(self, username: str) -> None:
        """Lifts the login throttle of `username` (in this process)."""
        self.throttle.unlock(username)

    async def authenticate(self, token: str) -> Principal | None:
        """The principal of a live token: known, not revoked, not expired, user enabled."""
        if not token or len(token) > 256:
            return None
        key, checked = token_hash(token), time.monotonic()
        cached = self._recent.get(key)
        if cached is not None and checked - cached[0] < AUTH_CACHE_S:
            principal = cached[1]
        else:
            principal = await self._look_up_once(key)
            if len(self._recent) >= AUTH_CACHE_MAX:
                self._recent.clear()
            self._recent[key] = (checked, principal)
        return None if principal is None or principal.is_expired(self.clock()) else principal

    async def _look_up_once(self, key: str) -> Principal | None:
        """One query for all who ask about the same token at once (a room of screens
        sharing a credential all reconnect together)."""
        pending = self._looking_up.get(key)
        if pending is None:
            pending = asyncio.ensure_future(self._look_up(key))
            self._looking_up[key] = pending
            pending.add_done_callback(lambda _: self._looking_up.pop(key, None))
        return await asyncio.shield(pending)

    async def _look_up(self, key: str) -> Principal | None:
        query = select(Token, User).join(User, User.id == Token.user_id)
        async with self.database.session() as session:
            row = (await session.execute(query.where(Token.token_hash == key))).first()
        if row is None:
            return None
        stored, user = row
        if stored.revoked_at is not None or user.disabled_at is not None:
            return None
        return self._principal(user, stored)

    async def revoke(self, token_id: str, within: frozenset[str] | None = None) -> bool:
        """Revokes a live token; with `within`, only one whose user lies in those areas.
        False if there is no such live token, or it lies outside."""
        query = select(Token.id, User.area_code).join(User, User.id == Token.user_id)
        async with self.database.session() as session:
            found = (
                await session.execute(
                    query.where(Token.public_id == token_id, Token.revoked_at.is_(None))
                )
            ).first()
            if found is None or (within is not None and found.area_code not in within):
                return False
            result = await session.execute(
                update(Token)
                .where(Token.id == found.id, Token.revoked_at.is_(None))
                .values(revoked_at=self.clock())
            )
            await session.commit()
        self._recent.clear()
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def live_tokens(self, user_id: int) -> list[Token]:
        """The user's tokens that are neither revoked nor expired, newest first."""
        async with self.database.session() as session:
            rows = await session.scalars(
                select(Token)
                .where(
                    Token.user_id == user_id,
                    Token.revoked_at.is_(None),
                    Token.expires_at > self.clock(),
                )
                .order_by(Token.id.desc())
            )
            return list(rows)

    async def _issue(
        self, user: User, kind: str, lifetime: timedelta, remote: str | None
    ) -> Issued:
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self.clock()
        row = Token(
            public_id=secrets.token_urlsafe(TOKEN_ID_BYTES),
            token_hash=token_hash(token),
            user_id=user.id,
            kind=kind,
            created_at=now,
            expires_at=now + lifetime,
            remote=remote,
        )
        async with self.database.session() as session:
            session.add(row)
            await session.commit()
        return Issued(token, self._principal(user, row))

    def _principal(self, user: User, token: Token) -> Principal:
        return Principal(
            user_id=user.id,
            username=user.username,
            role=Role(user.role),
            area_code=user.area_code,
            areas=self.areas.subtree(user.area_code),
            token_id=token.public_id,
            expires_at=token.expires_at,
            wall_id=user.wall_id,
        )

    # wall pairing

    async def start_pairing(self) -> Pairing:
        """A code for a display to show, and the secret it alone keeps to claim its credential."""
        now = self.clock()
        await self._forget_expired_pairings(now)
        secret = secrets.token_urlsafe(PAIRING_SECRET_BYTES)
        expires_at = now + timedelta(minutes=self.config.pairing_minutes)
        for _ in range(10):
            code = "".join(secrets.choice(PAIRING_ALPHABET) for _ in range(PAIRING_CODE_LENGTH))
            row = WallPairing(
                code=code, secret_hash=token_hash(secret), created_at=now, expires_at=expires_at
            )
            async with self.database.session() as session:
                session.add(row)
                try:
                    await session.commit()
                except IntegrityError:
                    continue
            return Pairing(code, secret, expires_at)
        raise AuthError("could not find a free pairing code")

    async def pair(self, code: str, wall_id: str, by: Principal) -> bool:
        """An admin binds the display showing `code` to `wall_id`; False if no such code."""
        now = self.clock()
        async with self.database.session() as session:
            result = await session.execute(
                update(WallPairing)
                .where(
                    WallPairing.code == code.strip().upper(),
                    WallPairing.expires_at > now,
                    WallPairing.wall_id.is_(None),
                )
                .values(wall_id=wall_id, paired_by=by.user_id)
            )
            await session.commit()
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def claim(self, secret: str, wall_area: Callable[[str], str]) -> Issued | None:
        """The display's long-lived credential once an admin has paired it; None before."""
        async with self.database.session() as session:
            pairing = await session.scalar(
                select(WallPairing).where(WallPairing.secret_hash == token_hash(secret))
            )
            if pairing is None or pairing.wall_id is None:
                return None
            await session.delete(pairing)
            await session.commit()
        return await self.issue_wall_token(pairing.wall_id, wall_area(pairing.wall_id), None)

    async def pairing_known(self, secret: str) -> bool:
        async with self.database.session() as session:
            pairing = await session.scalar(
                select(WallPairing).where(WallPairing.secret_hash == token_hash(secret))
            )
        return pairing is not None and pairing.expires_at > self.clock()

    async def issue_wall_token(self, wall_id: str, area_code: str, remote: str | None) -> Issued:
        """A display credential bound to `wall_id` (its device user is made on first use)."""
        username = f"wall:{wall_id}"
        async with self.database.session() as session:
            user = await session.scalar(select(User).where(User.username == username))
        if user is None:
            try:
                user = await self.create_user(username, None, Role.WALL, area_code, wall_id)
            except Conflict:
                async with self.database.session() as session:
                    user = await session.scalar(select(User).where(User.username == username))
        assert user is not None
        return await self._issue(user, "wall", timedelta(days=self.config.wall_days), remote)

    async def _forget_expired_pairings(self, now: datetime) -> None:
        async with self.database.session() as session:
            await session.execute(delete(WallPairing).where(WallPairing.expires_at <= now))
            await session.commit()
