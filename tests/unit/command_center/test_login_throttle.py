"""The login throttle: attempts counted when they start, per (user, address), per user and
per address; a success gives its attempt back; an admin's unlock forgets a user's failures."""

from __future__ import annotations

import pytest

from command_center.auth.throttle import LoginThrottle, RefusalDigest, Throttled, ThrottleLimits

LIMITS = ThrottleLimits(window_s=900, per_user_address=5, per_user=12, per_address=30)


def fail(throttle: LoginThrottle, times: int, user: str, address: str, now: float = 0) -> None:
    for _ in range(times):
        throttle.reserve(user, address, now)


def test_attempts_count_when_they_start_not_when_they_fail() -> None:
    throttle = LoginThrottle(LIMITS)
    fail(throttle, 5, "ann", "10.0.0.5")  # none of them has finished yet
    with pytest.raises(Throttled) as refused:
        throttle.reserve("ann", "10.0.0.5", 1)
    assert refused.value.retry_after_s == 899


def test_a_success_gives_its_attempt_back_and_clears_that_address() -> None:
    throttle = LoginThrottle(LIMITS)
    fail(throttle, 4, "ann", "10.0.0.5")
    throttle.release(throttle.reserve("ann", "10.0.0.5", 0))
    fail(throttle, 5, "ann", "10.0.0.5")
    with pytest.raises(Throttled):
        throttle.reserve("ann", "10.0.0.5", 0)


def test_failures_from_one_address_do_not_lock_the_user_out_from_another() -> None:
    throttle = LoginThrottle(LIMITS)
    fail(throttle, 5, "admin", "203.0.113.9")
    with pytest.raises(Throttled):
        throttle.reserve("admin", "203.0.113.9", 0)
    throttle.reserve("admin", "10.0.0.5", 0)


def test_the_user_ceiling_stops_a_guesser_spread_over_addresses() -> None:
    throttle = LoginThrottle(LIMITS)
    for n in range(12):
        throttle.reserve("ann", f"203.0.113.{n}", 0)
    with pytest.raises(Throttled):
        throttle.reserve("ann", "10.0.0.5", 0)
    throttle.reserve("bob", "10.0.0.5", 0)


def test_the_address_limit_holds_whatever_the_names() -> None:
    throttle = LoginThrottle(LIMITS)
    for n in range(30):
        throttle.reserve(f"user{n}", "203.0.113.9", 0)
    with pytest.raises(Throttled):
        throttle.reserve("ann", "203.0.113.9", 0)


def test_an_unlock_forgets_the_users_failures_from_every_address_only() -> None:
    throttle = LoginThrottle(LIMITS)
    for n in range(12):
        throttle.reserve("ann", f"203.0.113.{n}", 0)
    for n in range(30):
        throttle.reserve(f"user{n}", "198.51.100.1", 0)
    throttle.unlock("Ann")
    fail(throttle, 5, "ann", "203.0.113.0")
    with pytest.raises(Throttled):
        throttle.reserve("ann", "198.51.100.1", 0)  # that address's own limit stays


def test_failures_age_out_of_the_window() -> None:
    throttle = LoginThrottle(LIMITS)
    fail(throttle, 5, "ann", "10.0.0.5", now=0)
    throttle.reserve("ann", "10.0.0.5", 900)


def test_a_user_name_is_counted_whatever_its_case() -> None:
    throttle = LoginThrottle(LIMITS)
    for name in ("ann", "Ann", "ANN", "aNn", "anN"):
        throttle.reserve(name, "10.0.0.5", 0)
    with pytest.raises(Throttled):
        throttle.reserve("ann", "10.0.0.5", 0)


def test_throttled_logins_are_audited_once_a_minute_with_their_count() -> None:
    digest = RefusalDigest(every_s=60)
    assert digest.note("ann", "10.0.0.5", 0) == 1
    assert [digest.note("Ann", "10.0.0.5", t) for t in (1, 2, 59)] == [None, None, None]
    assert digest.note("bob", "10.0.0.5", 30) == 1  # another pair is its own
    assert digest.note("ann", "10.0.0.5", 60) == 4  # the three held back, and this one
    assert digest.note("ann", "10.0.0.5", 200) == 1
