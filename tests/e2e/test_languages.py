"""The wall and the console in Chinese (the default) and in English, in Debian's Chromium at the
video wall's 1920x1080: every label fits its tile, the language switch holds after a reload, and
the pages run under the strict Content-Security-Policy the server will send.

Screenshots go to test-artifacts/; with SCREENSHOTS_TO_DOCS=1 also to docs/ (wall-zh.jpg,
console-zh.jpg, wall-en.jpg, console-en.jpg), as JPEG to stay small."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from e2e_support import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    give_admin_cookie,
    log_in_through_form,
    t,
)
from playwright.sync_api import Browser, BrowserContext, Page, Route, expect, sync_playwright

from servers.simulator import running_simulator
from support import REPO, fast_config, free_port, running_command_center

pytestmark = pytest.mark.e2e

ALERT_MS = 40_000
WALL_VIEWPORT = {"width": 1920, "height": 1080}
CSP = "default-src 'self'"
DOCS = REPO / "docs"
# Camera names as a county centre writes them: long, the longest a crossroads.
NAMES = {
    "cam-1": "人民广场东北角",
    "cam-2": "解放路与中山路交叉口北侧",
    "cam-3": "火车站南广场出站口",
    "cam-4": "滨江公园3号门",
    "cam-5": "第一中学正门",
    "cam-6": "城东汽车客运站候车厅",
    "cam-7": "农贸市场北入口",
    "cam-8": "长江大桥南桥头",
}
SIMULATED = ["cam-1", "cam-2", "cam-3", "cam-4"]
# What must stay inside its tile: the name line, the fault badges, the no-signal texts.
TILE_LABELS = (
    ".tile__label > *, .tile__badges .fault, .tile__nosignal-title, .tile__nosignal-detail"
)
OVERFLOWING = """
(selector) => [...document.querySelectorAll('[data-testid^="tile-"]')].flatMap((tile) => {
  const box = tile.getBoundingClientRect();
  return [...tile.querySelectorAll(selector)].flatMap((el) => {
    const r = el.getBoundingClientRect();
    const clipped = el.scrollWidth > el.clientWidth && getComputedStyle(el).display !== "inline";
    const outside = r.left < box.left - 0.5 || r.right > box.right + 0.5;
    const where = `${tile.dataset.testid} ${el.className}: "${el.textContent}"`;
    return clipped || outside ? [where] : [];
  });
})
"""


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """Four simulated cameras and four that cannot be reached, with Chinese names, on a 3x4
    wall (so four cells are empty) and on a denser 4x4 one."""
    if not (REPO / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("frontend/dist is missing: run `make build` (make test does it)")
    with running_simulator(cameras=len(SIMULATED)) as sim:
        urls = {c: sim.rtsp_url(c) for c in SIMULATED}
        urls |= {"cam-5": f"rtsp://127.0.0.1:{free_port()}/live", "cam-6": sim.rtsp_url("nowhere")}
        urls |= {"cam-7": f"rtsp://127.0.0.1:{free_port()}/live", "cam-8": sim.rtsp_url("gone")}
        config = fast_config(urls, free_port())
        for camera in config["cameras"]:
            camera["name"] = NAMES[camera["id"]]
        config["walls"] = [
            {"id": "main", "name": "综治中心主屏", "rows": 3, "cols": 4, "cameras": list(urls)},
            {"id": "dense", "name": "应急调度屏", "rows": 4, "cols": 4, "cameras": list(urls)},
        ]
        with running_command_center(config, tmp_path_factory.mktemp("cc")) as base:
            yield sim, base


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        # A page served through route.fulfill (to add the CSP header) has no address space of
        # its own, so Chromium's local network access checks would refuse its websocket.
        args = [*CHROMIUM_ARGS, "--disable-features=LocalNetworkAccessChecks"]
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=args)
        yield browser
        browser.close()


def strict_csp(context: BrowserContext, base: str) -> list[str]:
    """Serves the pages with CSP's `default-src 'self'`; returns the list the violations go to."""

    def with_csp(route: Route) -> None:
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": CSP}
        route.fulfill(response=response, headers=headers)

    context.route(f"{base}/wall/**", with_csp)
    context.route(f"{base}/console", with_csp)
    violations: list[str] = []
    context.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return violations


