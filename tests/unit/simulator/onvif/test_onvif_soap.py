"""SOAP parsing refuses what XML attacks need; replies declare the prefixes their text uses."""

import pytest
from lxml import etree

from simulator.onvif import soap

ENVELOPE = (
    b'<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope">'
    b'<s:Body><GetDeviceInformation xmlns="http://www.onvif.org/ver10/device/wsdl"/></s:Body>'
    b"</s:Envelope>"
)


def test_a_request_names_its_operation_and_namespace():
    request = soap.parse_request(ENVELOPE)
    assert (request.namespace, request.name) == (soap.NS["tds"], "GetDeviceInformation")
    assert request.header is None


@pytest.mark.parametrize(
    "body",
    [
        b'<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><x>&b;</x>',
        b'<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>',
        b'<?xml version="1.0"?>\n<!DOCTYPE s:Envelope [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
        + ENVELOPE,
    ],
)
def test_dtds_and_entities_are_refused(body):
    with pytest.raises(soap.MalformedRequest, match="DTD"):
        soap.parse_request(body)


def test_an_oversized_body_is_refused_before_parsing():
    with pytest.raises(soap.MalformedRequest, match="bytes"):
        soap.parse_request(ENVELOPE + b" " * soap.MAX_REQUEST_BYTES)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<x/>", "not a SOAP 1.2 Envelope"),
        (b"<s:Envelope", "not well-formed"),
        (b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>', "SOAP 1.2"),
        (
            ENVELOPE.split(b"<s:Body>")[0] + b"<s:Body><!-- --></s:Body></s:Envelope>",
            "no operation",
        ),
    ],
)
def test_what_is_not_a_soap_12_request_is_refused_with_the_reason(body, reason):
    with pytest.raises(soap.MalformedRequest, match=reason):
        soap.parse_request(body)


def test_a_fault_carries_code_subcodes_and_reason_with_resolvable_prefixes():
    root = etree.fromstring(soap.fault("s:Sender", ("ter:NotAuthorized",), "Sender not Authorized"))
    values = root.findall(".//s:Value", soap.NS)
    assert [v.text for v in values] == ["s:Sender", "ter:NotAuthorized"]
    assert values[1].nsmap["ter"] == "http://www.onvif.org/ver10/error"
    assert root.findtext(".//s:Reason/s:Text", namespaces=soap.NS) == "Sender not Authorized"


def test_sender_faults_are_http_400_and_receiver_faults_500():
    assert soap.invalid_arg("ter:NoProfile", "x").status == 400
    assert soap.SoapFault("s:Receiver", ("ter:ActionNotSupported",), "x").status == 500
