"""Device tokens: read from the environment variables the config names, compared in constant
time. A token too short to resist guessing is refused at start, as is one a sample file shows."""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import Iterable, Mapping

log = logging.getLogger(__name__)

MIN_TOKEN_LENGTH = 16  # 16 random URL-safe characters are about 96 bits
KNOWN_DEFAULTS = frozenset({"changeme", "change-me-please", "secret", "token"})


class TokenError(ValueError):
    """A device token that must not be used; str() names the variable, never the value."""


def load_tokens(names: Iterable[str], environ: Mapping[str, str] = os.environ) -> frozenset[str]:
    tokens = set()
    for name in names:
        token = environ.get(name, "").strip()
        if not token:
            log.warning("$%s is not set: no device can use it", name)
            continue
        if len(token) < MIN_TOKEN_LENGTH or token.lower() in KNOWN_DEFAULTS:
            raise TokenError(
                f"${name} is too short or a known default: use {MIN_TOKEN_LENGTH}+ "
                "random characters"
            )
        tokens.add(token)
    return frozenset(tokens)


def bearer_ok(authorization: str | None, tokens: frozenset[str]) -> bool:
    """Whether the Authorization header carries one of `tokens` as a Bearer token."""
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not presented:
        return False
    given = presented.strip().encode()
    return any(hmac.compare_digest(given, token.encode()) for token in tokens)
