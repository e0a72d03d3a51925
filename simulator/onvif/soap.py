"""SOAP 1.2 envelopes: parse a request safely, build replies and faults with ONVIF prefixes.

Requests come from the network, so parsing refuses what XML attacks need: a DTD (and with it
every entity), a body over `MAX_REQUEST_BYTES`, network access. Replies declare every ONVIF
prefix on the envelope, so QNames in text (`ter:NotAuthorized`, `dn:NetworkVideoTransmitter`)
resolve for any client.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeAlias

from lxml import etree

NS = {
    "s": "http://www.w3.org/2003/05/soap-envelope",
    "tds": "http://www.onvif.org/ver10/device/wsdl",
    "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl",
    "tt": "http://www.onvif.org/ver10/schema",
    "ter": "http://www.onvif.org/ver10/error",
    "wsse": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsu": "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "a": "http://schemas.xmlsoap.org/ws/2004/08/addressing",
    "d": "http://schemas.xmlsoap.org/ws/2005/04/discovery",
    "dn": "http://www.onvif.org/ver10/network/wsdl",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
CONTENT_TYPE = "application/soap+xml; charset=utf-8"
# ONVIF requests are a few KiB (the largest here, GetStreamUri with a token, under 4 KiB);
# anything far larger is not a request we serve, and is refused before parsing.
MAX_REQUEST_BYTES = 64 * 1024

_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_pis=True
)

Element: TypeAlias = etree._Element


class MalformedRequest(ValueError):
    """Not a SOAP 1.2 envelope we accept; the reason says why."""


class SoapFault(Exception):
    """An operation's refusal, sent as a SOAP Fault with `status` (SOAP 1.2 HTTP binding:
    400 for the sender's fault, 500 for the receiver's)."""

    def __init__(self, code: str, subcodes: tuple[str, ...], reason: str) -> None:
        super().__init__(reason)
        self.code, self.subcodes, self.reason = code, subcodes, reason

    @property
    def status(self) -> int:
        return 400 if self.code == "s:Sender" else 500

    def to_xml(self) -> bytes:
        return fault(self.code, self.subcodes, self.reason)


def invalid_arg(subcode: str, reason: str) -> SoapFault:
    """The usual refusal of a bad argument, e.g. invalid_arg("ter:NoProfile", ...)."""
    return SoapFault("s:Sender", ("ter:InvalidArgVal", subcode), reason)


@dataclass(frozen=True)
class Request:
    header: Element | None
    operation: Element  # the first child of the Body

    @property
    def namespace(self) -> str:
        return str(etree.QName(self.operation).namespace or "")

    @property
    def name(self) -> str:
        return str(etree.QName(self.operation).localname)


def parse_request(body: bytes) -> Request:
    """Raises MalformedRequest for oversized, DTD-bearing, ill-formed or non-SOAP-1.2 input."""
    root = parse_xml(body)
    if root.tag != q("s", "Envelope"):
        raise MalformedRequest(f"root is {etree.QName(root).localname}, not a SOAP 1.2 Envelope")
    soap_body = root.find(q("s", "Body"))
    operations = [] if soap_body is None else [c for c in soap_body if isinstance(c.tag, str)]
    if not operations:  # comments are children too: only an element is an operation
        raise MalformedRequest("no operation in the SOAP Body")
    return Request(root.find(q("s", "Header")), operations[0])


def parse_xml(body: bytes) -> Element:
    if len(body) > MAX_REQUEST_BYTES:
        raise MalformedRequest(f"request over {MAX_REQUEST_BYTES} bytes")
    if b"<!DOCTYPE" in body:  # refused before the parser sees any entity declaration
        raise MalformedRequest("DTDs are not accepted")
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as error:
        raise MalformedRequest(f"not well-formed XML: {error}") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise MalformedRequest("DTDs are not accepted")
    return root


def q(prefix: str, name: str) -> str:
    """Clark notation: q("tt", "Name") -> "{http://www.onvif.org/ver10/schema}Name"."""
    return f"{{{NS[prefix]}}}{name}"


def sub(parent: Element, tag: str, text: object = None, **attrs: object) -> Element:
    """Append `prefix:name` to `parent`; booleans are written as xs:boolean."""
    prefix, _, name = tag.partition(":")
    child = etree.SubElement(parent, q(prefix, name), {k: _text(v) for k, v in attrs.items()})
    if text is not None:
        child.text = _text(text)
    return child


def element(tag: str) -> Element:
    prefix, _, name = tag.partition(":")
    return etree.Element(q(prefix, name), nsmap=NS)


def text_of(parent: Element, tag: str) -> str | None:
    """Text of the first `prefix:name` child, stripped; None if there is none."""
    prefix, _, name = tag.partition(":")
    child = parent.find(q(prefix, name))
    return None if child is None or child.text is None else child.text.strip()


def envelope(body_child: Element, header_children: tuple[Element, ...] = ()) -> bytes:
    root = etree.Element(q("s", "Envelope"), nsmap=NS)
    if header_children:
        header = sub(root, "s:Header")
        header.extend(header_children)
    sub(root, "s:Body").append(body_child)
    etree.cleanup_namespaces(root, top_nsmap=NS, keep_ns_prefixes=list(NS))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def fault(code: str, subcodes: tuple[str, ...], reason: str) -> bytes:
    """A SOAP 1.2 Fault, e.g. fault("s:Sender", ("ter:NotAuthorized",), "Sender not Authorized")."""
    node = element("s:Fault")
    level = sub(node, "s:Code")
    sub(level, "s:Value", code)
    for subcode in subcodes:
        level = sub(level, "s:Subcode")
        sub(level, "s:Value", subcode)
    sub(sub(node, "s:Reason"), "s:Text", reason, **{XML_LANG: "en"})
    return envelope(node)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
