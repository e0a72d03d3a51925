"""Media service (trt) operations: profiles, the RTSP stream URI and the snapshot URI.

A stream URI is the camera's own RTSP URL on the simulator (no credentials: its RTSP server
asks for none), whatever the profile: see `device` for why both profiles share one stream.
"""

from __future__ import annotations

from simulator.onvif import ptz
from simulator.onvif.device import PROFILES, Context, Device, Operation, Profile, profile
from simulator.onvif.soap import Element, element, invalid_arg, sub, text_of

QUALITY = 5.0  # the middle of the 0..10 scale devices report: x264 at its default quality
SESSION_TIMEOUT = "PT60S"  # how long an RTSP session lives without a keep-alive
SOURCE_TOKEN = "video-source"


def get_profiles(_request: Element, ctx: Context) -> Element:
    reply = element("trt:GetProfilesResponse")
    for each in PROFILES:
        _profile(sub(reply, "trt:Profiles"), each, ctx.device)
    return reply


def get_profile(request: Element, ctx: Context) -> Element:
    reply = element("trt:GetProfileResponse")
    _profile(sub(reply, "trt:Profile"), _asked_profile(request), ctx.device)
    return reply


def get_stream_uri(request: Element, ctx: Context) -> Element:
    _asked_profile(request)
    reply = element("trt:GetStreamUriResponse")
    _media_uri(sub(reply, "trt:MediaUri"), ctx.view.url)
    return reply


def get_snapshot_uri(request: Element, ctx: Context) -> Element:
    asked = _asked_profile(request)
    reply = element("trt:GetSnapshotUriResponse")
    _media_uri(sub(reply, "trt:MediaUri"), ctx.device.snapshot_uri(asked))
    return reply


def _asked_profile(request: Element) -> Profile:
    token = text_of(request, "trt:ProfileToken")
    found = profile(token)
    if found is None:
        raise invalid_arg("ter:NoProfile", f"no profile {token!r}")
    return found


def _profile(node: Element, each: Profile, device: Device) -> None:
    node.set("token", each.token)
    node.set("fixed", "true")
    sub(node, "tt:Name", each.name)
    _video_source(sub(node, "tt:VideoSourceConfiguration", token="video-source-config"), device)
    _encoder(sub(node, "tt:VideoEncoderConfiguration", token=f"encoder-{each.token}"), device)
    _ptz(sub(node, "tt:PTZConfiguration", token="ptz-config"))


def _video_source(node: Element, device: Device) -> None:
    sub(node, "tt:Name", "VideoSource")
    sub(node, "tt:UseCount", len(PROFILES))
    sub(node, "tt:SourceToken", SOURCE_TOKEN)
    sub(node, "tt:Bounds", x=0, y=0, width=device.width, height=device.height)


def _encoder(node: Element, device: Device) -> None:
    sub(node, "tt:Name", "H264")
    sub(node, "tt:UseCount", 1)
    sub(node, "tt:Encoding", "H264")
    resolution = sub(node, "tt:Resolution")
    sub(resolution, "tt:Width", device.width)
    sub(resolution, "tt:Height", device.height)
    sub(node, "tt:Quality", QUALITY)
    rate = sub(node, "tt:RateControl")
    sub(rate, "tt:FrameRateLimit", device.fps)
    sub(rate, "tt:EncodingInterval", 1)
    sub(rate, "tt:BitrateLimit", device.bitrate_kbps)
    h264 = sub(node, "tt:H264")
    sub(h264, "tt:GovLength", device.gop)
    sub(h264, "tt:H264Profile", "Main")
    multicast = sub(node, "tt:Multicast")
    address = sub(multicast, "tt:Address")
    sub(address, "tt:Type", "IPv4")
    sub(address, "tt:IPv4Address", "0.0.0.0")
    sub(multicast, "tt:Port", 0)
    sub(multicast, "tt:TTL", 1)
    sub(multicast, "tt:AutoStart", False)
    sub(node, "tt:SessionTimeout", SESSION_TIMEOUT)


def _ptz(node: Element) -> None:
    sub(node, "tt:Name", "PTZ")
    sub(node, "tt:UseCount", len(PROFILES))
    sub(node, "tt:NodeToken", ptz.NODE_TOKEN)
    sub(node, "tt:DefaultAbsolutePantTiltPositionSpace", ptz.PAN_TILT_SPACE)
    sub(node, "tt:DefaultAbsoluteZoomPositionSpace", ptz.ZOOM_SPACE)


def _media_uri(node: Element, uri: str) -> None:
    sub(node, "tt:Uri", uri)
    sub(node, "tt:InvalidAfterConnect", False)
    sub(node, "tt:InvalidAfterReboot", False)
    sub(node, "tt:Timeout", "PT0S")


OPERATIONS: dict[str, Operation] = {
    "GetProfiles": get_profiles,
    "GetProfile": get_profile,
    "GetStreamUri": get_stream_uri,
    "GetSnapshotUri": get_snapshot_uri,
}
