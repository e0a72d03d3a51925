"""PTZ service (tptz) operations: presets, going to one (which turns the simulated view), status.

A move is instant: the camera's RTSP picture switches to the preset's view at its next frame
(or once that view's clip is encoded, about half a second the first time), so GetStatus always
reports MoveStatus IDLE at the position of the last preset gone to.
"""

from __future__ import annotations

from simulator.onvif import ptz
from simulator.onvif.device import Context, Operation, profile
from simulator.onvif.soap import Element, element, invalid_arg, sub, text_of


def get_presets(request: Element, _ctx: Context) -> Element:
    _check_profile(request)
    reply = element("tptz:GetPresetsResponse")
    for preset in ptz.PRESETS:
        node = sub(reply, "tptz:Preset", token=preset.token)
        sub(node, "tt:Name", preset.name)
        _vector(sub(node, "tt:PTZPosition"), preset.pan)
    return reply


def goto_preset(request: Element, ctx: Context) -> Element:
    _check_profile(request)
    token = text_of(request, "tptz:PresetToken") or ""
    try:
        preset = ptz.preset(token)
    except ptz.UnknownPresetError as error:
        raise invalid_arg("ter:NoToken", str(error)) from None
    ctx.cameras.set_pan(ctx.device.camera_id, preset.pan)
    return element("tptz:GotoPresetResponse")


def goto_home_position(request: Element, ctx: Context) -> Element:
    _check_profile(request)
    ctx.cameras.set_pan(ctx.device.camera_id, ptz.HOME.pan)
    return element("tptz:GotoHomePositionResponse")


def get_status(request: Element, ctx: Context) -> Element:
    _check_profile(request)
    reply = element("tptz:GetStatusResponse")
    status = sub(reply, "tptz:PTZStatus")
    _vector(sub(status, "tt:Position"), ctx.view.pan)
    move = sub(status, "tt:MoveStatus")
    sub(move, "tt:PanTilt", "IDLE")
    sub(move, "tt:Zoom", "IDLE")
    sub(status, "tt:UtcTime", ctx.now.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return reply


def _vector(node: Element, pan: float) -> None:
    x, y, zoom = ptz.position(pan)
    sub(node, "tt:PanTilt", x=x, y=y, space=ptz.PAN_TILT_SPACE)
    sub(node, "tt:Zoom", x=zoom, space=ptz.ZOOM_SPACE)


def _check_profile(request: Element) -> None:
    token = text_of(request, "tptz:ProfileToken")
    if profile(token) is None:
        raise invalid_arg("ter:NoProfile", f"no profile {token!r}")


OPERATIONS: dict[str, Operation] = {
    "GetPresets": get_presets,
    "GotoPreset": goto_preset,
    "GotoHomePosition": goto_home_position,
    "GetStatus": get_status,
}
