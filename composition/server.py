"""Serving the command centre: the first admin, the database checked before the port opens,
uvicorn tuned for the hub."""

from __future__ import annotations

import asyncio
import gc

import uvicorn

from command_center.api.proxy_headers import uvicorn_proxy_options
from command_center.auth.bootstrap import (
    AdminPassword,
    SetupError,
    admin_password,
    require_first_admin,
)
from command_center.auth.service import any_users
from command_center.store.database import DatabaseError, open_database
from composition.config import AppConfig
from composition.embedded import system_app
from sensors.auth import TokenError

GC_THRESHOLDS = (10_000, 20, 100)  # Python's defaults: 700, 10, 10
WS_MAX_FRAME_BYTES = 64 * 1024  # the hub's frames are at most 64 KiB (docs/live-feed.md)


def run_server(
    config: AppConfig, run_gateway: bool = True, demo: bool = False, access_log: bool = True
) -> None:
    """Serves until stopped; exits with a one-line message when the server must not start."""
    password = _admin_password(demo)
    base = f"http://{config.server.host}:{config.server.port}"
    for wall in config.walls:
        print(f"wall:    {base}/wall/{wall.id}", flush=True)
    print(f"console: {base}/console", flush=True)
    try:
        app = system_app(config, run_gateway=run_gateway, admin_password=password.value, demo=demo)
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
        access_log=access_log,
        ws_max_size=WS_MAX_FRAME_BYTES,
        # One frame goes to hundreds of screens: compressing it for each costs more CPU than the
        # whole hub (and the control room's network does not need it).
        ws_per_message_deflate=False,
        **uvicorn_proxy_options(config.server),
    )


def _admin_password(demo: bool) -> AdminPassword:
    try:
        return admin_password(demo)
    except SetupError as exc:
        raise SystemExit(f"error: {exc}") from None


def _prepare_storage(password: AdminPassword) -> None:
    """Migrates the database and checks the first admin can be made; exits with a one-line
    message when the server must not start."""

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
