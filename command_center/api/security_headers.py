"""The browser hardening every HTTP response carries (docs/http.md).

The pages load nothing but this origin's own files: no inline script or style, no CDN, no
frame around them. The built frontend (one module script, one stylesheet) and the API docs
(Swagger UI from a pinned package, docs.py) are made to fit.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",  # scripts, styles, fonts, fetch and the websocket: this origin only
        "img-src 'self' data:",  # the favicon and Swagger UI's icons are data: URLs
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",  # no page may frame the console (clickjacking)
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
    # Our own pages keep sending Referer (the cookie check falls back on it); other sites get
    # nothing, so a camera or wall id never leaks in a link. `no-referrer` would also make
    # browsers send `Origin: null` on our own fetches, which the cookie check refuses.
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_hardened(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_hardened)
