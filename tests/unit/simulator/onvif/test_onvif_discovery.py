"""WS-Discovery: probes built and read by a third-party client (onveef) get one match each."""

from onveef.wsdiscovery import build_probe, parse_probe_matches

from simulator.onvif.device import Device
from simulator.onvif.discovery import Sequence, answers, parse_probe

DEVICES = [Device(f"cam-{i}", "127.0.0.1", 9000 + i, 640, 360, 25, 50) for i in (1, 2)]
SEQUENCE = Sequence(instance_id=1, message_number=1)


def probe(types: str = "dn:NetworkVideoTransmitter tds:Device", scopes: str = "") -> bytes:
    text = build_probe(message_id="urn:uuid:0000", types=types)
    return text.replace("<d:Scopes/>", f"<d:Scopes>{scopes}</d:Scopes>").encode()


def found(datagrams: list[bytes]) -> list[str]:
    return [m.device_service for d in datagrams for m in parse_probe_matches(d.decode())]


def test_a_probe_for_video_transmitters_gets_one_match_per_device_with_its_xaddr():
    replies = answers(probe(), DEVICES, SEQUENCE)
    assert found(replies) == [d.device_xaddr for d in DEVICES]
    matches = [parse_probe_matches(r.decode())[0] for r in replies]
    assert [m.name for m in matches] == ["cam-1", "cam-2"]
    assert len({m.endpoint_reference for m in matches}) == 2
    assert all(m.endpoint_reference.startswith("urn:uuid:") for m in matches)


def test_a_reply_relates_to_the_probe_and_counts_messages():
    reply = answers(probe(), DEVICES, SEQUENCE)[1].decode()
    assert "<a:RelatesTo>urn:uuid:0000</a:RelatesTo>" in reply
    assert 'MessageNumber="2"' in reply


def test_types_are_matched_by_namespace_whatever_the_prefix():
    other_prefix = build_probe(message_id="urn:uuid:1", types="x:NetworkVideoTransmitter")
    other_prefix = other_prefix.replace(
        'xmlns:dn="', 'xmlns:x="http://www.onvif.org/ver10/network/wsdl" xmlns:dn="'
    )
    assert len(answers(other_prefix.encode(), DEVICES, SEQUENCE)) == 2
    assert answers(probe(types="dn:NetworkVideoDisplay"), DEVICES, SEQUENCE) == []


def test_scopes_match_by_whole_segments():
    named = probe(scopes="onvif://www.onvif.org/name/cam-2")
    assert found(answers(named, DEVICES, SEQUENCE)) == [DEVICES[1].device_xaddr]
    assert answers(probe(scopes="onvif://www.onvif.org/name/cam"), DEVICES, SEQUENCE) == []
    assert len(answers(probe(types="", scopes="onvif://www.onvif.org/"), DEVICES, SEQUENCE)) == 2


def test_anything_but_a_probe_is_ignored():
    assert parse_probe(b"junk") is None
    assert parse_probe(b'<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>') is None
    assert answers(answers(probe(), DEVICES, SEQUENCE)[0], DEVICES, SEQUENCE) == []
