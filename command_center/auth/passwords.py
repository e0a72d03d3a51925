"""Password hashing with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()
# Checked against when the user does not exist, so an unknown name costs as long as a known one.
_DUMMY_HASH = _hasher.hash("not a password of anyone")

MIN_PASSWORD_LENGTH = 12
# Refused outside demo mode, whatever their length: the passwords people try first.
DEFAULT_PASSWORDS = frozenset(
    {
        "admin",
        "administrator",
        "password",
        "changeme",
        "change-me",
        "secret",
        "123456",
        "12345678",
        "123456789012",
        "admin123",
        "password123",
        "letmein",
        "demo",
    }
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str) -> str | None:
    """Why `password` may not be used, or None."""
    if password.strip().lower() in DEFAULT_PASSWORDS:
        return "it is a well-known default password"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"it is shorter than {MIN_PASSWORD_LENGTH} characters"
    return None
