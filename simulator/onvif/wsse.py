"""WS-Security UsernameToken, as ONVIF devices check it: pure functions plus a replay guard.

PasswordDigest = Base64(SHA-1(nonce + created + password)), nonce decoded from Base64 first;
PasswordText carries the password itself (accepted too, as devices do; only over a trusted
network). A token whose Created is further than `MAX_CLOCK_SKEW` from the device's clock is
refused, and a digest seen before within that window is a replay.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import SecretStr

from simulator.onvif.soap import Element, q, text_of

# Five minutes: the usual WS-Security freshness limit. Clients that sync their clock with
# GetSystemDateAndTime first are within a second; five minutes forgives an unsynced NTP host.
MAX_CLOCK_SKEW = timedelta(minutes=5)
PASSWORD_DIGEST = "#PasswordDigest"  # the end of the Password Type URI for a digest
# Replay memory bound: 30 requests a second for five minutes; past it the oldest are forgotten.
MAX_SEEN_DIGESTS = 10_000


@dataclass(frozen=True)
class Credentials:
    username: str
    password: SecretStr


@dataclass(frozen=True)
class UsernameToken:
    username: str
    password: str  # the digest (Base64) or the text, as sent
    digest: bool
    nonce: str | None
    created: str | None


def find_token(header: Element | None) -> UsernameToken | None:
    """The UsernameToken of a SOAP Header, None if the request carries none."""
    if header is None:
        return None
    security = header.find(q("wsse", "Security"))
    token = security.find(q("wsse", "UsernameToken")) if security is not None else None
    if token is None:
        return None
    password = token.find(q("wsse", "Password"))
    return UsernameToken(
        username=text_of(token, "wsse:Username") or "",
        password=(password.text or "").strip() if password is not None else "",
        digest=password is not None and password.get("Type", "").endswith(PASSWORD_DIGEST),
        nonce=text_of(token, "wsse:Nonce"),
        created=text_of(token, "wsu:Created"),
    )


def password_digest(nonce: bytes, created: str, password: str) -> str:
    raw = hashlib.sha1(nonce + created.encode() + password.encode(), usedforsecurity=False)
    return base64.b64encode(raw.digest()).decode()


def is_valid(token: UsernameToken, credentials: Credentials, now: datetime) -> bool:
    """Right user, right password (digest or text), and a fresh Created when there is one."""
    if not hmac.compare_digest(token.username.encode(), credentials.username.encode()):
        return False
    if token.created is not None and not is_fresh(token.created, now):
        return False
    secret = credentials.password.get_secret_value()
    if not token.digest:
        return hmac.compare_digest(token.password.encode(), secret.encode())
    if token.nonce is None or token.created is None:
        return False
    try:
        nonce = base64.b64decode(token.nonce, validate=True)
    except (binascii.Error, ValueError):
        return False
    expected = password_digest(nonce, token.created, secret)
    return hmac.compare_digest(token.password.encode(), expected.encode())


def is_fresh(created: str, now: datetime) -> bool:
    try:
        when = datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        return False
    return abs(now - when) <= MAX_CLOCK_SKEW


class ReplayGuard:
    """Remembers digests accepted within `MAX_CLOCK_SKEW`: the same one again is a replay."""

    def __init__(self) -> None:
        self._seen: dict[str, datetime] = {}
        self._lock = threading.Lock()

    def first_use(self, token: UsernameToken, now: datetime) -> bool:
        if not token.digest:
            return True  # a text password has no nonce to tell uses apart
        with self._lock:
            self._forget(now - MAX_CLOCK_SKEW)
            if token.password in self._seen:
                return False
            self._seen[token.password] = now
            return True

    def _forget(self, before: datetime) -> None:
        """Drop digests older than `before`, and the oldest past the bound (dicts keep order)."""
        seen = self._seen
        while seen and (len(seen) >= MAX_SEEN_DIGESTS or next(iter(seen.values())) < before):
            del seen[next(iter(seen))]
