"""Run the simulator: control API first (it answers 503 while clips load), the ONVIF devices if
asked for (snapshots answer 503 while clips load), then RTSP, then wait.

Threads: uvicorn serves the API in one, the GLib main loop serves RTSP in another, a second
uvicorn serves every ONVIF device in a third and a fourth answers WS-Discovery probes; the
calling thread encodes or loads clips, then waits for SIGINT/SIGTERM and shuts them all down.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import uvicorn

from simulator.api import create_app
from simulator.faults import Fault
from simulator.library import clip_library
from simulator.onvif.emulator import OnvifEmulator
from simulator.registry import CameraRegistry, camera_ids
from simulator.rtsp import RtspServer
from simulator.sensors import SensorFeeder
from simulator.service import Simulator
from simulator.settings import SimulatorSettings

log = logging.getLogger(__name__)

API_START_TIMEOUT_S = 10.0  # uvicorn binds in milliseconds; longer means something is wrong
API_STOP_TIMEOUT_S = 5.0  # uvicorn's own graceful shutdown for open requests
POLL_S = 0.5  # how often the main thread checks that the API thread is still alive


class ApiServer:
    def __init__(
        self, simulator: Simulator, host: str, port: int, sensors: SensorFeeder | None = None
    ) -> None:
        app = create_app(simulator, sensors)
        config = uvicorn.Config(app, host=host, port=port, log_level="warning")
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._server.run, name="api", daemon=True)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def start(self) -> None:
        """Raises OSError when the API did not come up (port taken: uvicorn logs why)."""
        self._thread.start()
        deadline = time.monotonic() + API_START_TIMEOUT_S
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise OSError(f"control API did not start on port {self._server.config.port}")
            time.sleep(0.05)

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(API_STOP_TIMEOUT_S)


def run_simulator(settings: SimulatorSettings) -> int:
    ids = camera_ids(settings.cameras)
    faults = {camera_id: Fault(kind) for camera_id, kind in settings.faults.items()}
    registry = CameraRegistry(ids, faults)
    simulator = Simulator(registry, settings.host, settings.rtsp_port, settings.scenes)
    sensors = _sensor_feeder(settings)
    api = ApiServer(simulator, settings.host, settings.api_port, sensors)
    stop = threading.Event()
    onvif: OnvifEmulator | None = None
    with _stop_on_signals(stop):
        try:
            api.start()
            onvif = _serve_onvif(simulator, settings)  # answers before clips load, as the API
            _serve_rtsp(simulator, settings, ids)
        except OSError as error:
            log.error("%s", error)
            _stop(onvif, simulator, api)
            return 1
        _announce(simulator, settings)
        if sensors is not None:
            sensors.start()
        while not stop.wait(POLL_S) and api.alive and not _orphaned(settings.parent_pid):
            pass
        log.info("shutting down")
        if sensors is not None:
            sensors.stop()
        _stop(onvif, simulator, api)
    return 0


def _orphaned(parent_pid: int | None) -> bool:
    """True once the parent we were started by has died (we were handed to another)."""
    if parent_pid is None or os.getppid() == parent_pid:
        return False
    log.warning("parent process %d is gone: shutting down", parent_pid)
    return True


def _sensor_feeder(settings: SimulatorSettings) -> SensorFeeder | None:
    if settings.sensors_url is None or settings.sensors_token is None:
        return None
    token = settings.sensors_token.get_secret_value()
    return SensorFeeder(settings.sensors_url, token, settings.sensors_interval_s)


def _stop(onvif: OnvifEmulator | None, simulator: Simulator, api: ApiServer) -> None:
    if onvif is not None:
        onvif.stop()
    simulator.stop()
    api.stop()


def _serve_rtsp(simulator: Simulator, settings: SimulatorSettings, ids: list[str]) -> None:
    library = clip_library(settings)
    clips = {camera_id: library.clips(camera_id) for camera_id in ids}
    rtsp = RtspServer(settings.host, settings.rtsp_port, simulator.registry, clips, settings.fps)
    simulator.serve(rtsp, library)


def _serve_onvif(simulator: Simulator, settings: SimulatorSettings) -> OnvifEmulator | None:
    if not settings.onvif_port:
        return None
    onvif = OnvifEmulator(settings, simulator)
    onvif.start()
    return onvif


def _announce(simulator: Simulator, settings: SimulatorSettings) -> None:
    urls = [camera.url for camera in simulator.cameras()]
    shown = f"{urls[0]} .. {urls[-1]}" if len(urls) > 1 else urls[0]
    api = f"http://{settings.host}:{settings.api_port}"
    onvif = ""
    if settings.onvif_port:
        last = settings.onvif_port + settings.cameras - 1
        onvif = f"  ONVIF ports {settings.onvif_port}..{last}"
    print(f"simulator ready: {len(urls)} cameras {shown}  control API {api}{onvif}", flush=True)


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """SIGINT/SIGTERM set `stop` (main thread only: Python delivers signals there)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handle(signum: int, _frame: FrameType | None) -> None:
        log.info("received %s", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
