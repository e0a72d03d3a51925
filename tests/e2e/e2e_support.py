"""What the e2e tests share: Debian's Chromium, screenshots, and getting past the login."""

from __future__ import annotations

import shutil
from pathlib import Path

from playwright.sync_api import BrowserContext, Page, expect

from support import ADMIN_PASSWORD, REPO, login

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
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
SESSION_COOKIE = "cc_session"
# The cameras of the test command centre, all on its wall `main` (3 x 3, so tile 4 is empty).
CAMERAS = ["cam-1", "cam-2", "cam-3", "cam-4"]


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def log_in_through_form(
    page: Page, username: str = "admin", password: str = ADMIN_PASSWORD
) -> None:
    """Fills the console's login form and waits for the console."""
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_test_id("user-name")).to_have_text(username, timeout=10_000)


def give_admin_cookie(context: BrowserContext, base: str) -> None:
    """The browser holds an admin's session cookie, as if it had logged in (walls open too)."""
    cookie = {
        "name": SESSION_COOKIE,
        "value": login(base),
        "url": base,
        "httpOnly": True,
        "sameSite": "Strict",
    }
    context.add_cookies([cookie])  # type: ignore[list-item]
