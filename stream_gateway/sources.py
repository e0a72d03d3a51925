"""Where a camera's stream is: its URL with the credentials taken from the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import quote

from stream_gateway.config import CameraConfig


class MissingSecretError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class StreamSource:
    camera_id: str
    url: str  # may carry credentials: never log it, pass it through redact()
    secrets: tuple[str, ...]


def password_from(
    camera_id: str, env_name: str | None, environ: Mapping[str, str] | None = None
) -> str:
    """The password named by `password_env`, "" when none is named."""
    env = os.environ if environ is None else environ
    if env_name is None:
        return ""
    if env_name not in env:
        raise MissingSecretError(f"camera {camera_id}: environment variable {env_name} is not set")
    return env[env_name]


def with_credentials(url: str, username: str | None, password: str) -> str:
    if username is None:
        return url
    scheme, rest = url.split("://", 1)
    rest = rest.split("@", 1)[-1]  # a device may hand out a URL with its own userinfo
    userinfo = quote(username, safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    return f"{scheme}://{userinfo}@{rest}"


def stream_source(camera: CameraConfig, environ: Mapping[str, str] | None = None) -> StreamSource:
    """An RTSP camera's source; ONVIF cameras get theirs from `onvif.resolve_stream`."""
    if camera.url is None:
        raise ValueError(f"camera {camera.id} has no url: resolve its stream over ONVIF")
    password = password_from(camera.id, camera.password_env, environ)
    url = with_credentials(camera.url, camera.username, password)
    return StreamSource(camera.id, url, (password,) if password else ())
