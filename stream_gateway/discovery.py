"""Find ONVIF devices with WS-Discovery: a Probe by UDP, ProbeMatches back.

Multicast to 239.255.255.250:3702 where the network carries it, and unicast probes to given
hosts where it does not (routed camera networks, containers). Parsing refuses DTDs and
entities: a reply is untrusted input from anything on the network.

The multicast probe goes out on every interface, loopback included, as other WS-Discovery
clients do: sent once, it leaves by the multicast route's interface only (the default route's),
so devices reachable on another interface, or on this machine listening on loopback, never
hear it; and without any multicast route it is not sent at all. What each interface did is
returned, so a search that found nothing can say why.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import uuid
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

MULTICAST = ("239.255.255.250", 3702)
PROBE_TYPES = "dn:NetworkVideoTransmitter"
MAX_DATAGRAM = 65_535
NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "dn": "http://www.onvif.org/ver10/network/wsdl",
}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass(frozen=True, slots=True)
class FoundDevice:
    address: str  # the endpoint reference: stable per device
    xaddrs: tuple[str, ...]  # its device service URLs
    scopes: tuple[str, ...]

    def scope(self, kind: str) -> str:
        """An onvif://www.onvif.org/<kind>/<value> scope's value, "" when absent."""
        prefix = f"onvif://www.onvif.org/{kind}/"
        return next((unquote(s[len(prefix) :]) for s in self.scopes if s.startswith(prefix)), "")


def probe_message(message_id: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<s:Envelope xmlns:s="{NS["s"]}" xmlns:a="{NS["a"]}" xmlns:d="{NS["d"]}" '
        f'xmlns:dn="{NS["dn"]}"><s:Header>'
        f"<a:Action>{NS['d']}/Probe</a:Action>"
        f"<a:MessageID>urn:uuid:{message_id}</a:MessageID>"
        "<a:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</a:To>"
        f"</s:Header><s:Body><d:Probe><d:Types>{PROBE_TYPES}</d:Types></d:Probe></s:Body>"
        "</s:Envelope>"
    ).encode()


def parse_matches(datagram: bytes, message_id: str) -> list[FoundDevice]:
    """The devices in a ProbeMatches answering our probe; [] for anything else."""
    try:
        root = etree.fromstring(datagram, _PARSER)
    except etree.XMLSyntaxError:
        return []
    relates = root.findtext(".//a:RelatesTo", namespaces=NS) or ""
    if relates.strip() != f"urn:uuid:{message_id}":
        return []
    return [_device(match) for match in root.iterfind(".//d:ProbeMatch", NS)]


def _device(match: etree._Element) -> FoundDevice:
    def words(path: str) -> tuple[str, ...]:
        return tuple((match.findtext(path, namespaces=NS) or "").split())

    address = (match.findtext("a:EndpointReference/a:Address", namespaces=NS) or "").strip()
    return FoundDevice(address, words("d:XAddrs"), words("d:Scopes"))


@dataclass(frozen=True, slots=True)
class MulticastSend:
    interface: str
    error: str = ""  # why the probe was not sent on it; "" when it was


@dataclass(frozen=True)
class Discovery:
    devices: list[FoundDevice]
    multicast: tuple[MulticastSend, ...] = ()  # one per interface tried; () with multicast off


def why_nothing_found(result: Discovery, timeout_s: float) -> str | None:
    """What to tell a user whose multicast search found nothing; None when there is nothing
    to explain (devices were found, or multicast was not used)."""
    if result.devices or not result.multicast:
        return None
    sent = [m.interface for m in result.multicast if not m.error]
    if not sent:
        failures = ", ".join(f"{m.interface}: {m.error}" for m in result.multicast)
        return (
            f"multicast probes could not be sent on any interface ({failures}): this machine "
            "has no route for multicast. Probe devices directly with --host HOST[:PORT]."
        )
    return (
        f"multicast probes went out on {', '.join(sent)} and nothing answered within "
        f"{timeout_s:g} s. Multicast does not cross routers and firewalls may drop UDP 3702: "
        "probe devices directly with --host HOST[:PORT]."
    )


def interface_choice(index: int) -> bytes:
    """IP_MULTICAST_IF's argument naming an interface by index (Linux's struct ip_mreqn)."""
    return struct.pack("4s4si", socket.inet_aton(MULTICAST[0]), bytes(4), index)


def send_multicast(sock: socket.socket, probe: bytes) -> tuple[MulticastSend, ...]:
    """The probe on every interface; where interfaces cannot be named (not Linux), once."""
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 1)  # devices on this machine
    sends = []
    for index, name in socket.if_nameindex():
        try:
            sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, interface_choice(index))
            sock.sendto(probe, MULTICAST)
        except OSError as error:
            sends.append(MulticastSend(name, error.strerror or str(error)))
        else:
            sends.append(MulticastSend(name))
    if not any(not s.error for s in sends):
        sends.append(_send_default(sock, probe))
    return tuple(sends)


def _send_default(sock: socket.socket, probe: bytes) -> MulticastSend:
    try:
        sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton("0.0.0.0"))
        sock.sendto(probe, MULTICAST)
    except OSError as error:
        return MulticastSend("default route", error.strerror or str(error))
    return MulticastSend("default route")


class _Collector(asyncio.DatagramProtocol):
    def __init__(self, message_id: str) -> None:
        self.message_id = message_id
        self.found: dict[str, FoundDevice] = {}

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        for device in parse_matches(data, self.message_id):
            self.found.setdefault(device.address or ",".join(device.xaddrs), device)


async def discover(
    timeout_s: float, unicast: list[tuple[str, int]], multicast: bool = True
) -> Discovery:
    """Probe, wait `timeout_s` for answers, return each device once."""
    message_id = str(uuid.uuid4())
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)
    sock.bind(("0.0.0.0", 0))
    transport, collector = await loop.create_datagram_endpoint(
        lambda: _Collector(message_id), sock=sock
    )
    probe = probe_message(message_id)
    try:
        for target in unicast:
            transport.sendto(probe, target)
        sends = send_multicast(sock, probe) if multicast else ()
        await asyncio.sleep(timeout_s)
    finally:
        transport.close()
    return Discovery(sorted(collector.found.values(), key=lambda d: d.xaddrs), sends)
