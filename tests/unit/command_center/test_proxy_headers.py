"""Proxy headers are believed from the configured proxies only (uvicorn's own default
believes X-Forwarded-For from 127.0.0.1)."""

from __future__ import annotations

import pytest

from command_center.api.proxy_headers import uvicorn_proxy_options
from command_center.config import ServerConfig
from composition.config import ConfigError, parse_config


def test_no_proxy_configured_turns_proxy_headers_off() -> None:
    assert uvicorn_proxy_options(ServerConfig()) == {"proxy_headers": False}


def test_configured_proxies_are_the_only_ones_believed() -> None:
    server = ServerConfig(trusted_proxies=["10.0.0.2", "192.168.10.0/24", "::1"])
    assert uvicorn_proxy_options(server) == {
        "proxy_headers": True,
        "forwarded_allow_ips": ["10.0.0.2", "192.168.10.0/24", "::1"],
    }


@pytest.mark.parametrize("entry", ["*", "proxy.example", "10.0.0.300", ""])
def test_a_proxy_that_is_not_an_address_or_network_is_refused(entry: str) -> None:
    with pytest.raises(ConfigError, match=r"config.yaml:2: server.trusted_proxies"):
        parse_config(f"server:\n  trusted_proxies: [{entry!r}]\n", "config.yaml")
