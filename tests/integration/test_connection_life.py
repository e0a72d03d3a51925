"""Connection life on real sockets: each way a camera fails gets its state and reason, and the
healthy cameras beside it keep their sampling pace, under both sampling policies."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import pytest

from events.schema import CameraStatus, Event, Finding
from servers.simulator import SimulatorHandle, free_port, running_simulator
from stream_gateway.config import CameraConfig, GatewayConfig
from stream_gateway.gateway import Gateway
from support import SilentServer, UnauthorizedServer

CANARY = "Canary%Pw!7"  # what a hostile or wrong camera is given: must show nowhere
RUN_S = 10.0
INTERVAL_S = 2.0  # the simulator's keyframe interval: a held-open stream has one new a sample
OPEN_TIMEOUT_S = 4.0  # long enough that a healthy camera queued behind a hung one would show it


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorHandle]:
    with running_simulator(2) as handle:
        yield handle


def cameras(sim: SimulatorHandle, silent: int, unauthorized: int) -> list[CameraConfig]:
    urls = {
        "good-1": sim.rtsp_url("cam-1"),
        "good-2": sim.rtsp_url("cam-2"),
        "wrong-path": sim.rtsp_url("cam-99"),
        "refused": f"rtsp://127.0.0.1:{free_port()}/stream",
        "hung": f"rtsp://127.0.0.1:{silent}/stream",
        "wrong-password": f"rtsp://127.0.0.1:{unauthorized}/stream",
    }
    secret = {"username": "operator", "password_env": "CANARY_PASSWORD"}
    return [
        CameraConfig(id=i, name=i, url=u, **(secret if i == "wrong-password" else {}))
        for i, u in urls.items()
    ]


def run_gateway(config: GatewayConfig, configs: list[CameraConfig]) -> list[tuple[float, Event]]:
    events: list[tuple[float, Event]] = []

    async def main() -> None:
        gateway = Gateway(config, configs, lambda e: events.append((time.monotonic(), e)))
        await gateway.start()
        await asyncio.sleep(RUN_S)
        await gateway.stop()

    asyncio.run(main())
    return events


@pytest.fixture(scope="module", params=["keep_open", "per_check"])
def run(request, sim, monkeypatch_module) -> tuple[str, list[tuple[float, Event]]]:
    monkeypatch_module.setenv("CANARY_PASSWORD", CANARY)
    silent, unauthorized = SilentServer(), UnauthorizedServer()
    config = GatewayConfig(
        sample_interval_s=INTERVAL_S,
        open_timeout_s=OPEN_TIMEOUT_S,
        read_timeout_s=OPEN_TIMEOUT_S,
        signal_timeout_s=2,
        reconnect_max_s=2,
        sampling=request.param,
        max_concurrent_opens=2,  # fewer slots than failing cameras: hung ones must not starve
    )
    return request.param, run_gateway(config, cameras(sim, silent.port, unauthorized.port))


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def last_status(events: list[tuple[float, Event]], camera: str) -> CameraStatus:
    statuses = [e for _, e in events if isinstance(e, CameraStatus) and e.camera_id == camera]
    assert statuses, f"no status for {camera}"
    return statuses[-1]


@pytest.mark.parametrize(
    ("camera", "state", "failure"),
    [
        ("good-1", "online", None),
        ("good-2", "online", None),
        ("wrong-path", "error", "not_found"),
        ("refused", "offline", "refused"),
        ("hung", "offline", "timeout"),
        ("wrong-password", "error", "auth"),
    ],
)
def test_each_camera_ends_in_its_state_with_its_reason(run, camera, state, failure):
    status = last_status(run[1], camera)
    assert (status.state, status.failure) == (state, failure)
    assert (status.reason != "") == (failure is not None)


def test_failing_cameras_do_not_slow_the_healthy_ones(run):
    for camera in ("good-1", "good-2"):
        samples = [
            e
            for _, e in run[1]
            if isinstance(e, Finding) and e.camera_id == camera and e.check == "dark"
        ]
        # One sample an interval; queued behind the hung open they would get about 2.
        assert len(samples) >= RUN_S / INTERVAL_S - 1, (run[0], camera, len(samples))


def test_the_password_shows_in_no_event(run):
    for _, event in run[1]:
        text = repr(event.model_dump(exclude={"jpeg", "evidence_jpeg"}))
        assert CANARY not in text and "Canary%25Pw" not in text and "Canary" not in text
