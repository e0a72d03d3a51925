"""Serves the built frontend: /wall/<id> and /console are the same single-page app."""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

DEFAULT_DIST = Path(__file__).resolve().parent.parent / "frontend" / "dist"


def mount_frontend(app: FastAPI, dist: Path = DEFAULT_DIST) -> None:
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
    def wall(wall_id: str) -> Response:
        return page()

    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")
