"""HTTP Digest and Basic as cameras check them, driven by httpx's own Digest implementation."""

import base64

import httpx
from pydantic import SecretStr

from simulator.onvif import http_auth
from simulator.onvif.wsse import Credentials

CREDENTIALS = Credentials("admin", SecretStr("s3cret"))
NOW = 1_800_000_000.0
URL = "http://camera/onvif/snapshot.jpg"


def authorization_from_httpx(password: str, now: float = NOW) -> str:
    """The Authorization header httpx's DigestAuth answers our challenge with."""
    flow = httpx.DigestAuth("admin", password).auth_flow(httpx.Request("GET", URL))
    request = next(flow)
    challenge = {"WWW-Authenticate": http_auth.challenge(now)}
    answered = flow.send(httpx.Response(401, headers=challenge, request=request))
    return answered.headers["Authorization"]


def test_httpx_digest_with_the_right_password_is_accepted():
    header = authorization_from_httpx("s3cret")
    assert http_auth.is_authorized(header, "GET", CREDENTIALS, NOW + 1)


def test_digest_with_a_wrong_password_or_another_method_is_refused():
    assert not http_auth.is_authorized(authorization_from_httpx("nope"), "GET", CREDENTIALS, NOW)
    header = authorization_from_httpx("s3cret")
    assert not http_auth.is_authorized(header, "POST", CREDENTIALS, NOW)


def test_a_nonce_past_its_lifetime_or_not_ours_is_refused():
    header = authorization_from_httpx("s3cret")
    late = NOW + http_auth.NONCE_LIFETIME_S + 1
    assert not http_auth.is_authorized(header, "GET", CREDENTIALS, late)
    forged = header.replace('nonce="', 'nonce="1')
    assert not http_auth.is_authorized(forged, "GET", CREDENTIALS, NOW)


def test_basic_is_accepted_with_the_right_password_only():
    def basic(password: str) -> str:
        return "Basic " + base64.b64encode(f"admin:{password}".encode()).decode()

    assert http_auth.is_authorized(basic("s3cret"), "GET", CREDENTIALS, NOW)
    assert not http_auth.is_authorized(basic("s3cre"), "GET", CREDENTIALS, NOW)
    assert not http_auth.is_authorized("Basic !!!", "GET", CREDENTIALS, NOW)
    assert not http_auth.is_authorized(None, "GET", CREDENTIALS, NOW)
