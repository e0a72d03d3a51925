"""Where a camera's stream is: its URL with the credentials taken from the environment."""

from __future__ import annotations

import os
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


def stream_source(camera: CameraConfig, environ: dict[str, str] | None = None) -> StreamSource:
    env = os.environ if environ is None else environ
    if camera.username is None:
        return StreamSource(camera.id, camera.url, ())
    password = ""
    if camera.password_env is not None:
        if camera.password_env not in env:
            raise MissingSecretError(
                f"camera {camera.id}: environment variable {camera.password_env} is not set"
            )
        password = env[camera.password_env]
    scheme, rest = camera.url.split("://", 1)
    userinfo = quote(camera.username, safe="")
    if password:
        userinfo += ":" + quote(password, safe="")
    return StreamSource(camera.id, f"{scheme}://{userinfo}@{rest}", (password,) if password else ())
