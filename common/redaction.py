"""Keep camera credentials out of everything a person or a log can read."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

MASK = "***"
_URL_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/\s@]*@")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Mask user:password@ in any URL and every secret given, plain or percent-encoded."""
    masked = _URL_USERINFO.sub(lambda m: f"{m.group('scheme')}{MASK}@", text)
    for secret in secrets:
        if not secret:
            continue
        for form in {secret, quote(secret, safe=""), quote_plus(secret), quote(secret)}:
            masked = masked.replace(form, MASK)
    return masked
