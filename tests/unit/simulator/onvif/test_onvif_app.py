"""The ONVIF HTTP app in process (httpx over ASGI, a real `Simulator` without RTSP): routing,
authentication, faults, presets; requests and digests are built here from the specs."""

import asyncio
import base64
import hashlib
import logging
import os
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from lxml import etree
from pydantic import SecretStr

from simulator.onvif.device import Device
from simulator.onvif.server import OnvifApp
from simulator.onvif.soap import NS
from simulator.onvif.wsse import Credentials
from simulator.registry import CameraRegistry
from simulator.service import Simulator

PASSWORD = "canary-pw-4c1e"  # must never show in logs or replies
PORTS = {9001: "cam-1", 9002: "cam-2"}
DEVICE = "/onvif/device_service"
PTZ = "/onvif/ptz_service"


@pytest.fixture
def simulator() -> Simulator:
    return Simulator(CameraRegistry(list(PORTS.values())), "127.0.0.1", 8554)


@pytest.fixture
def app(simulator: Simulator) -> OnvifApp:
    devices = {p: Device(c, "127.0.0.1", p, 640, 360, 25, 50) for p, c in PORTS.items()}
    return OnvifApp(devices, simulator, Credentials("admin", SecretStr(PASSWORD)), fps=25)


def call(app: OnvifApp, path: str, body: bytes, port: int = 9001, **kw: object) -> httpx.Response:
    async def send() -> httpx.Response:
        transport = httpx.ASGITransport(app=app.asgi)
        async with httpx.AsyncClient(transport=transport, base_url=f"http://127.0.0.1:{port}") as c:
            return await c.post(path, content=body, **kw)  # type: ignore[arg-type]

    return asyncio.run(send())


def envelope(operation: str, header: str = "") -> bytes:
    return (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
        ' xmlns:tds="http://www.onvif.org/ver10/device/wsdl"'
        ' xmlns:tptz="http://www.onvif.org/ver20/ptz/wsdl">'
        f"<s:Header>{header}</s:Header><s:Body>{operation}</s:Body></s:Envelope>"
    ).encode()


