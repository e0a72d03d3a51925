"""Find ONVIF devices with WS-Discovery: a Probe by UDP, ProbeMatches back.

Multicast to 239.255.255.250:3702 where the network carries it, and unicast probes to given
hosts where it does not (routed camera networks, containers). Parsing refuses DTDs and
entities: a reply is untrusted input from anything on the network.
"""

from __future__ import annotations

import asyncio
import socket
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


class _Collector(asyncio.DatagramProtocol):
    def __init__(self, message_id: str) -> None:
        self.message_id = message_id
        self.found: dict[str, FoundDevice] = {}

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        for device in parse_matches(data, self.message_id):
            self.found.setdefault(device.address or ",".join(device.xaddrs), device)


async def discover(
    timeout_s: float, unicast: list[tuple[str, int]], multicast: bool = True
) -> list[FoundDevice]:
    """Probe, wait `timeout_s` for answers, return each device once."""
    message_id = str(uuid.uuid4())
    loop = asyncio.get_running_loop()
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 2)
    sock.bind(("0.0.0.0", 0))
    transport, collector = await loop.create_datagram_endpoint(
        lambda: _Collector(message_id), sock=sock
    )
    try:
        targets = [*unicast, *([MULTICAST] if multicast else [])]
        for target in targets:
            try:
                transport.sendto(probe_message(message_id), target)
            except OSError:
                continue  # no route for multicast here: the unicast probes still go
        await asyncio.sleep(timeout_s)
    finally:
        transport.close()
    return sorted(collector.found.values(), key=lambda d: d.xaddrs)
