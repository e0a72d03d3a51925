"""The first admin, and what the server refuses to start with.

Outside demo mode the server does not start with an admin password that the password policy
refuses (`passwords.weakness`: common, short, few characters, a run of keys, the name), nor
with no user at all and no password to make the first admin with: a command centre on a
network must never come up with a default credential. In demo mode a missing password is
made up and printed.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass

from command_center.auth.passwords import weakness

ADMIN_PASSWORD_ENV = "CC_ADMIN_PASSWORD"
FIRST_ADMIN_USERNAME = "admin"
DEMO_PASSWORD_BYTES = 12  # 16 URL-safe characters


class SetupError(Exception):
    """The server must not start; str() is the one-line message for the operator."""


@dataclass(frozen=True, slots=True)
class AdminPassword:
    value: str | None
    made_up: bool = False


def admin_password(demo: bool, environ: Mapping[str, str] = os.environ) -> AdminPassword:
    value = environ.get(ADMIN_PASSWORD_ENV) or None
    if value is None:
        if demo:
            return AdminPassword(secrets.token_urlsafe(DEMO_PASSWORD_BYTES), made_up=True)
        return AdminPassword(None)
    reason = weakness(value, FIRST_ADMIN_USERNAME)
    if reason is not None and not demo:
        raise SetupError(f"{ADMIN_PASSWORD_ENV} is refused: {reason}; set a strong password")
    return AdminPassword(value)


def require_first_admin(has_users: bool, password: AdminPassword) -> None:
    if not has_users and password.value is None:
        raise SetupError(
            f"there is no user yet: set {ADMIN_PASSWORD_ENV} to the first admin's password "
            f"(user name `{FIRST_ADMIN_USERNAME}`)"
        )
