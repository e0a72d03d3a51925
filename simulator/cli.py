"""Command line: `python -m simulator`, a program of its own (never imported by the product)."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from pydantic import SecretStr, ValidationError

from simulator.faults import FaultKind, parse_fault_arg
from simulator.scenes import SceneKind
from simulator.settings import DEFAULT_CACHE_DIR, ONVIF_PASSWORD_ENV, SimulatorSettings

EXIT_USAGE = 2  # what argparse returns for a bad command line
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    defaults = SimulatorSettings()
    parser.add_argument("--cameras", type=int, default=defaults.cameras, help="number of cameras")
    parser.add_argument("--host", default=defaults.host, help="listen address")
    parser.add_argument("--rtsp-port", type=int, default=defaults.rtsp_port, help="RTSP port")
    parser.add_argument("--api-port", type=int, default=defaults.api_port, help="control API port")
    parser.add_argument(
        "--fault",
        action="append",
        default=[],
        type=_fault_arg,
        metavar="CAMERA=KIND",
        help=f"fault at start, repeatable; kinds: {', '.join(k.value for k in FaultKind)}",
    )
    parser.add_argument(
        "--scene",
        action="append",
        default=[],
        type=_scene_arg,
        metavar="CAMERA=SCENE",
        help=f"scene of a camera, repeatable (default street); {', '.join(SceneKind)}",
    )
    parser.add_argument(
        "--prebuild-faults",
        action="store_true",
        help="encode every fault clip before serving, so no fault waits for an encode",
    )
    parser.add_argument(
        "--cache-dir", type=Path, default=DEFAULT_CACHE_DIR, help="encoded clip cache"
    )
    parser.add_argument("--width", type=int, default=defaults.width, help="picture width")
    parser.add_argument("--height", type=int, default=defaults.height, help="picture height")
    parser.add_argument("--fps", type=int, default=defaults.fps, help="frames per second")
    parser.add_argument("--gop", type=int, default=defaults.gop, help="frames between keyframes")
    parser.add_argument(
        "--onvif-port",
        type=int,
        default=defaults.onvif_port,
        metavar="BASE",
        help=f"ONVIF device per camera on ports BASE.. (0: none); password: ${ONVIF_PASSWORD_ENV}",
    )
    parser.add_argument(
        "--discovery-port",
        type=int,
        default=defaults.discovery_port,
        help="UDP port answering WS-Discovery probes with ONVIF on (0: none)",
    )
    parser.add_argument("--onvif-user", default=defaults.onvif_username, help="ONVIF user name")
    parser.add_argument(
        "--sensors-url",
        default=None,
        metavar="URL",
        help="post simulated sensor readings (smoke-1, water-1, crowd-1, door-1) to this URL",
    )
    parser.add_argument(
        "--sensors-token-env",
        default=None,
        metavar="NAME",
        help="environment variable holding the device token for --sensors-url",
    )
    parser.add_argument(
        "--sensors-interval",
        type=float,
        default=defaults.sensors_interval_s,
        metavar="S",
        help="seconds between sensor batches",
    )
    parser.add_argument(
        "--parent-pid",
        type=int,
        default=None,
        metavar="PID",
        help="stop when this process, our parent, is gone (the demo passes its own)",
    )


def run(args: argparse.Namespace) -> int:
    try:
        settings = settings_from(args)
    except (ValidationError, ValueError) as error:
        print(f"simulator: {_reason(error)}", file=sys.stderr)
        return EXIT_USAGE
    from simulator.runner import run_simulator  # GStreamer loads only once the options are fine

    return run_simulator(settings)


def settings_from(args: argparse.Namespace) -> SimulatorSettings:
    faults: dict[str, FaultKind] = {}
    for camera_id, kind in args.fault:
        faults[camera_id] = kind
    return SimulatorSettings(
        cameras=args.cameras,
        host=args.host,
        rtsp_port=args.rtsp_port,
        api_port=args.api_port,
        faults=faults,
        scenes=dict(args.scene),
        prebuild_faults=args.prebuild_faults,
        cache_dir=args.cache_dir,
        width=args.width,
        height=args.height,
        fps=args.fps,
        gop=args.gop,
        onvif_port=args.onvif_port,
        discovery_port=args.discovery_port,
        onvif_username=args.onvif_user,
        onvif_password=_secret(os.environ.get(ONVIF_PASSWORD_ENV)),
        sensors_url=args.sensors_url,
        sensors_token=_secret(os.environ.get(args.sensors_token_env or "")),
        sensors_interval_s=args.sensors_interval,
        parent_pid=args.parent_pid,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="simulator", description="Synthetic RTSP cameras")
    add_arguments(parser)
    args = parser.parse_args(argv)  # before any logging: --help prints the help only
    configure_logging()
    return run(args)


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT)
    # httpx logs every request at INFO: the sensor feeder's post every few seconds.
    logging.getLogger("httpx").setLevel(logging.WARNING)


def _secret(value: str | None) -> SecretStr | None:
    return SecretStr(value) if value else None


def _fault_arg(text: str) -> tuple[str, FaultKind]:
    try:
        return parse_fault_arg(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _scene_arg(text: str) -> tuple[str, SceneKind]:
    camera_id, sep, scene = text.partition("=")
    if not sep or not camera_id.strip():
        raise argparse.ArgumentTypeError(f"expected CAMERA=SCENE, got {text!r}")
    try:
        return camera_id.strip(), SceneKind(scene.strip())
    except ValueError:
        allowed = ", ".join(SceneKind)
        raise argparse.ArgumentTypeError(f"unknown scene {scene!r}; allowed: {allowed}") from None


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(part) for part in e['loc']) or 'options'}: {e['msg']}"
            for e in error.errors()
        )
    return str(error)
