"""The pages under the strict Content-Security-Policy, in Debian's Chromium: the console, the
wall and the API docs load and work with nothing blocked (a blocked script or style is
reported on the browser console as a Content Security Policy violation)."""

from __future__ import annotations

import pytest
from e2e_support import log_in_through_form
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.e2e


def violations(page: Page) -> list[str]:
    seen: list[str] = []
    page.on("console", lambda m: seen.append(m.text) if "Content Security" in m.text else None)
    return seen


def test_the_console_and_the_wall_work_under_the_policy(system, browser: Browser):
    _, base = system
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    blocked = violations(page)
    response = page.goto(f"{base}/console")
    assert (
        response is not None and "default-src 'self'" in response.headers["content-security-policy"]
    )
    log_in_through_form(page)
    expect(page.get_by_test_id("alerts-table")).to_be_visible()
    page.goto(f"{base}/wall/main")
    expect(page.locator(".wall-grid")).to_be_visible(timeout=10_000)
    assert blocked == []


def test_the_api_docs_render_from_local_files_under_the_policy(system, browser: Browser):
    _, base = system
    page = browser.new_context().new_page()
    blocked = violations(page)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(f"{base}/docs")
    expect(page.locator(".swagger-ui .title")).to_contain_text("Command centre", timeout=10_000)
    assert blocked == [] and all(url.startswith(base) for url in requested)
