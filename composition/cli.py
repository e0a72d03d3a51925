"""`command-center`: serve, demo, gateway, check-config, diagnose, discover, audit.

The composition root: the only package that imports both the gateway and the command centre.
Each command imports what it runs only once its arguments are read, so `--help` is quick.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from composition import logging_setup
from composition.config import AppConfig, ConfigError, load_config

DEFAULT_CONFIG = Path("config/demo.yaml")

log = logging.getLogger("composition")


def main(argv: list[str] | None = None) -> int:
    logging_setup.silence()  # --help prints the help only, whatever imports configured
    parser = _parser()
    args = parser.parse_args(argv)
    logging_setup.configure()
    result: int = args.handler(args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="command-center", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check-config", help="validate a configuration file")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=_check_config)

    for name, handler, text, access_log in (
        ("serve", _serve, "run the gateway and the command centre in one process", True),
        ("demo", _demo, "start the camera simulator, then serve", False),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
        command.add_argument(
            "--no-gateway",
            action="store_true",
            help="serve only: the cameras are patrolled by `command-center gateway` processes "
            "on the Redis bus (REDIS_URL)",
        )
        command.add_argument(
            "--access-log",
            action=argparse.BooleanOptionalAction,
            default=access_log,
            help=f"log every HTTP request (default: {'on' if access_log else 'off'})",
        )
        command.set_defaults(handler=handler)

    gateway = commands.add_parser("gateway", help="a gateway process on the Redis bus (REDIS_URL)")
    gateway.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
    gateway.add_argument("--id", default=None, help="gateway id (default: host name and pid)")
    gateway.set_defaults(handler=_gateway)

    diagnose = commands.add_parser(
        "diagnose", help="run the camera checks over a video file or an RTSP URL"
    )
    diagnose.add_argument("source", help="a video file or an rtsp:// URL")
    diagnose.add_argument("--json", action="store_true", help="one JSON object per sample")
    diagnose.add_argument(
        "--interval",
        type=float,
        default=None,
        metavar="S",
        help="seconds between samples (default: every keyframe of a file, "
        "the config's sample interval for a stream)",
    )
    diagnose.add_argument(
        "--config",
        type=Path,
        default=None,
        help="take thresholds from this config's gateway section",
    )
    diagnose.add_argument(
        "--profile",
        default="default",
        metavar="NAME",
        help="threshold profile from the config's gateway.profiles",
    )
    diagnose.set_defaults(handler=_diagnose)

    from composition import discover as discover_command  # imports onvif: after silence()

    discover = commands.add_parser(
        "discover", help="find ONVIF cameras by WS-Discovery and list model and profiles"
    )
    discover_command.add_arguments(discover)
    discover.set_defaults(handler=discover_command.run)

    from command_center.audit import commands as audit_commands

    audit = commands.add_parser("audit", help="verify or list the audit log (DATABASE_URL)")
    audit_commands.add_arguments(audit)
    audit.set_defaults(handler=audit_commands.run)
    return parser


def _load_or_report(path: Path) -> AppConfig | None:
    try:
        return load_config(path)
    except ConfigError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return None


def _check_config(args: argparse.Namespace) -> int:
    config = _load_or_report(args.file)
    if config is None:
        return 2
    print(f"{args.file}: ok ({len(config.cameras)} cameras, {len(config.walls)} walls)")
    return 0


def _diagnose(args: argparse.Namespace) -> int:
    from composition.diagnose import run_diagnosis

    config = _load_or_report(args.config) if args.config else AppConfig()
    if config is None:
        return 2
    if args.profile != "default" and args.profile not in config.gateway.profiles:
        known = ", ".join(["default", *config.gateway.profiles])
        print(f"error: unknown profile {args.profile!r}; known: {known}", file=sys.stderr)
        return 2
    thresholds = config.gateway.profile(args.profile)
    gateway = config.gateway.model_copy(update={"thresholds": thresholds})
    return run_diagnosis(args.source, gateway, args.interval, as_json=args.json)


def _serve(args: argparse.Namespace) -> int:
    from composition.server import run_server

    config = _load_or_report(args.config)
    if config is None:
        return 2
    run_server(config, run_gateway=not args.no_gateway, access_log=args.access_log)
    return 0


def _gateway(args: argparse.Namespace) -> int:
    from composition import gateway_process

    config = _load_or_report(args.config)
    if config is None:
        return 2
    return gateway_process.run(config, args.id or gateway_process.default_gateway_id())


def _demo(args: argparse.Namespace) -> int:
    from composition.demo import run_demo

    config = _load_or_report(args.config)
    if config is None:
        return 2
    return run_demo(config, run_gateway=not args.no_gateway, access_log=args.access_log)
