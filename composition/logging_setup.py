"""How the command line logs: nothing before its arguments are parsed, then one format.

Some libraries configure logging when imported: onvif-zeep-async calls
`logging.basicConfig(level=INFO)`, after which Alembic's "setup plugin" lines reached the
screen while the parser was being built (`--help` included), and our own format never applied
(basicConfig does nothing once the root logger has a handler). So the command line first gives
the root logger a silent handler, which turns such calls into no-ops, imports and parses, and
only then configures logging.
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
_HOLD = logging.NullHandler()


def silence() -> None:
    """Until `configure`: a library calling basicConfig on import changes nothing, and records
    below WARNING go nowhere. Where logging is set up already (tests), nothing changes."""
    if not logging.root.handlers:
        logging.root.addHandler(_HOLD)


def configure(level: int = logging.INFO) -> None:
    logging.root.removeHandler(_HOLD)
    logging.basicConfig(level=level, format=LOG_FORMAT)  # kept where set up already (tests)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
