"""A thin adapter around onvif-zeep-async: device info, profiles, stream and snapshot URIs, PTZ.

Every call that fails raises `OnvifFailure` with a `LinkFailure` and a message that never
holds the password (zeep and aiohttp messages can carry URLs with credentials).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any

import aiohttp
import zeep.exceptions
from onvif import ONVIFCamera
from onvif.exceptions import ONVIFAuthError, ONVIFError, ONVIFTimeoutError

from common.redaction import redact
from events.schema import LinkFailure
from stream_gateway.config import CameraConfig, OnvifConfig
from stream_gateway.sources import StreamSource, password_from, with_credentials

CALL_TIMEOUT_S = 10.0  # a device that takes longer for one SOAP call is treated as gone
_AUTH_FAULTS = ("NotAuthorized", "not authorized", "Sender not Authorized")


class OnvifFailure(Exception):
    def __init__(self, failure: LinkFailure, reason: str) -> None:
        super().__init__(reason)
        self.failure = failure


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    manufacturer: str
    model: str
    firmware: str
    serial: str


@dataclass(frozen=True, slots=True)
class MediaProfile:
    token: str
    name: str
    width: int
    height: int
    encoding: str


@dataclass(frozen=True, slots=True)
class Preset:
    token: str
    name: str


@dataclass(frozen=True, slots=True)
class PtzStatus:
    pan: float
    tilt: float
    zoom: float
    moving: bool


def pick_profile(profiles: list[MediaProfile], stream: str) -> MediaProfile:
    """main: the largest picture; sub: the smallest (cheapest to patrol)."""
    if not profiles:
        raise OnvifFailure(LinkFailure.NOT_FOUND, "the device has no media profile")
    area = [p.width * p.height for p in profiles]
    if stream == "main":
        return profiles[area.index(max(area))]  # the first of the largest
    return profiles[len(area) - 1 - area[::-1].index(min(area))]  # the last of the smallest


class OnvifDevice:
    """`async with OnvifDevice(config, password) as device:` then its calls."""

    def __init__(self, config: OnvifConfig, password: str) -> None:
        self._config = config
        self._secrets = (password,) if password else ()
        # The client signs every call with a WS-UsernameToken; without a user name it cannot.
        self._camera = ONVIFCamera(
            config.host, config.port, config.username or "", password, adjust_time=True
        )

    async def open(self) -> OnvifDevice:
        """Learn the device's service addresses; closes again if that fails."""
        try:
            await self._call(self._camera.update_xaddrs())
        except BaseException:
            await self.close()
            raise
        return self

    async def close(self) -> None:
        await self._camera.close()

    async def __aenter__(self) -> OnvifDevice:
        return await self.open()

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def info(self) -> DeviceInfo:
        device = await self._camera.create_devicemgmt_service()
        got = await self._call(device.GetDeviceInformation())
        return DeviceInfo(
            str(got.Manufacturer), str(got.Model), str(got.FirmwareVersion), str(got.SerialNumber)
        )

    async def profiles(self) -> list[MediaProfile]:
        media = await self._camera.create_media_service()
        return [_profile(p) for p in await self._call(media.GetProfiles())]

    async def stream_uri(self, token: str) -> str:
        media = await self._camera.create_media_service()
        setup = {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
        got = await self._call(media.GetStreamUri({"StreamSetup": setup, "ProfileToken": token}))
        return str(got.Uri)

    async def snapshot(self, token: str) -> bytes | None:
        return await self._call(self._camera.get_snapshot(token))  # type: ignore[no-any-return]

    async def presets(self, token: str) -> list[Preset]:
        ptz = await self._camera.create_ptz_service()
        got = await self._call(ptz.GetPresets({"ProfileToken": token}))
        return [Preset(str(p.token), str(p.Name)) for p in got or []]

    async def goto_preset(self, token: str, preset: str) -> None:
        ptz = await self._camera.create_ptz_service()
        await self._call(ptz.GotoPreset({"ProfileToken": token, "PresetToken": preset}))

    async def ptz_status(self, token: str) -> PtzStatus:
        ptz = await self._camera.create_ptz_service()
        got = await self._call(ptz.GetStatus({"ProfileToken": token}))
        position, moves = got.Position, got.MoveStatus
        moving = any(str(getattr(moves, axis, "IDLE")) == "MOVING" for axis in ("PanTilt", "Zoom"))
        return PtzStatus(
            float(position.PanTilt.x), float(position.PanTilt.y), float(position.Zoom.x), moving
        )

    async def _call(self, pending: Any) -> Any:
        try:
            return await asyncio.wait_for(pending, CALL_TIMEOUT_S)
        except (TimeoutError, ONVIFTimeoutError) as exc:
            raise self._failure(LinkFailure.TIMEOUT, exc) from None
        except ONVIFAuthError as exc:
            raise self._failure(LinkFailure.AUTH, exc) from None
        except zeep.exceptions.Fault as exc:
            auth = any(text in str(exc.message) for text in _AUTH_FAULTS)
            raise self._failure(LinkFailure.AUTH if auth else LinkFailure.OTHER, exc) from None
        except aiohttp.ClientConnectorError as exc:
            raise self._failure(LinkFailure.REFUSED, exc) from None
        except (ONVIFError, aiohttp.ClientError, zeep.exceptions.Error, OSError) as exc:
            raise self._failure(_from_text(str(exc)), exc) from None

    def _failure(self, failure: LinkFailure, exc: BaseException) -> OnvifFailure:
        where = f"ONVIF {self._config.host}:{self._config.port}"
        return OnvifFailure(
            failure, f"{where}: {redact(str(exc) or type(exc).__name__, self._secrets)}"
        )


def _from_text(text: str) -> LinkFailure:
    if any(t in text for t in _AUTH_FAULTS) or "401" in text:
        return LinkFailure.AUTH
    return LinkFailure.OTHER


def _profile(raw: Any) -> MediaProfile:
    video = getattr(raw, "VideoEncoderConfiguration", None)
    resolution = getattr(video, "Resolution", None)
    return MediaProfile(
        token=str(raw.token),
        name=str(raw.Name),
        width=int(getattr(resolution, "Width", 0) or 0),
        height=int(getattr(resolution, "Height", 0) or 0),
        encoding=str(getattr(video, "Encoding", "") or ""),
    )


@dataclass(frozen=True, slots=True)
class ResolvedCamera:
    source: StreamSource
    profile: MediaProfile
    device: OnvifDevice  # open: the caller closes it


async def resolve_stream(
    camera: CameraConfig, environ: Mapping[str, str] | None = None
) -> ResolvedCamera:
    """The RTSP source of an ONVIF camera's chosen profile, credentials put in."""
    assert camera.onvif is not None
    config = camera.onvif
    password = password_from(camera.id, config.password_env, environ)
    device = await OnvifDevice(config, password).open()
    try:
        profile = pick_profile(await device.profiles(), config.stream)
        uri = await device.stream_uri(profile.token)
    except BaseException:
        await device.close()
        raise
    url = with_credentials(uri, config.username, password)
    source = StreamSource(camera.id, url, (password,) if password else ())
    return ResolvedCamera(source, profile, device)
