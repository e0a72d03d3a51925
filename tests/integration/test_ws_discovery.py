"""WS-Discovery between the simulator's ONVIF devices and `command-center discover`, by
multicast on the standard port, with no --host: on this machine, and on one with no route."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing

import pytest

from servers.simulator import REPO_ROOT, running_simulator
from simulator.onvif.device import Device
from simulator.onvif.responder import DiscoveryResponder
from simulator.settings import WS_DISCOVERY_PORT
from stream_gateway.discovery import MULTICAST, parse_matches, probe_message

CAMERAS = 2
PROBE_WAIT_S = 2.0  # the answers come in milliseconds; the wait only bounds the search
COMMAND_TIMEOUT_S = 60.0  # importing the command centre on a busy machine
REPLY_WAIT_S = 0.5  # loopback answers come in microseconds; this only ends the listening


@pytest.fixture(scope="module")
def sim():
    with running_simulator(CAMERAS, onvif=True, discovery_port=WS_DISCOVERY_PORT) as handle:
        yield handle


def _xaddr(sim, camera_id: str) -> str:
    return f"http://127.0.0.1:{sim.onvif_port_of(camera_id)}/onvif/device_service"


def test_discover_without_host_finds_every_simulated_device(sim):
    done = subprocess.run(
        [sys.executable, "-m", "composition", "discover", "--timeout", str(PROBE_WAIT_S)],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
    )
    assert done.returncode == 0, done.stderr
    for n in range(1, CAMERAS + 1):  # other simulators on this machine may answer too
        assert _xaddr(sim, f"cam-{n}") in done.stdout


def test_a_client_probing_by_the_default_multicast_route_finds_devices_on_loopback(sim):
    """As ONVIF Device Manager and most libraries probe: one datagram, no interface chosen."""
    message_id = str(uuid.uuid4())
    with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as sock:
        sock.bind(("0.0.0.0", 0))
        try:
            sock.sendto(probe_message(message_id), MULTICAST)
        except OSError as error:
            pytest.skip(f"this machine has no multicast route: {error}")
        found = _collect(sock, message_id)
    assert {_xaddr(sim, f"cam-{n}") for n in range(1, CAMERAS + 1)} <= found


def _collect(sock: socket.socket, message_id: str) -> set[str]:
    found: set[str] = set()
    deadline = time.monotonic() + PROBE_WAIT_S
    while (left := deadline - time.monotonic()) > 0:
        sock.settimeout(left)
        try:
            data, _ = sock.recvfrom(65_535)
        except TimeoutError:
            break
        found |= {x for device in parse_matches(data, message_id) for x in device.xaddrs}
    return found


def _in_private_network(script: str) -> subprocess.CompletedProcess[str]:
    """Runs `script` (sh) in a network namespace of its own: loopback only, no route."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare (util-linux) is not installed")
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("no user namespaces here: cannot make a network without routes")
    return subprocess.run(
        ["unshare", "-rn", "sh", "-c", script],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT_S,
    )


def test_with_no_multicast_route_discover_says_why_and_suggests_host():
    command = f"{sys.executable} -m composition discover --timeout 0.5"
    done = _in_private_network(command)  # loopback down: no interface carries multicast
    assert done.returncode == 0, done.stderr
    assert "0 device(s) found" in done.stdout
    assert "could not be sent on any interface" in done.stdout
    assert "this machine has no route for multicast" in done.stdout
    assert "--host HOST[:PORT]" in done.stdout


def test_with_loopback_only_multicast_still_finds_devices_on_this_machine():
    script = f"""ip link set lo up && {sys.executable} - <<'EOF'
import asyncio
from simulator.onvif.device import Device
from simulator.onvif.responder import DiscoveryResponder
from stream_gateway.discovery import discover

devices = [Device(f"cam-{{n}}", "127.0.0.1", 9000 + n, 640, 360, 25, 50) for n in (1, 2)]
responder = DiscoveryResponder("127.0.0.1", {WS_DISCOVERY_PORT}, devices)
responder.start()
result = asyncio.run(discover({PROBE_WAIT_S}, [], multicast=True))
responder.stop()
print(sorted(x for d in result.devices for x in d.xaddrs))
EOF"""
    done = _in_private_network(script)
    assert done.returncode == 0, done.stderr
    assert "http://127.0.0.1:9001/onvif/device_service" in done.stdout
    assert "http://127.0.0.1:9002/onvif/device_service" in done.stdout


def test_the_same_probe_twice_is_answered_once_per_device():
    """Our client probes on every interface: the responder hears it on each and answers once."""
    devices = [Device(f"cam-{n}", "127.0.0.1", 9000 + n, 640, 360, 25, 50) for n in (1, 2)]
    responder = DiscoveryResponder("127.0.0.1", 0, devices)  # port 0: any free, unicast only
    responder.start()
    try:
        with closing(socket.socket(socket.AF_INET, socket.SOCK_DGRAM)) as sock:
            sock.bind(("127.0.0.1", 0))
            probe = probe_message("same-id")
            for _ in range(2):
                sock.sendto(probe, ("127.0.0.1", responder.port))
            another = probe_message("another-id")
            sock.sendto(another, ("127.0.0.1", responder.port))
            replies = _replies(sock, expected=3 * len(devices))
    finally:
        responder.stop()
    related = sorted(r.split(b"RelatesTo>")[1].split(b"<")[0] for r in replies)
    assert related == [b"urn:uuid:another-id"] * 2 + [b"urn:uuid:same-id"] * 2


def _replies(sock: socket.socket, expected: int) -> list[bytes]:
    """What arrives until `expected` datagrams came or nothing more comes for a while."""
    sock.settimeout(REPLY_WAIT_S)
    replies = []
    while len(replies) < expected:
        try:
            replies.append(sock.recv(65_535))
        except TimeoutError:
            break
    return replies
