"""What the command lines print: the help alone, and no line per request in the demo."""

import logging
import subprocess
import sys
from pathlib import Path

import pytest

from composition import logging_setup
from composition.cli import _parser
from simulator import cli as simulator_cli

REPO_ROOT = Path(__file__).resolve().parents[3]
HELP_TIMEOUT_S = 60  # importing the app's modules takes a few seconds on a busy machine


@pytest.mark.parametrize(
    "command",
    [
        ["composition", "--help"],
        ["composition", "demo", "--help"],
        ["composition", "discover", "--help"],
        ["simulator", "--help"],
    ],
)
def test_help_prints_the_help_and_nothing_else(command):
    done = subprocess.run(
        [sys.executable, "-m", *command],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=HELP_TIMEOUT_S,
    )
    assert done.returncode == 0
    assert done.stderr == ""
    assert done.stdout.startswith("usage: ")


def test_the_demo_logs_no_request_lines_unless_asked_and_serve_keeps_them():
    parser = _parser()
    assert parser.parse_args(["demo"]).access_log is False
    assert parser.parse_args(["demo", "--access-log"]).access_log is True
    assert parser.parse_args(["serve"]).access_log is True
    assert parser.parse_args(["serve", "--no-access-log"]).access_log is False


@pytest.mark.parametrize("configure", [logging_setup.configure, simulator_cli.configure_logging])
def test_http_client_requests_are_not_logged_at_info(configure):
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    root.handlers.clear()  # as in a fresh process
    try:
        configure()
        assert not logging.getLogger("httpx").isEnabledFor(logging.INFO)
        assert logging.getLogger("command_center").isEnabledFor(logging.INFO)
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
        logging.getLogger("httpx").setLevel(logging.NOTSET)
