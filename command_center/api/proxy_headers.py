"""Whom to believe about the client's address: proxy headers from configured proxies only.

uvicorn by default believes X-Forwarded-For from 127.0.0.1 (or $FORWARDED_ALLOW_IPS): any
local process, or a proxy that passes the header on unchecked, could then pick the address
that the audit log records and that the login throttle counts. We turn that off unless
`server.trusted_proxies` names the proxies, and then believe exactly those.
"""

from __future__ import annotations

from typing import Any

from command_center.config import ServerConfig


def uvicorn_proxy_options(server: ServerConfig) -> dict[str, Any]:
    """uvicorn.run's keywords for proxy headers."""
    if not server.trusted_proxies:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(server.trusted_proxies)}
