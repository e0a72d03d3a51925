from lxml import etree

from stream_gateway.discovery import (
    Discovery,
    FoundDevice,
    MulticastSend,
    parse_matches,
    probe_message,
    why_nothing_found,
)

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


def test_nothing_to_explain_when_devices_were_found_or_multicast_was_off():
    device = FoundDevice("x", ("http://10.0.0.5/onvif/device_service",), ())
    assert why_nothing_found(Discovery([device], (MulticastSend("eth0"),)), 3) is None
    assert why_nothing_found(Discovery([], ()), 3) is None


def test_no_interface_could_send_means_no_multicast_route():
    lo = MulticastSend("lo", "Network is unreachable")
    sends = (lo, MulticastSend("eth0", "Network is down"))
    why = why_nothing_found(Discovery([], sends), 3)
    assert why is not None
    assert "could not be sent on any interface (lo: Network is unreachable, eth0: Network" in why
    assert "no route for multicast" in why
    assert "--host HOST[:PORT]" in why


def test_probes_sent_but_unanswered_name_the_interfaces_and_suggest_unicast():
    down = MulticastSend("ifb0", "Network is unreachable")
    sends = (MulticastSend("lo"), down, MulticastSend("eth0"))
    why = why_nothing_found(Discovery([], sends), 3)
    assert why is not None
    assert why.startswith("multicast probes went out on lo, eth0 and nothing answered within 3 s")
    assert "--host HOST[:PORT]" in why
