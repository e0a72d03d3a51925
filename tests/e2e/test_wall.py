"""A dispatcher's view in Debian's Chromium: a fault turns a wall tile red, the console acks it,
and the tile clears when the camera recovers. Screenshots are kept in test-artifacts/."""

from __future__ import annotations

import pytest
from e2e_support import CAMERAS, give_admin_cookie, log_in_through_form, shot, t
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.e2e

ALERT_MS = 40_000


def test_a_fault_reaches_the_wall_and_is_acked_from_the_console(system, browser: Browser):
    sim, base = system
    wall_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    give_admin_cookie(wall_context, base)
    wall = wall_context.new_page()
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
    expect(wall.get_by_test_id("badge-cam-2")).to_contain_text(t("fault.dark"))
    expect(wall.get_by_test_id("tile-cam-1")).to_have_attribute("data-state", "ok")
    expect(wall.get_by_test_id("ticker")).to_contain_text("Camera cam-2")
    shot(wall, "wall-alert.png")

    console = browser.new_page(viewport={"width": 1440, "height": 900})
    console.goto(f"{base}/console")
    log_in_through_form(console)
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
    context = browser.new_context()
    give_admin_cookie(context, base)
    page = context.new_page()
    page.goto(f"{base}/wall/nowhere")
    message = page.get_by_test_id("wall-message")
    expect(message).to_contain_text(t("wall.unknown"), timeout=10_000)
    expect(message).to_contain_text(t("wall.unknownDetail", id="nowhere"))