def token(password: str, created: datetime | None = None) -> str:
    """A WS-Security UsernameToken with PasswordDigest, as the spec defines it."""
    nonce = os.urandom(16)
    stamp = (created or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    digest = base64.b64encode(hashlib.sha1(nonce + stamp.encode() + password.encode()).digest())
    wsse = NS["wsse"]
    return (
        f'<wsse:Security xmlns:wsse="{wsse}" xmlns:wsu="{NS["wsu"]}"><wsse:UsernameToken>'
        "<wsse:Username>admin</wsse:Username>"
        f'<wsse:Password Type="{wsse[: -len("secext-1.0.xsd")]}username-token-profile-1.0'
        f'#PasswordDigest">{digest.decode()}</wsse:Password>'
        f"<wsse:Nonce>{base64.b64encode(nonce).decode()}</wsse:Nonce>"
        f"<wsu:Created>{stamp}</wsu:Created></wsse:UsernameToken></wsse:Security>"
    )


def goto(preset: str) -> str:
    return (
        "<tptz:GotoPreset><tptz:ProfileToken>main</tptz:ProfileToken>"
        f"<tptz:PresetToken>{preset}</tptz:PresetToken></tptz:GotoPreset>"
    )


def subcodes(response: httpx.Response) -> list[str]:
    root = etree.fromstring(response.content)
    return [v.text for v in root.iterfind(".//s:Subcode/s:Value", NS)]


def test_the_clock_is_read_without_credentials(app):
    response = call(app, DEVICE, envelope("<tds:GetSystemDateAndTime/>"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/soap+xml")
    assert b"<tt:Year>" in response.content


def test_device_information_needs_credentials_and_says_not_authorized_with_a_challenge(app):
    response = call(app, DEVICE, envelope("<tds:GetDeviceInformation/>"))
    assert response.status_code == 401
    assert subcodes(response) == ["ter:NotAuthorized"]
    assert response.headers["www-authenticate"].startswith("Digest ")


def test_a_right_digest_token_is_served_by_the_device_owning_the_port(app):
    body = envelope("<tds:GetDeviceInformation/>", token(PASSWORD))
    response = call(app, DEVICE, body, port=9002)
    assert response.status_code == 200
    assert b"<tds:SerialNumber>SIM-cam-2</tds:SerialNumber>" in response.content


def test_wrong_password_stale_token_and_replay_are_all_not_authorized(app):
    stale = token(PASSWORD, datetime.now(UTC) - timedelta(minutes=6))
    replayed = envelope("<tds:GetDeviceInformation/>", token(PASSWORD))
    assert call(app, DEVICE, replayed).status_code == 200
    for header in (token("nope"), stale):
        assert call(app, DEVICE, envelope("<tds:GetDeviceInformation/>", header)).status_code == 401
    assert subcodes(call(app, DEVICE, replayed)) == ["ter:NotAuthorized"]


def test_http_digest_is_accepted_instead_of_a_token(app):
    body = envelope("<tds:GetDeviceInformation/>")
    response = call(app, DEVICE, body, auth=httpx.DigestAuth("admin", PASSWORD))
    assert response.status_code == 200


def test_an_unknown_operation_or_one_of_another_service_is_action_not_supported(app):
    for path, operation in ((DEVICE, "<tds:Reboot/>"), (PTZ, "<tds:GetDeviceInformation/>")):
        response = call(app, path, envelope(operation, token(PASSWORD)))
        assert response.status_code == 500
        assert subcodes(response) == ["ter:ActionNotSupported"]


def test_malformed_xml_is_a_sender_fault(app):
    response = call(app, DEVICE, b"<s:Envelope")
    assert response.status_code == 400
    assert subcodes(response) == ["ter:WellFormed"]


def test_goto_preset_turns_the_camera_and_status_reports_it(app, simulator):
    assert call(app, PTZ, envelope(goto("3"), token(PASSWORD))).status_code == 200
    assert simulator.camera("cam-1").pan == 1.0
    assert simulator.camera("cam-2").pan == 0.0
    status = "<tptz:GetStatus><tptz:ProfileToken>main</tptz:ProfileToken></tptz:GetStatus>"
    root = etree.fromstring(call(app, PTZ, envelope(status, token(PASSWORD))).content)
    pan_tilt = root.find(".//tt:Position/tt:PanTilt", NS)
    assert pan_tilt is not None and float(pan_tilt.get("x")) == 1.0
    assert root.findtext(".//tt:MoveStatus/tt:PanTilt", namespaces=NS) == "IDLE"


def test_an_unknown_preset_or_profile_is_an_invalid_argument(app, simulator):
    bad_profile = "<tptz:GetPresets><tptz:ProfileToken>hd</tptz:ProfileToken></tptz:GetPresets>"
    response = call(app, PTZ, envelope(goto("9"), token(PASSWORD)))
    assert (response.status_code, subcodes(response)) == (400, ["ter:InvalidArgVal", "ter:NoToken"])
    response = call(app, PTZ, envelope(bad_profile, token(PASSWORD)))
    assert subcodes(response) == ["ter:InvalidArgVal", "ter:NoProfile"]
    assert simulator.camera("cam-1").pan == 0.0


def test_the_password_never_shows_in_logs_or_replies(app, caplog):
    caplog.set_level(logging.DEBUG)
    sent = "sent-canary-93b0"
    text_token = token(PASSWORD).replace("#PasswordDigest", "#PasswordText")
    replies = [
        call(app, DEVICE, envelope("<tds:GetDeviceInformation/>", token(sent))),
        call(app, DEVICE, envelope("<tds:GetDeviceInformation/>", text_token)),
        call(app, DEVICE, envelope("<tds:GetCapabilities/>")),
    ]
    seen = caplog.text + "".join(r.text + str(r.headers) for r in replies)
    assert PASSWORD not in seen and sent not in seen
