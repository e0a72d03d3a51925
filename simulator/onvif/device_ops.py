"""Device service (tds) operations: request element and context in, reply element out.

Element order follows the ONVIF 2.x schemas (clients such as zeep read sequences in order).
"""

from __future__ import annotations

from datetime import datetime

from simulator.onvif.device import (
    FIRMWARE,
    MANUFACTURER,
    MODEL,
    ONVIF_VERSION,
    Context,
    Operation,
)
from simulator.onvif.soap import NS, Element, SoapFault, element, sub

CATEGORIES = ("Device", "Media", "PTZ")  # GetCapabilities categories a device has
# Operations answered without credentials (ONVIF Core's PRE_AUTH class): a client reads the
# clock first to correct the Created time its credentials carry, and finds services.
PRE_AUTH = frozenset({"GetSystemDateAndTime", "GetCapabilities", "GetServices"})


def get_device_information(_request: Element, ctx: Context) -> Element:
    reply = element("tds:GetDeviceInformationResponse")
    sub(reply, "tds:Manufacturer", MANUFACTURER)
    sub(reply, "tds:Model", MODEL)
    sub(reply, "tds:FirmwareVersion", FIRMWARE)
    sub(reply, "tds:SerialNumber", ctx.device.serial)
    sub(reply, "tds:HardwareId", MODEL)
    return reply


def get_system_date_and_time(_request: Element, ctx: Context) -> Element:
    reply = element("tds:GetSystemDateAndTimeResponse")
    value = sub(reply, "tds:SystemDateAndTime")
    sub(value, "tt:DateTimeType", "NTP")
    sub(value, "tt:DaylightSavings", False)
    sub(sub(value, "tt:TimeZone"), "tt:TZ", "UTC0")
    _date_time(sub(value, "tt:UTCDateTime"), ctx.now)
    _date_time(sub(value, "tt:LocalDateTime"), ctx.now)
    return reply


def get_capabilities(request: Element, ctx: Context) -> Element:
    asked = [c.text.strip() for c in request.iterfind("tds:Category", NS) if c.text]
    wanted = CATEGORIES if not asked or "All" in asked else [c for c in asked if c in CATEGORIES]
    if not wanted:
        raise SoapFault(
            "s:Receiver",
            ("ter:ActionNotSupported", "ter:NoSuchService"),
            f"no {', '.join(asked)} service on this device",
        )
    reply = element("tds:GetCapabilitiesResponse")
    capabilities = sub(reply, "tds:Capabilities")
    for category in CATEGORIES:  # schema order: Device, Media, PTZ
        if category in wanted:
            _CAPABILITY[category](sub(capabilities, f"tt:{category}"), ctx)
    return reply


def get_services(_request: Element, ctx: Context) -> Element:
    reply = element("tds:GetServicesResponse")
    device = ctx.device
    for prefix, xaddr in (
        ("tds", device.device_xaddr),
        ("trt", device.media_xaddr),
        ("tptz", device.ptz_xaddr),
    ):
        service = sub(reply, "tds:Service")
        sub(service, "tds:Namespace", NS[prefix])
        sub(service, "tds:XAddr", xaddr)
        _version(sub(service, "tds:Version"))
    return reply


def get_scopes(_request: Element, ctx: Context) -> Element:
    reply = element("tds:GetScopesResponse")
    for scope in ctx.device.scopes():
        item = sub(reply, "tds:Scopes")
        sub(item, "tt:ScopeDef", "Fixed")
        sub(item, "tt:ScopeItem", scope)
    return reply


def _device_capability(node: Element, ctx: Context) -> None:
    sub(node, "tt:XAddr", ctx.device.device_xaddr)
    system = sub(node, "tt:System")
    for flag in ("DiscoveryResolve", "DiscoveryBye", "RemoteDiscovery"):
        sub(system, f"tt:{flag}", False)
    for flag in ("SystemBackup", "SystemLogging", "FirmwareUpgrade"):
        sub(system, f"tt:{flag}", False)
    _version(sub(system, "tt:SupportedVersions"))


def _media_capability(node: Element, ctx: Context) -> None:
    sub(node, "tt:XAddr", ctx.device.media_xaddr)
    streaming = sub(node, "tt:StreamingCapabilities")
    sub(streaming, "tt:RTPMulticast", False)
    sub(streaming, "tt:RTP_TCP", True)
    sub(streaming, "tt:RTP_RTSP_TCP", True)


def _ptz_capability(node: Element, ctx: Context) -> None:
    sub(node, "tt:XAddr", ctx.device.ptz_xaddr)


_CAPABILITY = {"Device": _device_capability, "Media": _media_capability, "PTZ": _ptz_capability}


def _version(node: Element) -> None:
    sub(node, "tt:Major", ONVIF_VERSION[0])
    sub(node, "tt:Minor", ONVIF_VERSION[1])


def _date_time(node: Element, when: datetime) -> None:
    time = sub(node, "tt:Time")
    sub(time, "tt:Hour", when.hour)
    sub(time, "tt:Minute", when.minute)
    sub(time, "tt:Second", when.second)
    date = sub(node, "tt:Date")
    sub(date, "tt:Year", when.year)
    sub(date, "tt:Month", when.month)
    sub(date, "tt:Day", when.day)


OPERATIONS: dict[str, Operation] = {
    "GetDeviceInformation": get_device_information,
    "GetSystemDateAndTime": get_system_date_and_time,
    "GetCapabilities": get_capabilities,
    "GetServices": get_services,
    "GetScopes": get_scopes,
}
