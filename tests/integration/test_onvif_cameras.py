"""ONVIF cameras through our client (onvif-zeep-async) against the simulator's ONVIF devices."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator

import numpy as np
import pytest

from composition.cli import main
from events.schema import CameraStatus, Event, Finding
from servers.simulator import SimulatorHandle, free_port, running_simulator
from stream_gateway.config import CameraConfig, GatewayConfig, OnvifConfig
from stream_gateway.gateway import Gateway
from stream_gateway.ingest import KeyframeReader, ReaderTimeouts, grab_keyframe
from stream_gateway.onvif import OnvifDevice, resolve_stream
from stream_gateway.onvif_source import SnapshotFallback
from stream_gateway.sources import StreamSource

PASSWORD = "admin"  # what running_simulator(onvif=True) gives its devices
RUN_S = 8.0


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorHandle]:
    with running_simulator(2, onvif=True) as handle:
        yield handle


@pytest.fixture(autouse=True)
def passwords(monkeypatch):
    monkeypatch.setenv("ONVIF_PW", PASSWORD)
    monkeypatch.setenv("ONVIF_WRONG_PW", "not-the-password")


def onvif(port: int, password_env: str = "ONVIF_PW", stream: str = "main") -> OnvifConfig:
    return OnvifConfig(
        host="127.0.0.1", port=port, username="admin", password_env=password_env, stream=stream
    )


def test_the_gateway_patrols_onvif_cameras_and_names_what_fails(sim):
    cameras = [
        CameraConfig(id="ok", name="ok", onvif=onvif(sim.onvif_port_of("cam-1"))),
        CameraConfig(
            id="wrong-pw", name="w", onvif=onvif(sim.onvif_port_of("cam-2"), "ONVIF_WRONG_PW")
        ),
        CameraConfig(id="nobody", name="n", onvif=onvif(free_port())),
    ]
    events: list[Event] = []

    async def run() -> None:
        gateway = Gateway(GatewayConfig(sample_interval_s=1), cameras, events.append)
        await gateway.start()
        await asyncio.sleep(RUN_S)
        await gateway.stop()

    asyncio.run(run())
    status = {e.camera_id: e for e in events if isinstance(e, CameraStatus)}
    assert status["ok"].state == "online"
    assert (status["wrong-pw"].state, status["wrong-pw"].failure) == ("error", "auth")
    assert (status["nobody"].state, status["nobody"].failure) == ("offline", "refused")
    assert "not-the-password" not in status["wrong-pw"].reason
    samples = [e for e in events if isinstance(e, Finding) and e.camera_id == "ok"]
    assert {f.check for f in samples} >= {"dark", "blur", "signal_loss"}


def test_a_sub_stream_is_the_smallest_profile_and_plays(sim):
    camera = CameraConfig(id="c", name="c", onvif=onvif(sim.onvif_port_of("cam-1"), stream="sub"))

    async def resolve() -> tuple[str, str]:
        resolved = await resolve_stream(camera)
        await resolved.device.close()
        return resolved.profile.token, resolved.source.url

    token, url = asyncio.run(resolve())
    assert token == "sub"
    assert grab_keyframe(url, (5, 5)).width > 0


def test_a_broken_stream_falls_back_to_the_device_snapshot(sim):
    dead = StreamSource("c", f"rtsp://127.0.0.1:{free_port()}/none", ())

    async def fallback_frame():
        device = await OnvifDevice(onvif(sim.onvif_port_of("cam-1")), PASSWORD).open()
        reader = KeyframeReader(dead, ReaderTimeouts(2, 2, 2))
        frames = SnapshotFallback(reader, device, "main")
        frames.start()
        try:
            deadline = time.monotonic() + 10
            while not reader.link_lost and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            return await frames.next_keyframe(), frames.trouble
        finally:
            frames.stop()
            await device.close()

    keyframe, trouble = asyncio.run(fallback_frame())
    assert keyframe is not None and keyframe.fallback
    assert keyframe.frame.to_ndarray(format="gray").std() > 10  # a real picture, not blank
    assert trouble is not None and trouble.failure == "refused"


def test_going_to_a_preset_turns_the_picture(sim):
    async def ptz(preset: str) -> tuple[list[str], str]:
        async with OnvifDevice(onvif(sim.onvif_port_of("cam-2")), PASSWORD) as device:
            names = [p.name for p in await device.presets("main")]
            await device.goto_preset("main", preset)
            status = await device.ptz_status("main")
            return names, f"{status.pan:.2f}"

    url = sim.rtsp_url("cam-2")
    home = grab_keyframe(url, (5, 5)).to_ndarray(format="gray").astype(np.int16)
    names, pan = asyncio.run(ptz("3"))
    time.sleep(3)  # the simulator switches clips at the next keyframe
    turned = grab_keyframe(url, (5, 5)).to_ndarray(format="gray").astype(np.int16)
    asyncio.run(ptz("1"))
    assert names == ["Home", "Gate", "Street"]
    assert pan != "0.00"
    assert np.abs(turned - home).mean() > 10


def test_discover_lists_every_device_with_model_and_profiles(sim, capsys):
    probe = ["--timeout", "1", "--no-multicast", "--host", f"127.0.0.1:{sim.discovery_port}"]
    code = main(["discover", *probe, "--username", "admin", "--password-env", "ONVIF_PW", "--json"])
    listed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert sorted(d["name"] for d in listed) == ["cam-1", "cam-2"]
    ports = {sim.onvif_port_of("cam-1"), sim.onvif_port_of("cam-2")}
    assert {int(d["xaddr"].split(":")[2].split("/")[0]) for d in listed} == ports
    assert all(d["model"].endswith("SimCam") and len(d["profiles"]) == 2 for d in listed)
