from lxml import etree

from stream_gateway.discovery import FoundDevice, parse_matches, probe_message

MATCHES = """<?xml version="1.0"?>
<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"
  xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"
  xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery">
 <s:Header><a:RelatesTo>urn:uuid:{relates}</a:RelatesTo></s:Header>
 <s:Body><d:ProbeMatches><d:ProbeMatch>
  <a:EndpointReference><a:Address>urn:uuid:dev-1</a:Address></a:EndpointReference>
  <d:Types>dn:NetworkVideoTransmitter</d:Types>
  <d:Scopes>onvif://www.onvif.org/name/North%20Gate onvif://www.onvif.org/hardware/IPC-1</d:Scopes>
  <d:XAddrs>http://10.0.0.5/onvif/device_service http://[fe80::1]/onvif/device_service</d:XAddrs>
 </d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"""


def test_a_probe_is_well_formed_and_carries_its_id():
    root = etree.fromstring(probe_message("abc"))
    assert root.findtext(".//{*}MessageID") == "urn:uuid:abc"
    assert root.findtext(".//{*}Types") == "dn:NetworkVideoTransmitter"


def test_a_match_gives_address_xaddrs_and_scopes():
    [device] = parse_matches(MATCHES.format(relates="abc").encode(), "abc")
    assert device.address == "urn:uuid:dev-1"
    assert device.xaddrs[0] == "http://10.0.0.5/onvif/device_service"
    assert (device.scope("name"), device.scope("hardware"), device.scope("location")) == (
        "North Gate",
        "IPC-1",
        "",
    )


def test_answers_to_another_probe_are_ignored():
    assert parse_matches(MATCHES.format(relates="other").encode(), "abc") == []


def test_garbage_and_entity_bombs_give_nothing():
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><x>&b;</x>'
    )
    assert parse_matches(bomb, "abc") == []
    assert parse_matches(b"\x00\xffnot xml", "abc") == []


def test_a_device_without_scopes_has_empty_names():
    assert FoundDevice("x", (), ()).scope("name") == ""
