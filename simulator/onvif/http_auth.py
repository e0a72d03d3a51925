"""HTTP Digest (RFC 7616, MD5, qop=auth) and Basic authentication, as cameras offer them.

ONVIF devices accept HTTP Digest as well as WS-UsernameToken, and snapshot URIs use HTTP auth
only. Nonces are stateless: `<issued unix time>.<HMAC of it>` under a key made at start, so any
nonce this process issued within `NONCE_LIFETIME_S` is good and nothing is stored per client.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets

from simulator.onvif.wsse import Credentials

REALM = "simulated-camera"
# A client reuses one nonce for every request until told it is stale; five minutes keeps
# challenges rare without trusting an old nonce for long.
NONCE_LIFETIME_S = 300
_KEY = secrets.token_bytes(32)  # per process: a restart invalidates every nonce, as on a camera
_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s,]+))')


def challenge(now: float) -> str:
    """The WWW-Authenticate header of a 401."""
    return f'Digest realm="{REALM}", qop="auth", algorithm=MD5, nonce="{_nonce(int(now))}"'


def is_authorized(header: str | None, method: str, credentials: Credentials, now: float) -> bool:
    """Whether an Authorization header carries these credentials (Digest or Basic)."""
    if not header:
        return False
    scheme, _, rest = header.partition(" ")
    if scheme.lower() == "basic":
        return _basic_ok(rest.strip(), credentials)
    if scheme.lower() == "digest":
        return _digest_ok(_params(rest), method, credentials, now)
    return False


def _basic_ok(encoded: str, credentials: Credentials) -> bool:
    try:
        user, _, password = base64.b64decode(encoded, validate=True).decode().partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return False
    secret = credentials.password.get_secret_value()
    return _same(user, credentials.username) & _same(password, secret)


def _digest_ok(p: dict[str, str], method: str, credentials: Credentials, now: float) -> bool:
    needed = ("username", "realm", "nonce", "uri", "response")
    if any(key not in p for key in needed) or not _nonce_fresh(p["nonce"], now):
        return False
    secret = credentials.password.get_secret_value()
    ha1 = _md5(f"{credentials.username}:{REALM}:{secret}")
    ha2 = _md5(f"{method}:{p['uri']}")
    if p.get("qop") == "auth":
        expected = _md5(f"{ha1}:{p['nonce']}:{p.get('nc', '')}:{p.get('cnonce', '')}:auth:{ha2}")
    else:
        expected = _md5(f"{ha1}:{p['nonce']}:{ha2}")
    return _same(p["username"], credentials.username) & _same(p["response"], expected)


def _params(text: str) -> dict[str, str]:
    return {m[1].lower(): m[2] if m[2] is not None else m[3] for m in _PARAM.finditer(text)}


def _nonce(issued: int) -> str:
    mac = hmac.new(_KEY, str(issued).encode(), hashlib.sha256).hexdigest()
    return f"{issued}.{mac}"


def _nonce_fresh(nonce: str, now: float) -> bool:
    issued, _, _mac = nonce.partition(".")
    if not issued.isdigit() or not hmac.compare_digest(nonce, _nonce(int(issued))):
        return False
    return 0 <= now - int(issued) <= NONCE_LIFETIME_S


def _md5(text: str) -> str:
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())
