"""`/docs`: Swagger UI served from this server, not a CDN, and fit for the strict CSP.

Its files come from the pinned `swagger-ui-bundle-v2` package; the page has no inline script
(FastAPI's own /docs has one, and loads its files from a public CDN on our origin).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from command_center.api.errors import ApiError

DOCS_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Command centre API</title>
    <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/assets/swagger-ui-bundle.js"></script>
    <script src="/docs/start.js"></script>
  </body>
</html>
"""
START_SCRIPT = 'window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui"});\n'


def mount_api_docs(app: FastAPI) -> None:
    """The app must be made with `docs_url=None, redoc_url=None`. Without the package (a venv
    made before it was added: `make` installs it) /docs says so and the rest works."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:

        @app.get("/docs", include_in_schema=False)
        def no_docs() -> JSONResponse:
            missing = ApiError(detail="API docs not installed: swagger-ui-bundle-v2 is missing")
            return JSONResponse(missing.model_dump(), 503)

        return

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(DOCS_PAGE, headers={"Cache-Control": "no-cache"})

    @app.get("/docs/start.js", include_in_schema=False)
    def start() -> Response:
        return Response(START_SCRIPT, media_type="text/javascript")

    app.mount("/docs/assets", StaticFiles(directory=str(swagger_ui_path)), name="docs-assets")
