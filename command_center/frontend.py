"""Serves the built frontend: /wall/<id> and /console are the same single-page app."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


# Called before a wall page is served (the demo pairs a display on the server's own machine).
WallPageHook = Callable[[Request, Response, str], Awaitable[None]]


def mount_frontend(
    app: FastAPI, dist: Path = DEFAULT_DIST, on_wall_page: WallPageHook | None = None
) -> None:
    index = dist / "index.html"

    def page() -> Response:
        if not index.is_file():
            return JSONResponse(
                {"detail": f"frontend not built: {index} is missing; run `make build`"}, 503
            )
        return FileResponse(index, headers={"Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    def root() -> Response:
        return RedirectResponse("/console")

    @app.get("/console", include_in_schema=False)
    def console() -> Response:
        return page()

    @app.get("/wall/{wall_id}", include_in_schema=False)
    async def wall(wall_id: str, request: Request) -> Response:
        response = page()
        if on_wall_page is not None:
            await on_wall_page(request, response, wall_id)
        return response

    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
