"""How the command line logs: nothing before its arguments are parsed, then one format.

Some libraries configure logging when imported: onvif-zeep-async calls
`logging.basicConfig(level=INFO)`, after which Alembic's "setup plugin" lines reach the screen
while the parser is still being built, and our own format never applies (basicConfig does
nothing once the root logger has a handler). So the command line silences logging first,
parses, and only then configures it, replacing whatever an import installed.
"""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Loggers that say too much at INFO for a console an operator reads, with the reason.
QUIET = {
    "alembic": "tells of every plugin it loads and every migration it checks",
    "httpx": "one line per request: the simulator's sensors post every few seconds",
    "httpcore": "connection details of every request",
}


def silence() -> None:
    """Drop every log record until `configure` (what imports set up included)."""
    logging.basicConfig(handlers=[logging.NullHandler()], level=logging.WARNING, force=True)


def configure(level: int = logging.INFO) -> None:
    logging.basicConfig(level=level, format=LOG_FORMAT, force=True)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
