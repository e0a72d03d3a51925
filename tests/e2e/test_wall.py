"""A dispatcher's view in Debian's Chromium: a fault turns a wall tile red, the console acks it,
and the tile clears when the camera recovers. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from simulator.testing import running_simulator
from support import REPO, fast_config, free_port, running_command_center

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
CAMERAS = ["cam-1", "cam-2", "cam-3", "cam-4"]
ALERT_MS = 40_000
# Flags for a headless Chromium with no network but loopback (see the env notes in README).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    if not (REPO / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("frontend/dist is missing: run `make build` (make test does it)")
    with running_simulator(cameras=len(CAMERAS)) as sim:
        config = fast_config({c: sim.rtsp_url(c) for c in CAMERAS}, free_port())
        with running_command_center(config, tmp_path_factory.mktemp("cc")) as base:
            yield sim, base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def test_a_fault_reaches_the_wall_and_is_acked_from_the_console(system, browser: Browser):
    sim, base = system
    wall = browser.new_page(viewport={"width": 1920, "height": 1080})
    wall.goto(f"{base}/wall/main")
    expect(wall.get_by_test_id("conn")).to_have_attribute("data-state", "live", timeout=10_000)
    for camera in CAMERAS:
        expect(wall.get_by_test_id(f"tile-{camera}")).to_have_attribute(
            "data-state", "ok", timeout=ALERT_MS
        )
    expect(wall.get_by_test_id("tile-empty-4")).to_have_attribute("data-state", "empty")

    sim.set_fault("cam-2", "black")
    tile = wall.get_by_test_id("tile-cam-2")
    expect(tile).to_have_attribute("data-state", "alert", timeout=ALERT_MS)
    expect(wall.get_by_test_id("badge-cam-2")).to_contain_text("DARK")
    expect(wall.get_by_test_id("tile-cam-1")).to_have_attribute("data-state", "ok")
    expect(wall.get_by_test_id("ticker")).to_contain_text("Camera cam-2")
    shot(wall, "wall-alert.png")

    console = browser.new_page(viewport={"width": 1440, "height": 900})
    console.goto(f"{base}/console")
    row = console.locator('[data-camera="cam-2"][data-check="dark"]')
    expect(row).to_have_attribute("data-acked", "false", timeout=10_000)
    row.locator("[data-testid^=ack-]").click()
    expect(row).to_have_attribute("data-acked", "true", timeout=10_000)
    expect(tile).to_have_attribute("data-state", "acked", timeout=10_000)
    shot(console, "console-acked.png")

    sim.set_fault("cam-2", "normal")
    expect(tile).to_have_attribute("data-state", "ok", timeout=ALERT_MS)
    expect(row).to_have_count(0, timeout=10_000)
    shot(wall, "wall-cleared.png")


def test_an_unknown_wall_says_so(system, browser: Browser):
    _, base = system
    page = browser.new_page()
    page.goto(f"{base}/wall/nowhere")
    expect(page.get_by_text("unknown wall", exact=False)).to_be_visible(timeout=10_000)
