"""The ONVIF emulator as the simulator runs it: every camera's device, its HTTP server and the
WS-Discovery responder, started and stopped together."""

from __future__ import annotations

import logging

from simulator.onvif.device import Cameras, Device
from simulator.onvif.responder import DiscoveryResponder
from simulator.onvif.server import OnvifApp, OnvifServer
from simulator.onvif.wsse import Credentials
from simulator.service import advertised_host
from simulator.settings import SimulatorSettings

log = logging.getLogger(__name__)


def devices(settings: SimulatorSettings) -> dict[int, Device]:
    """Port to device, one per camera (cam-N on onvif_port + N - 1); empty with ONVIF off."""
    host = advertised_host(settings.host)
    return {
        port: Device(
            camera_id, host, port, settings.width, settings.height, settings.fps, settings.gop
        )
        for camera_id, port in settings.onvif_ports().items()
    }


def credentials(settings: SimulatorSettings) -> Credentials:
    if settings.onvif_password is None:
        raise ValueError("ONVIF needs a password")  # settings refuse this already
    return Credentials(settings.onvif_username, settings.onvif_password)


class OnvifEmulator:
    def __init__(self, settings: SimulatorSettings, cameras: Cameras) -> None:
        """Binds every port now: raises OSError naming the one that is taken."""
        self.devices = devices(settings)
        app = OnvifApp(self.devices, cameras, credentials(settings), settings.fps)
        self._server = OnvifServer(app, settings.host, self.devices)
        self._responder: DiscoveryResponder | None = None
        try:
            if settings.discovery_port:
                ordered = list(self.devices.values())
                self._responder = DiscoveryResponder(
                    settings.host, settings.discovery_port, ordered
                )
        except OSError:
            self._server.stop()
            raise

    def start(self) -> None:
        self._server.start()
        if self._responder is not None:
            self._responder.start()
        ports = sorted(self.devices)
        log.info("ONVIF devices on ports %d..%d", ports[0], ports[-1])

    def stop(self) -> None:
        if self._responder is not None:
            self._responder.stop()
        self._server.stop()
