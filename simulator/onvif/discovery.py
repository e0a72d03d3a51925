"""WS-Discovery (2005/04, as ONVIF uses it): a Probe in, one ProbeMatches per matching device.

Pure: bytes in, bytes out; `responder` does the UDP. Every device answers for itself, as if it
were its own box on the network, so a probe gets one datagram per device (a single message
holding 500 matches would not fit a UDP datagram). Matching follows the spec: every probed
type (a QName, resolved with the probe's own prefixes) must be one of the device's, and every
probed scope a prefix, segment by segment, of one of its scopes; a probe naming neither
matches every device.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from simulator.onvif.device import Device
from simulator.onvif.soap import NS, Element, MalformedRequest, element, envelope, parse_xml, q, sub

MULTICAST_GROUP = "239.255.255.250"
PROBE_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe"
MATCHES_ACTION = "http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches"
ANONYMOUS = "http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous"
DEVICE_TYPES = frozenset({(NS["dn"], "NetworkVideoTransmitter"), (NS["tds"], "Device")})
TYPES_TEXT = "dn:NetworkVideoTransmitter tds:Device"
METADATA_VERSION = 1  # bumped when what a device advertises changes; it never does here


@dataclass(frozen=True)
class Probe:
    message_id: str
    types: frozenset[tuple[str, str]]  # (namespace, local name)
    scopes: tuple[str, ...]


@dataclass(frozen=True)
class Sequence:
    """AppSequence of a reply: the responder's start (instance) and its message count."""

    instance_id: int
    message_number: int


def parse_probe(data: bytes) -> Probe | None:
    """The Probe in a datagram; None for anything else (other WS-Discovery messages, junk)."""
    try:
        root = parse_xml(data)
    except MalformedRequest:
        return None
    probe = root.find(f"{q('s', 'Body')}/{q('d', 'Probe')}")
    message_id = root.findtext(f"{q('s', 'Header')}/{q('a', 'MessageID')}")
    if probe is None or not message_id:
        return None
    types = probe.find(q("d", "Types"))
    scopes = probe.findtext(q("d", "Scopes")) or ""
    return Probe(message_id.strip(), _qnames(types), tuple(scopes.split()))


def matches(probe: Probe, device: Device) -> bool:
    if not probe.types <= DEVICE_TYPES:
        return False
    return all(any(_scope_matches(s, own) for own in device.scopes()) for s in probe.scopes)


def answers(data: bytes, devices: Iterable[Device], sequence: Sequence) -> list[bytes]:
    """The ProbeMatches datagrams for a datagram: none if it is no probe or nothing matches."""
    probe = parse_probe(data)
    if probe is None:
        return []
    matching = [device for device in devices if matches(probe, device)]
    return [
        probe_matches(probe, device, Sequence(sequence.instance_id, sequence.message_number + i))
        for i, device in enumerate(matching)
    ]


def probe_matches(probe: Probe, device: Device, sequence: Sequence) -> bytes:
    body = element("d:ProbeMatches")
    match = sub(body, "d:ProbeMatch")
    sub(sub(match, "a:EndpointReference"), "a:Address", device.endpoint)
    sub(match, "d:Types", TYPES_TEXT)
    sub(match, "d:Scopes", " ".join(device.scopes()))
    sub(match, "d:XAddrs", device.device_xaddr)
    sub(match, "d:MetadataVersion", METADATA_VERSION)
    return envelope(body, _header(probe, sequence))


def _header(probe: Probe, sequence: Sequence) -> tuple[Element, ...]:
    values = (
        ("a:MessageID", uuid.uuid4().urn),
        ("a:RelatesTo", probe.message_id),
        ("a:To", ANONYMOUS),
        ("a:Action", MATCHES_ACTION),
    )
    parts: list[Element] = []
    for tag, text in values:
        part = element(tag)
        part.text = text
        parts.append(part)
    app_sequence = element("d:AppSequence")
    app_sequence.set("InstanceId", str(sequence.instance_id))
    app_sequence.set("MessageNumber", str(sequence.message_number))
    return (*parts, app_sequence)


def _qnames(types: Element | None) -> frozenset[tuple[str, str]]:
    if types is None or not types.text:
        return frozenset()
    names = set()
    for name in types.text.split():
        prefix, _, local = name.rpartition(":")
        names.add((types.nsmap.get(prefix or None, ""), local))
    return frozenset(names)


def _scope_matches(asked: str, own: str) -> bool:
    asked, own = asked.rstrip("/"), own.rstrip("/")
    return own == asked or own.startswith(asked + "/")
