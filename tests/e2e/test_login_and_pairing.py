"""Logging in to the console and pairing a wall display, in Debian's Chromium. Screenshots are
kept in test-artifacts/ (login.png, pairing-code.png, paired-wall.png)."""

from __future__ import annotations

import re

import pytest
from e2e_support import CAMERAS, log_in_through_form, shot, t
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.e2e

CODE = re.compile(r"^[A-Z0-9]{6}$")
# The display asks every 2 s whether it was paired; then it loads the wall.
PAIRED_MS = 10_000


def test_the_console_asks_for_a_login_and_logs_out(system, browser: Browser):
    _, base = system
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    page.goto(f"{base}/console")
    expect(page.get_by_test_id("login-form")).to_be_visible(timeout=10_000)

    page.get_by_label(t("login.username")).fill("admin")
    page.get_by_label(t("login.password")).fill("not the password")
    page.get_by_role("button", name=t("login.submit"), exact=True).click()
    expect(page.get_by_test_id("login-error")).to_have_text(t("login.wrong"))
    expect(page.get_by_label(t("login.password"))).to_be_focused()
    shot(page, "login.png")

    log_in_through_form(page)
    expect(page.get_by_test_id("user")).to_contain_text("admin")
    expect(page.get_by_test_id("alerts-table")).to_be_visible()

    page.get_by_role("button", name=t("user.logout")).click()
    expect(page.get_by_test_id("login-form")).to_be_visible()
    page.reload()
    expect(page.get_by_test_id("login-form")).to_be_visible(timeout=10_000)


def test_a_display_shows_a_code_and_opens_its_wall_once_an_admin_enters_it(
    system, browser: Browser
):
    _, base = system
    wall = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    wall.goto(f"{base}/wall/main")
    code_box = wall.get_by_test_id("pairing-code")
    expect(code_box).to_have_text(CODE, timeout=10_000)
    expect(wall.get_by_test_id("pairing")).to_contain_text(t("pairing.where"))
    expect(wall.get_by_test_id("pairing-expiry")).to_contain_text(t("pairing.validUntil", time=""))
    code = code_box.inner_text()
    shot(wall, "pairing-code.png")

    console = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    console.goto(f"{base}/console")
    log_in_through_form(console)
    panel = console.get_by_test_id("pair-panel")
    panel.get_by_label(t("pair.code")).fill("ZZZZZZ")
    panel.get_by_role("button", name=t("pair.submit"), exact=True).click()
    expect(panel.get_by_test_id("pair-outcome")).to_have_text(t("pair.unknownCode"))
    panel.get_by_label(t("pair.wall"), exact=True).select_option("main")
    panel.get_by_label(t("pair.code")).fill(code.lower())
    panel.get_by_role("button", name=t("pair.submit"), exact=True).click()
    expect(panel.get_by_test_id("pair-outcome")).to_have_text(t("pair.done", name="Test wall"))
    shot(console, "console-paired.png")

    expect(code_box).to_have_count(0, timeout=PAIRED_MS)
    for camera in CAMERAS:
        expect(wall.get_by_test_id(f"tile-{camera}")).to_be_visible(timeout=PAIRED_MS)
    expect(wall.get_by_test_id("conn")).to_have_attribute("data-state", "live", timeout=15_000)

    wall.reload()
    for camera in CAMERAS:
        expect(wall.get_by_test_id(f"tile-{camera}")).to_be_visible(timeout=PAIRED_MS)
    expect(wall.get_by_test_id("pairing-code")).to_have_count(0)
    expect(wall.get_by_test_id("conn")).to_have_attribute("data-state", "live", timeout=15_000)
    shot(wall, "paired-wall.png")
