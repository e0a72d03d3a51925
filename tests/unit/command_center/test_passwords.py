"""The password policy: the trivially weak refused with a reason that quotes nothing."""

from __future__ import annotations

import pytest

from command_center.auth.passwords import weakness


@pytest.mark.parametrize(
    ("password", "username", "reason"),
    [
        ("letmein", None, "it is a common password, or one with digits or symbols added"),
        ("Password2024!", None, "it is a common password, or one with digits or symbols added"),
        ("P@ssw0rd123456", None, "it is a common password, or one with digits or symbols added"),
        ("woaini1314520", None, "it is a common password, or one with digits or symbols added"),
        ("!!Dragon1234567", None, "it is a common password, or one with digits or symbols added"),
        ("short-1", None, "it is shorter than 12 characters"),
        ("aaaaaaaaaaaa", None, "it has fewer than 5 different characters"),
        ("abababababababab", None, "it has fewer than 5 different characters"),
        ("qwertyuiopasd", None, "it is a run along the keyboard or the alphabet"),
        ("123456789012", None, "it is a run along the keyboard or the alphabet"),
        ("lkjhgfdsapoiu", None, "it is a run along the keyboard or the alphabet"),
        ("1qaz2wsx3edc4rfv", None, "it is a run along the keyboard or the alphabet"),
        ("ann.smith-2026-spring", "ann.smith", "it contains the user name"),
        ("my-ADMIN-password-1", "admin", "it contains the user name"),
    ],
)
def test_a_weak_password_is_refused_with_its_reason(password, username, reason) -> None:
    assert weakness(password, username) == reason
    assert password.lower() not in reason.lower()
    assert username is None or username not in reason


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("correct-horse-battery-7", "ann"),
        ("tram stop at the old mill", "jo"),  # a name shorter than 3 may appear by chance
        ("Vq8#mT2!pL9z", "admin"),
        ("passwordless-login-is-the-future", None),  # holds a common word, is not one
    ],
)
def test_a_reasonable_password_passes(password, username) -> None:
    assert weakness(password, username) is None
