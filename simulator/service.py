"""The simulator as the control API and ONVIF see it: cameras, URLs, faults, views, changes."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from simulator.encoding import Clip
from simulator.faults import ClipName, Fault, streams
from simulator.library import ClipLibrary
from simulator.registry import CameraRegistry
from simulator.rtsp import RtspServer
from simulator.scenes import SceneKind

ANY_ADDRESS = {"", "0.0.0.0", "::"}  # bound to every interface: advertise loopback instead


@dataclass(frozen=True)
class CameraView:
    id: str
    url: str
    fault: Fault
    scene: SceneKind
    pan: float = 0.0  # 0 = home view; set by an ONVIF preset


def advertised_host(host: str) -> str:
    """The host to put in URLs for a listen address: loopback for "every interface"."""
    shown = "127.0.0.1" if host in ANY_ADDRESS else host
    return f"[{shown}]" if ":" in shown else shown


def rtsp_url(host: str, port: int, camera_id: str) -> str:
    return f"rtsp://{advertised_host(host)}:{port}/{camera_id}"


class Simulator:
    def __init__(
        self,
        registry: CameraRegistry,
        host: str,
        rtsp_port: int,
        scenes: Mapping[str, SceneKind] | None = None,
    ) -> None:
        self._registry = registry
        self._host, self._port = host, rtsp_port
        self._scenes = dict(scenes or {})
        self._rtsp: RtspServer | None = None
        self._library: ClipLibrary | None = None
        self._lock = threading.Lock()  # a fault change and its mount change happen as one

    @property
    def registry(self) -> CameraRegistry:
        return self._registry

    @property
    def ready(self) -> bool:
        return self._rtsp is not None

    def serve(self, rtsp: RtspServer, library: ClipLibrary) -> None:
        """Start `rtsp`; faults set before this moment are honoured by its first mounts."""
        with self._lock:
            for camera_id in self._registry.ids:
                library.request(camera_id, self._registry.wanted_clip(camera_id))
            rtsp.start()
            self._rtsp, self._library = rtsp, library

    def stop(self) -> None:
        with self._lock:
            if self._rtsp is not None:
                self._rtsp.stop()
                self._rtsp = None
            if self._library is not None:
                self._library.close()

    def cameras(self) -> list[CameraView]:
        return [self.camera(camera_id) for camera_id in self._registry.ids]

    def camera(self, camera_id: str) -> CameraView:
        url = rtsp_url(self._host, self._port, camera_id)
        scene = self._scenes.get(camera_id, SceneKind.STREET)
        fault, pan = self._registry.fault(camera_id), self._registry.pan(camera_id)
        return CameraView(camera_id, url, fault, scene, pan)

    def set_fault(self, camera_id: str, fault: Fault) -> CameraView:
        """Raises UnknownCameraError. Mounts change at once; pictures at the next frame, or
        once the fault's clip is encoded (under a second at 640x360) if it was not yet."""
        with self._lock:
            previous = self._registry.set_fault(camera_id, fault)
            self._request_clip(camera_id)
            if self._rtsp is not None and streams(previous) != streams(fault):
                self._rtsp.set_streaming(camera_id, streams(fault))
        return self.camera(camera_id)

    def set_pan(self, camera_id: str, pan: float) -> CameraView:
        """Turn the camera's view (0..1 of `fault_effects.MAX_PAN`); like a fault change, the
        picture follows at the next frame once the panned clip is encoded."""
        with self._lock:
            self._registry.set_pan(camera_id, pan)
            self._request_clip(camera_id)
        return self.camera(camera_id)

    def current_clip(self, camera_id: str) -> Clip | None:
        """The clip the camera shows now (None: no stream, or not serving yet). While the
        wanted clip is still being encoded, the normal clip stands in."""
        wanted = self._registry.wanted_clip(camera_id)
        if wanted is None or self._library is None:
            return None
        clips = self._library.clips(camera_id)
        return clips.get(wanted) or clips.get(ClipName.NORMAL)

    def _request_clip(self, camera_id: str) -> None:
        if self._library is not None:
            self._library.request(camera_id, self._registry.wanted_clip(camera_id))
