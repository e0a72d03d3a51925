"""Password hashing with argon2id (argon2-cffi's defaults: 64 MiB, 3 passes), and the
password policy (`weakness`)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from command_center.auth.common_passwords import COMMON_PASSWORDS

_hasher = PasswordHasher()
# Checked against when the user does not exist, so an unknown name costs as long as a known one.
_DUMMY_HASH = _hasher.hash("not a password of anyone")

MIN_PASSWORD_LENGTH = 12
# `abababababab` and `aaaa1111aaaa` are long but guessed at once: a password needs this many
# different characters.
MIN_DISTINCT_CHARACTERS = 5
# A user name shorter than this may appear in a password by chance (`al`, `jo`).
MIN_NAME_IN_PASSWORD = 3
# Runs along the keyboard or the alphabet, in either direction: `qwertyuiopas`, `123456789012`.
SEQUENCES = (
    "01234567890123456789",
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
    "1q2w3e4r5t6y7u8i9o0p",
)
# What people put for letters (`p@ssw0rd`), read back before the list is searched.
LOOKALIKES = str.maketrans(
    {"@": "a", "4": "a", "3": "e", "1": "i", "!": "i", "0": "o", "$": "s", "5": "s", "7": "t"}
)
ADDED = "0123456789!@#$%^&*()-_=+.,;:?~ "  # stripped from both ends of a common password


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def weakness(password: str, username: str | None = None) -> str | None:
    """Why `password` may not be used (a reason that quotes neither it nor the name), or
    None. The same policy for every password: the API's and CC_ADMIN_PASSWORD."""
    lowered = password.strip().lower()
    if _is_common(lowered):
        return "it is a common password, or one with digits or symbols added"
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"it is shorter than {MIN_PASSWORD_LENGTH} characters"
    if len(set(lowered)) < MIN_DISTINCT_CHARACTERS:
        return f"it has fewer than {MIN_DISTINCT_CHARACTERS} different characters"
    if any(lowered in run or lowered in run[::-1] for run in SEQUENCES):
        return "it is a run along the keyboard or the alphabet"
    name = (username or "").strip().lower()
    if len(name) >= MIN_NAME_IN_PASSWORD and name in lowered:
        return "it contains the user name"
    return None


def _is_common(lowered: str) -> bool:
    stripped = lowered.strip(ADDED)
    candidates = {lowered, stripped, stripped.translate(LOOKALIKES).strip(ADDED)}
    return bool(candidates & COMMON_PASSWORDS)
