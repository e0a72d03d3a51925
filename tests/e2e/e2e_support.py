"""What the e2e tests share: Debian's Chromium, screenshots, and getting past the login."""

from __future__ import annotations

import functools
import json
import re
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


MESSAGES = REPO / "frontend" / "src" / "i18n" / "messages"
# One message a line in the catalogues: `  "wall.unknown": "未知视频墙",`
MESSAGE_LINE = re.compile(r'^\s*("[\w.-]+"):\s*(".*"),$', re.MULTILINE)


@functools.cache
def catalogue(locale: str = "zh-CN") -> dict[str, str]:
    """The page's messages in `locale` (zh-CN, the default, or en), read from the frontend's
    catalogue so the tests look for what the page shows."""
    text = (MESSAGES / f"{locale}.ts").read_text(encoding="utf-8")
    return {json.loads(k): json.loads(v) for k, v in MESSAGE_LINE.findall(text)}


def t(key: str, locale: str = "zh-CN", **values: str) -> str:
    """A message as the page shows it, `{name}`s filled in."""
    message = catalogue(locale)[key]
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), message)


def shot(page: Page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


def log_in_through_form(
    page: Page, username: str = "admin", password: str = ADMIN_PASSWORD
) -> None:
    """Fills the console's login form (in Chinese, the default) and waits for the console."""
    page.get_by_label(t("login.username")).fill(username)
    page.get_by_label(t("login.password")).fill(password)
    page.get_by_role("button", name=t("login.submit"), exact=True).click()
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
