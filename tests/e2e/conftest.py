import pytest
from e2e_support import CAMERAS, CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import sync_playwright

from servers.simulator import running_simulator
from support import REPO, fast_config, free_port, running_command_center


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    """The simulator with CAMERAS and a command centre whose wall `main` shows them."""
    if not (REPO / "frontend" / "dist" / "index.html").is_file():
        pytest.fail("frontend/dist is missing: run `make build` (make test does it)")
    with running_simulator(cameras=len(CAMERAS)) as sim:
        config = fast_config({c: sim.rtsp_url(c) for c in CAMERAS}, free_port())
        with running_command_center(config, tmp_path_factory.mktemp("cc")) as base:
            yield sim, base


@pytest.fixture(scope="module")
def browser():
    """Per module: the sync API keeps an event loop running in the main thread while it is
    open, and later tests that run their own (asyncio.run, pytest-asyncio) would then fail."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