def save(page: Page, name: str) -> Path:
    """A JPEG in test-artifacts/, and in docs/ when asked for (SCREENSHOTS_TO_DOCS=1)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path), type="jpeg", quality=72)
    if os.environ.get("SCREENSHOTS_TO_DOCS") == "1":
        (DOCS / name).write_bytes(path.read_bytes())
    return path


def switch_to(page: Page, locale: str) -> None:
    page.get_by_test_id("locale-switch").locator(f'[data-locale="{locale}"]').first.click()
    expect(page.locator("html")).to_have_attribute("lang", locale)


def assert_labels_fit(wall: Page) -> None:
    assert wall.evaluate(OVERFLOWING, TILE_LABELS) == []
    header = wall.locator(".wall-header")
    assert header.evaluate("h => h.scrollWidth <= h.clientWidth"), "the wall header overflows"


def open_wall(browser: Browser, base: str) -> tuple[Page, list[str]]:
    """The wall at 1920x1080 under the CSP, once its cameras are up and the unreachable ones
    say why."""
    context = browser.new_context(viewport=WALL_VIEWPORT)
    give_admin_cookie(context, base)
    violations = strict_csp(context, base)
    wall = context.new_page()
    wall.goto(f"{base}/wall/main")
    expect(wall.locator("html")).to_have_attribute("lang", "zh-CN")
    expect(wall.get_by_test_id("conn")).to_have_text(t("conn.live"), timeout=10_000)
    for camera in SIMULATED:
        tile = wall.get_by_test_id(f"tile-{camera}")
        expect(tile).to_have_attribute("data-state", "ok", timeout=ALERT_MS)
    refused = t("tile.offlineWhy", why=t("failure.refused"))
    for camera in ("cam-5", "cam-7"):
        tile = wall.get_by_test_id(f"tile-{camera}")
        expect(tile).to_contain_text(t("tile.noSignal"), timeout=ALERT_MS)
        expect(tile).to_contain_text(refused, timeout=ALERT_MS)
    return wall, violations


def raise_faults(sim, wall: Page) -> None:
    sim.set_fault("cam-2", "black")
    sim.set_fault("cam-3", "freeze")
    sim.set_fault("cam-4", "cover", severity=0.5)
    for camera, check in (("cam-2", "fault.dark"), ("cam-3", "fault.frozen")):
        badge = wall.get_by_test_id(f"badge-{camera}")
        expect(badge).to_contain_text(t(check), timeout=ALERT_MS)
    # Half the lens covered: which checks fire is the detector's business, not this test's.
    tile = wall.get_by_test_id("tile-cam-4")
    expect(tile).to_have_attribute("data-state", "alert", timeout=ALERT_MS)


def test_the_wall_and_console_in_both_languages_fit_and_obey_the_csp(system, browser: Browser):
    sim, base = system
    wall, violations = open_wall(browser, base)
    raise_faults(sim, wall)

    console_context = browser.new_context(viewport=WALL_VIEWPORT)
    console_violations = strict_csp(console_context, base)
    console = console_context.new_page()
    console.goto(f"{base}/console")
    log_in_through_form(console)
    row = console.locator('[data-camera="cam-3"][data-check="frozen"]')
    expect(row).to_have_attribute("data-acked", "false", timeout=10_000)
    row.get_by_role("button", name=t("alerts.ack"), exact=True).click()
    expect(row).to_have_attribute("data-acked", "true", timeout=10_000)
    expect(wall.get_by_test_id("badge-cam-3")).to_contain_text(t("fault.acked"), timeout=10_000)
    expect(console.get_by_test_id("conn")).to_have_text(t("conn.live"))

    assert_labels_fit(wall)
    save(wall, "wall-zh.jpg")
    save(console, "console-zh.jpg")

    switch_to(wall, "en")
    expect(wall.get_by_test_id("badge-cam-2")).to_contain_text(t("fault.dark", "en"))
    expect(wall.get_by_test_id("tile-cam-5")).to_contain_text(t("tile.noSignal", "en"))
    assert_labels_fit(wall)
    save(wall, "wall-en.jpg")
    switch_to(console, "en")
    expect(row).to_contain_text(t("alerts.acked", "en"))
    save(console, "console-en.jpg")

    wall.reload()
    badge = wall.get_by_test_id("badge-cam-2")
    expect(badge).to_contain_text(t("fault.dark", "en"), timeout=10_000)
    expect(wall.locator("html")).to_have_attribute("lang", "en")
    wall.goto(f"{base}/wall/dense")
    expect(wall.get_by_test_id("badge-cam-2")).to_contain_text(
        t("fault.dark", "en"), timeout=10_000
    )
    expect(wall.get_by_test_id("tile-cam-5")).to_contain_text(t("tile.noSignal", "en"))
    assert_labels_fit(wall)
    switch_to(wall, "zh-CN")
    expect(wall.get_by_test_id("badge-cam-2")).to_contain_text(t("fault.dark"))
    assert_labels_fit(wall)
    assert violations == [] and console_violations == []

    for camera in ("cam-2", "cam-3", "cam-4"):
        sim.set_fault(camera, "normal")
