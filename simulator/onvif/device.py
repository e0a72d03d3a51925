"""What one emulated ONVIF device is: its identity, addresses and media profiles.

One device per simulated camera, each on its own HTTP port, so a client given host:port finds
`/onvif/device_service` there as on a real camera. Two profiles share the camera's one RTSP
stream: `main` and `sub` report the same size, because the simulator encodes each camera once
and a second encoding would double the CPU it costs; clients that pick `sub` still play.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from simulator.encoding import MAX_KBPS, Clip
from simulator.onvif.soap import Element
from simulator.service import CameraView

MANUFACTURER = "Command Centre"
MODEL = "SimCam"
FIRMWARE = "1.0"
ONVIF_VERSION = (2, 60)  # the ONVIF release whose WSDLs these replies follow
# Stable per camera across restarts, as a device's WS-Discovery address must be.
ENDPOINT_NAMESPACE = uuid.UUID("5f1c1a8e-6f8a-4a51-9a41-6c0a8f0b6a11")
DEVICE_PATH = "/onvif/device_service"
MEDIA_PATH = "/onvif/media_service"
PTZ_PATH = "/onvif/ptz_service"
SNAPSHOT_PATH = "/onvif/snapshot.jpg"


@dataclass(frozen=True)
class Profile:
    token: str
    name: str


PROFILES = (Profile("main", "MainStream"), Profile("sub", "SubStream"))


@dataclass(frozen=True)
class Device:
    camera_id: str
    host: str  # as put in URLs (`service.advertised_host`)
    port: int
    width: int
    height: int
    fps: int
    gop: int
    bitrate_kbps: int = MAX_KBPS

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def device_xaddr(self) -> str:
        return self.base_url + DEVICE_PATH

    @property
    def media_xaddr(self) -> str:
        return self.base_url + MEDIA_PATH

    @property
    def ptz_xaddr(self) -> str:
        return self.base_url + PTZ_PATH

    def snapshot_uri(self, profile: Profile) -> str:
        return f"{self.base_url}{SNAPSHOT_PATH}?profile={profile.token}"

    @property
    def endpoint(self) -> str:
        """WS-Addressing endpoint reference: the device's identity in WS-Discovery."""
        return uuid.uuid5(ENDPOINT_NAMESPACE, self.camera_id).urn

    @property
    def serial(self) -> str:
        return f"SIM-{self.camera_id}"

    def scopes(self) -> list[str]:
        base = "onvif://www.onvif.org"
        return [
            f"{base}/type/video_encoder",
            f"{base}/type/ptz",
            f"{base}/Profile/Streaming",
            f"{base}/name/{self.camera_id}",
            f"{base}/hardware/{MODEL}",
            f"{base}/location/simulator",
        ]


class Cameras(Protocol):
    """The live side a device needs from the simulator (`service.Simulator` is one)."""

    def camera(self, camera_id: str) -> CameraView: ...

    def set_pan(self, camera_id: str, pan: float) -> CameraView: ...

    def current_clip(self, camera_id: str) -> Clip | None: ...


@dataclass(frozen=True)
class Context:
    """What an operation sees: its device, the live cameras, and the time (UTC) of the call."""

    device: Device
    cameras: Cameras
    now: datetime

    @property
    def view(self) -> CameraView:
        return self.cameras.camera(self.device.camera_id)


Operation = Callable[[Element, Context], Element]  # one ONVIF operation: request in, reply out


def profile(token: str | None) -> Profile | None:
    return next((p for p in PROFILES if p.token == token), None)
