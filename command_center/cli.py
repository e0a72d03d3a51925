"""`command-center`: serve, demo, sim, check-config, diagnose, discover, audit."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import httpx
import uvicorn

from command_center import discover as discover_command
from command_center.auth.bootstrap import AdminPassword
from command_center.config import AppConfig, ConfigError, SimulatorConfig, load_config

DEFAULT_CONFIG = Path("config/demo.yaml")
SIMULATOR_START_TIMEOUT_S = 120  # the first start encodes the clips; later starts take seconds
DEMO_TOKEN_BYTES = 24  # a made-up demo device token: 32 URL-safe characters

log = logging.getLogger("command_center")


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("alembic").setLevel(logging.WARNING)  # it tells of every plugin it loads
    result: int = args.handler(args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="command-center", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("check-config", help="validate a configuration file")
    check.add_argument("file", type=Path)
    check.set_defaults(handler=_check_config)

    for name, handler, text in (
        ("serve", _serve, "run the gateway and the command centre in one process"),
        ("demo", _demo, "start the camera simulator, then serve"),
    ):
        command = commands.add_parser(name, help=text)
        command.add_argument("--config", type=Path, default=DEFAULT_CONFIG)
        command.add_argument(
            "--no-gateway",
            action="store_true",
            help="serve only: the cameras are patrolled by `command-center gateway` processes "
            "on the Redis bus (REDIS_URL)",
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

    from simulator import cli as simulator_cli

    discover = commands.add_parser(
        "discover", help="find ONVIF cameras by WS-Discovery and list model and profiles"
    )
    discover_command.add_arguments(discover)
    discover.set_defaults(handler=discover_command.run)

    sim = commands.add_parser("sim", help="serve simulated RTSP cameras with faults on demand")
    simulator_cli.add_arguments(sim)
    sim.set_defaults(handler=simulator_cli.run)

    from command_center import audit_cli

    audit = commands.add_parser("audit", help="verify or list the audit log (DATABASE_URL)")
    audit_cli.add_arguments(audit)
    audit.set_defaults(handler=audit_cli.run)
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
    from command_center.diagnose_output import run_diagnosis

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
    config = _load_or_report(args.config)
    if config is None:
        return 2
    _run_server(config, run_gateway=not args.no_gateway)
    return 0


def _admin_password(demo: bool) -> AdminPassword:
    from command_center.auth.bootstrap import SetupError, admin_password

    try:
        return admin_password(demo)
    except SetupError as exc:
        raise SystemExit(f"error: {exc}") from None


def _prepare_storage(password: AdminPassword) -> None:
    """Migrates the database and checks the first admin can be made; exits with a one-line
    message when the server must not start."""
    import asyncio

    from command_center.auth.bootstrap import SetupError, require_first_admin
    from command_center.auth.service import any_users
    from command_center.store.database import DatabaseError, open_database

    async def has_users() -> bool:
        database = await open_database()
        try:
            return await any_users(database)
        finally:
            await database.aclose()

    try:
        users = asyncio.run(has_users())
        require_first_admin(users, password)
    except (SetupError, DatabaseError) as exc:
        raise SystemExit(f"error: {exc}") from None
    if password.made_up and not users:
        print(f"demo admin: user `admin`, password {password.value}", flush=True)


def _gateway(args: argparse.Namespace) -> int:
    from command_center import gateway_process

    config = _load_or_report(args.config)
    if config is None:
        return 2
    return gateway_process.run(config, args.id or gateway_process.default_gateway_id())


GC_THRESHOLDS = (10_000, 20, 100)  # Python's defaults: 700, 10, 10


def _run_server(config: AppConfig, run_gateway: bool = True, demo: bool = False) -> None:
    from command_center.app import create_app
    from command_center.proxy_headers import uvicorn_proxy_options

    password = _admin_password(demo)
    base = f"http://{config.server.host}:{config.server.port}"
    for wall in config.walls:
        print(f"wall:    {base}/wall/{wall.id}", flush=True)
    print(f"console: {base}/console", flush=True)
    from sensors.auth import TokenError

    try:
        app = create_app(
            config, run_gateway=run_gateway, admin_password=password.value, demo=demo
        )
    except TokenError as exc:
        raise SystemExit(f"error: {exc}") from None
    _prepare_storage(password)
    # Full collections pause the whole server (0.3 s, every few seconds, under load): what is
    # loaded by now lives as long as the process and need not be scanned, and young objects
    # get longer to die before they are promoted towards the next full collection.
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)
    uvicorn.run(
        app,
        host=config.server.host,
        port=config.server.port,
        log_level="info",
        ws_max_size=64 * 1024,
        # One frame goes to hundreds of screens: compressing it for each costs more CPU than the
        # whole hub (and the control room's network does not need it).
        ws_per_message_deflate=False,
        **uvicorn_proxy_options(config.server),
    )


def _demo(args: argparse.Namespace) -> int:
    config = _load_or_report(args.config)
    if config is None:
        return 2
    sim_config = config.simulator or SimulatorConfig()
    simulator = _start_simulator(sim_config, _sensor_feed(config, sim_config))
    try:
        print(
            f"simulator: rtsp://127.0.0.1:{sim_config.rtsp_port}/cam-1 … "
            f"control API http://127.0.0.1:{sim_config.api_port}/cameras",
            flush=True,
        )
        _run_server(config, run_gateway=not args.no_gateway, demo=True)
    finally:
        simulator.terminate()
        simulator.wait(10)
    return 0


def _sensor_feed(config: AppConfig, sim_config: SimulatorConfig) -> list[str]:
    """The simulator's options to feed the config's sensors. The demo makes up a device token
    when the first token variable is unset: the simulator and this process share it."""
    if not (sim_config.sensors and config.sensors and config.sensor_input.token_envs):
        return []
    name = config.sensor_input.token_envs[0]
    if not os.environ.get(name):
        os.environ[name] = secrets.token_urlsafe(DEMO_TOKEN_BYTES)
    host = "127.0.0.1" if config.server.host in ("", "0.0.0.0", "::") else config.server.host
    url = f"http://{host}:{config.server.port}/api/sensors/readings"
    return ["--sensors-url", url, "--sensors-token-env", name]


def _start_simulator(config: SimulatorConfig, extra: list[str]) -> subprocess.Popen[bytes]:
    command = [
        sys.executable,
        "-m",
        "simulator",
        "--cameras",
        str(config.cameras),
        "--rtsp-port",
        str(config.rtsp_port),
        "--api-port",
        str(config.api_port),
    ]
    for camera_id, kind in config.faults.items():
        command += ["--fault", f"{camera_id}={kind}"]
    process = subprocess.Popen([*command, *extra])
    deadline = time.monotonic() + SIMULATOR_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"error: the simulator exited with code {process.returncode}")
        try:
            httpx.get(f"http://127.0.0.1:{config.api_port}/healthz", timeout=1).raise_for_status()
            return process
        except httpx.HTTPError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit(f"error: the simulator did not start within {SIMULATOR_START_TIMEOUT_S} s")
