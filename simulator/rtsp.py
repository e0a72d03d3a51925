"""The RTSP side: gst-rtsp-server with one mount per camera, fed by `Feeder`s.

Media are shared: one pipeline per camera whatever the number of clients, so serving N readers
costs what serving one does. A camera under a no-stream fault (disconnect) loses its mount (new
DESCRIBEs get 404) and every client connection holding one of its sessions is closed.
All server calls run on the GLib main loop thread; other threads go through `_call`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

from simulator.clips import CameraClips  # noqa: E402
from simulator.faults import ClipId, streams  # noqa: E402
from simulator.feeder import Feeder  # noqa: E402
from simulator.registry import CameraRegistry  # noqa: E402

log = logging.getLogger(__name__)

LAUNCH = (
    "appsrc name=src is-live=true format=time"
    " caps=video/x-h264,stream-format=byte-stream,alignment=au"
    " ! h264parse config-interval=-1 ! rtph264pay name=pay0 pt=96"
)
CALL_TIMEOUT_S = 2.0  # a fault change must reach clients within 2 s; the loop answers in ms
SESSION_SWEEP_S = 5  # how often expired sessions (UDP clients that vanished) are dropped
T = TypeVar("T")


class RtspServer:
    def __init__(
        self,
        host: str,
        port: int,
        registry: CameraRegistry,
        clips: dict[str, CameraClips],
        fps: int,
    ) -> None:
        Gst.init(None)
        self._registry, self._clips, self._fps = registry, clips, fps
        self._server = GstRtspServer.RTSPServer(address=host, service=str(port))
        self._factories = {camera_id: self._factory(camera_id) for camera_id in registry.ids}
        self._medias: dict[str, set[GstRtspServer.RTSPMedia]] = {c: set() for c in registry.ids}
        self._loop = GLib.MainLoop()
        self._thread = threading.Thread(target=self._loop.run, name="rtsp-loop", daemon=True)

    def start(self) -> None:
        """Listen and serve; raises OSError when the port cannot be bound."""
        for camera_id in self._registry.ids:
            if streams(self._registry.fault(camera_id)):
                self._mount(camera_id)
        if self._server.attach(None) == 0:
            raise OSError(f"cannot listen for RTSP on port {self._server.get_service()}")
        GLib.timeout_add_seconds(SESSION_SWEEP_S, self._sweep_sessions)
        self._thread.start()

    def stop(self) -> None:
        if self._thread.is_alive():
            self._call(lambda: self._server.client_filter(_remove_all))
            self._loop.quit()
            self._thread.join(CALL_TIMEOUT_S)

    def set_streaming(self, camera_id: str, on: bool) -> None:
        """Mount the camera, or unmount it and close the connections that play it."""
        self._call(lambda: self._mount(camera_id) if on else self._unmount(camera_id))

    def _factory(self, camera_id: str) -> GstRtspServer.RTSPMediaFactory:
        factory = GstRtspServer.RTSPMediaFactory()
        factory.set_launch(LAUNCH)
        factory.set_shared(True)
        factory.connect("media-configure", self._configure, camera_id)
        return factory

    def _configure(self, _factory: object, media: GstRtspServer.RTSPMedia, camera_id: str) -> None:
        appsrc = media.get_element().get_child_by_name("src")

        def wanted() -> ClipId | None:
            return self._registry.wanted_clip(camera_id)

        Feeder(camera_id, self._clips[camera_id], wanted, self._fps).attach(appsrc)
        self._medias[camera_id].add(media)
        media.connect("unprepared", self._unprepared, camera_id)
        log.info("%s: pipeline started", camera_id)

    def _unprepared(self, media: GstRtspServer.RTSPMedia, camera_id: str) -> None:
        self._medias[camera_id].discard(media)
        log.info("%s: pipeline stopped", camera_id)

    def _mount(self, camera_id: str) -> None:
        self._server.get_mount_points().add_factory(f"/{camera_id}", self._factories[camera_id])

    def _unmount(self, camera_id: str) -> None:
        self._server.get_mount_points().remove_factory(f"/{camera_id}")
        medias = self._medias[camera_id]
        self._server.client_filter(lambda _s, client: _remove_if_playing(client, medias))

    def _sweep_sessions(self) -> bool:
        self._server.get_session_pool().cleanup()
        return True  # keep the timer

    def _call(self, func: Callable[[], T]) -> T:
        """Run `func` on the loop thread and wait for it (directly if not started)."""
        if not self._thread.is_alive() or threading.current_thread() is self._thread:
            return func()
        done, box = threading.Event(), []

        def run() -> bool:
            box.append(func())
            done.set()
            return False  # run once

        GLib.idle_add(run)
        if not done.wait(CALL_TIMEOUT_S):
            raise TimeoutError("RTSP loop did not answer")
        return box[0]


def _remove_if_playing(
    client: GstRtspServer.RTSPClient, medias: set[GstRtspServer.RTSPMedia]
) -> GstRtspServer.RTSPFilterResult:
    for session in client.session_filter(None):
        if any(sm.get_media() in medias for sm in session.filter(None)):
            return GstRtspServer.RTSPFilterResult.REMOVE
    return GstRtspServer.RTSPFilterResult.KEEP


def _remove_all(_server: object, _client: object) -> GstRtspServer.RTSPFilterResult:
    return GstRtspServer.RTSPFilterResult.REMOVE
