"""`command-center discover`: find ONVIF devices and list them with model and profiles."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from dataclasses import asdict, dataclass
from urllib.parse import urlsplit

from stream_gateway.config import OnvifConfig
from stream_gateway.discovery import FoundDevice, discover, why_nothing_found
from stream_gateway.onvif import OnvifDevice, OnvifFailure

DEFAULT_PORT = 3702


@dataclass(frozen=True)
class Listed:
    xaddr: str
    name: str
    model: str
    profiles: list[str]  # "token WxH encoding"
    note: str  # why the profiles are missing, when they are


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--timeout", type=float, default=3.0, metavar="S", help="wait for answers")
    parser.add_argument(
        "--host",
        action="append",
        default=[],
        metavar="HOST[:PORT]",
        help=f"also probe this host by unicast (port {DEFAULT_PORT} unless given); repeatable",
    )
    parser.add_argument("--no-multicast", action="store_true", help="unicast probes only")
    parser.add_argument("--username", help="ONVIF user, to read the model and the profiles")
    parser.add_argument("--password-env", metavar="NAME", help="variable holding the password")
    parser.add_argument("--json", action="store_true", help="one JSON object per device")


def run(args: argparse.Namespace) -> int:
    try:
        targets = [_target(h) for h in args.host]
    except ValueError as exc:
        print(f"error: {exc}")
        return 2
    password = os.environ.get(args.password_env, "") if args.password_env else ""
    result = asyncio.run(discover(args.timeout, targets, multicast=not args.no_multicast))
    listed = asyncio.run(_describe_all(result.devices, args.username, password))
    for item in listed:
        print(json.dumps(asdict(item)) if args.json else _line(item))
    if not args.json:
        print(f"{len(listed)} device(s) found in {args.timeout:g} s")
    why = why_nothing_found(result, args.timeout)
    if why is not None:
        print(why, file=sys.stderr if args.json else sys.stdout)
    return 0


def _target(text: str) -> tuple[str, int]:
    host, _, port = text.partition(":")
    if not host or (port and not port.isdigit()):
        raise ValueError(f"--host {text!r}: expected HOST or HOST:PORT")
    return host, int(port or DEFAULT_PORT)


async def _describe_all(found: list[FoundDevice], user: str | None, pw: str) -> list[Listed]:
    return list(await asyncio.gather(*(_describe(d, user, pw) for d in found)))


async def _describe(device: FoundDevice, username: str | None, password: str) -> Listed:
    xaddr = device.xaddrs[0] if device.xaddrs else ""
    base = Listed(xaddr, device.scope("name"), device.scope("hardware"), [], "")
    parts = urlsplit(xaddr)
    if not parts.hostname:
        return Listed(**{**asdict(base), "note": "no device service address"})
    if username is None:
        return Listed(**{**asdict(base), "note": "give --username to read them"})
    config = OnvifConfig(host=parts.hostname, port=parts.port or 80, username=username)
    try:
        async with OnvifDevice(config, password) as onvif:
            info, profiles = await onvif.info(), await onvif.profiles()
    except OnvifFailure as exc:
        return Listed(**{**asdict(base), "note": f"{exc.failure}: {exc}"})
    shown = [f"{p.token} {p.width}x{p.height} {p.encoding}" for p in profiles]
    return Listed(xaddr, base.name, f"{info.manufacturer} {info.model}", shown, "")


def _line(item: Listed) -> str:
    profiles = ", ".join(item.profiles) or f"(profiles not read: {item.note or 'no profile'})"
    return f"{item.xaddr}  {item.name or '-'}  {item.model or '-'}  {profiles}"
