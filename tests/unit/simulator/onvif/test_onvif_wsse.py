"""WS-UsernameToken: digest and text passwords, freshness of Created, replays."""

import base64
import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from pydantic import SecretStr

from simulator.onvif.wsse import MAX_CLOCK_SKEW, Credentials, ReplayGuard, UsernameToken, is_valid

NOW = datetime(2026, 5, 1, 12, 0, 0, tzinfo=UTC)
CREDENTIALS = Credentials("admin", SecretStr("s3cret"))
NONCE = b"0123456789abcdef"


def digest_token(password: str, created: datetime = NOW, user: str = "admin") -> UsernameToken:
    """Built the way the WS-Security spec writes it, independently of the code under test."""
    stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
    raw = hashlib.sha1(NONCE + stamp.encode() + password.encode()).digest()
    return UsernameToken(
        user, base64.b64encode(raw).decode(), True, base64.b64encode(NONCE).decode(), stamp
    )


def test_the_right_digest_is_accepted_and_a_wrong_password_or_user_is_not():
    assert is_valid(digest_token("s3cret"), CREDENTIALS, NOW)
    assert not is_valid(digest_token("wrong"), CREDENTIALS, NOW)
    assert not is_valid(digest_token("s3cret", user="root"), CREDENTIALS, NOW)


@pytest.mark.parametrize("offset", [MAX_CLOCK_SKEW + timedelta(seconds=1), -MAX_CLOCK_SKEW * 2])
def test_a_created_time_too_far_from_the_device_clock_is_refused(offset):
    assert not is_valid(digest_token("s3cret", created=NOW - offset), CREDENTIALS, NOW)


def test_a_created_time_within_the_skew_is_accepted():
    assert is_valid(digest_token("s3cret", created=NOW - timedelta(minutes=4)), CREDENTIALS, NOW)


def test_a_text_password_is_accepted_only_when_right():
    assert is_valid(UsernameToken("admin", "s3cret", False, None, None), CREDENTIALS, NOW)
    assert not is_valid(UsernameToken("admin", "s3cre", False, None, None), CREDENTIALS, NOW)


def test_a_digest_without_nonce_or_with_a_bad_one_is_refused():
    token = digest_token("s3cret")
    no_nonce = UsernameToken(token.username, token.password, True, None, token.created)
    bad_nonce = UsernameToken(token.username, token.password, True, "not base64!", token.created)
    assert not is_valid(no_nonce, CREDENTIALS, NOW)
    assert not is_valid(bad_nonce, CREDENTIALS, NOW)


def test_the_same_digest_twice_is_a_replay_until_the_window_has_passed():
    guard, token = ReplayGuard(), digest_token("s3cret")
    assert guard.first_use(token, NOW)
    assert not guard.first_use(token, NOW + timedelta(seconds=1))
    assert guard.first_use(token, NOW + MAX_CLOCK_SKEW * 2)
