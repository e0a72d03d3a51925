"""The UDP side of WS-Discovery: answer probes sent to host:port, and multicast ones on 3702.

Unicast always works (a client that knows the host probes it directly). Multicast needs the
standard port; the group is joined on every interface, loopback included, whatever address
the devices listen on: a probe from a client on this machine is looped back on the interface
it was sent from, which is the multicast route's (the default route's, say eth0) unless the
client chose one, so a responder that joined on loopback only (its listen address, 127.0.0.1)
never heard it. Where no interface can join, the responder says so and serves unicast only.
Answers go back to the sender's address, from the unicast socket, as the spec asks; a
responder on a loopback address can answer only senders on this machine (the kernel sends
nothing from 127.0.0.1 elsewhere), which are the only ones its loopback XAddrs would serve.

Written by hand: the `WSDiscovery` package binds port 3702 on every interface (so tests cannot
run side by side or pick a port), publishes one service per instance with its own threads,
and multicasts Hello messages; none of which a simulator of many devices wants.
"""

from __future__ import annotations

import logging
import selectors
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Sequence

from simulator.onvif import discovery
from simulator.onvif.device import Device
from simulator.settings import WS_DISCOVERY_PORT

log = logging.getLogger(__name__)

MAX_DATAGRAM = 65_535  # UDP's own limit; a probe is under 1 KiB
POLL_S = 0.5  # how often the thread looks at its stop flag when no probe comes
STOP_TIMEOUT_S = 2.0  # > POLL_S: the thread notices and ends within one poll
# Probes answered lately, by MessageID: a client probing on several interfaces (ours does) or
# repeating its probe (SOAP-over-UDP allows it) sends the same message more than once, and
# each device answers it once. 64 covers many clients searching at the same moment.
RECENT_PROBES = 64


class DiscoveryResponder:
    def __init__(self, host: str, port: int, devices: Sequence[Device]) -> None:
        self._devices = tuple(devices)
        self._unicast = _bind(host, port)
        self._sockets = [self._unicast, *_multicast(host, port, self._unicast)]
        self._instance = int(time.time())  # AppSequence InstanceId: grows with each restart
        self._sent = 0
        self._recent: deque[str] = deque(maxlen=RECENT_PROBES)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="ws-discovery", daemon=True)

    @property
    def port(self) -> int:
        return int(self._unicast.getsockname()[1])

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(STOP_TIMEOUT_S)
        for sock in self._sockets:
            sock.close()

    def _run(self) -> None:
        with selectors.DefaultSelector() as selector:
            for sock in self._sockets:
                selector.register(sock, selectors.EVENT_READ)
            while not self._stop.is_set():
                for key, _ in selector.select(POLL_S):
                    self._answer(key.fileobj)  # type: ignore[arg-type]

    def _answer(self, sock: socket.socket) -> None:
        try:
            data, sender = sock.recvfrom(MAX_DATAGRAM)
        except OSError as error:
            log.debug("ws-discovery receive failed: %s", error)
            return
        if self._seen(data):
            return
        sequence = discovery.Sequence(self._instance, self._sent + 1)
        replies = discovery.answers(data, self._devices, sequence)
        self._sent += len(replies)
        for reply in replies:
            try:
                self._unicast.sendto(reply, sender)
            except OSError as error:
                log.debug("ws-discovery reply to %s failed: %s", sender, error)
                return

    def _seen(self, data: bytes) -> bool:
        """True for a probe answered already; remembers the others."""
        probe = discovery.parse_probe(data)
        if probe is None:
            return False
        if probe.message_id in self._recent:
            return True
        self._recent.append(probe.message_id)
        return False


def _bind(host: str, port: int) -> socket.socket:
    """Raises OSError when the port is taken, like the other servers of the simulator; only
    the standard port is shared (other WS-Discovery listeners on the host use it too)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    if port == WS_DISCOVERY_PORT:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen for WS-Discovery on {host}:{port}: {error}") from None
    return sock


def _multicast(host: str, port: int, unicast: socket.socket) -> list[socket.socket]:
    """Extra sockets taking multicast probes: none off the standard port, none where no
    interface joins, and none when `unicast` listens on every interface (it joins itself)."""
    if port != WS_DISCOVERY_PORT:
        return []
    try:
        if host in ("", "0.0.0.0"):
            _join_everywhere(unicast)
            return []
        return [_group_socket(port)]
    except OSError as error:
        log.warning("WS-Discovery multicast unavailable (%s); unicast probes only", error)
        return []


def _group_socket(port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((discovery.MULTICAST_GROUP, port))
        _join_everywhere(sock)
    except OSError:
        sock.close()
        raise
    return sock


def _join_everywhere(sock: socket.socket) -> None:
    """Joins the group on each interface that can; raises OSError when none can."""
    joined, errors = [], []
    for index, name in socket.if_nameindex():
        try:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, membership(index))
            joined.append(name)
        except OSError as error:
            errors.append(f"{name}: {error.strerror or error}")
    if not joined:
        raise OSError("no interface joins the group: " + "; ".join(errors or ["no interfaces"]))
    log.debug("WS-Discovery group joined on %s", ", ".join(joined))


def membership(index: int) -> bytes:
    """IP_ADD_MEMBERSHIP's argument for the group on one interface (Linux's struct ip_mreqn)."""
    group = socket.inet_aton(discovery.MULTICAST_GROUP)
    return struct.pack("4s4si", group, bytes(4), index)
