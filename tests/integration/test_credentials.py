"""A canary password given to cameras that fail in every way shows up nowhere a person or a
log can read: the server's log, API responses and errors, websocket frames."""

from __future__ import annotations

import time
from urllib.parse import quote, quote_plus

import pytest

from servers.simulator import running_simulator
from support import (
    LiveFeed,
    SilentServer,
    UnauthorizedServer,
    api,
    fast_config,
    free_port,
    running_command_center,
    wait_for,
)

CANARY = "Sesame%Pw!9@x:/#"  # every character a URL must escape
FORMS = {CANARY, quote(CANARY, safe=""), quote_plus(CANARY), quote(CANARY), "Sesame"}
FEED_S = 4.0


@pytest.fixture(scope="module")
def readable(tmp_path_factory, monkeypatch_module) -> list[tuple[str, str]]:
    """Everything readable the system produced, as (where, text)."""
    monkeypatch_module.setenv("CANARY_PW", CANARY)
    workdir = tmp_path_factory.mktemp("canary")
    silent, unauthorized = SilentServer(), UnauthorizedServer()
    with running_simulator(cameras=1) as sim:
        urls = {
            "good": sim.rtsp_url("cam-1"),
            "wrong-password": f"rtsp://127.0.0.1:{unauthorized.port}/live",
            "wrong-path": sim.rtsp_url("cam-404"),
            "hung": f"rtsp://127.0.0.1:{silent.port}/live",
            "refused": f"rtsp://127.0.0.1:{free_port()}/live",
        }
        config = fast_config(urls, free_port(), open_timeout_s=2, read_timeout_s=2)
        for camera in config["cameras"]:
            camera |= {"username": "operator", "password_env": "CANARY_PW"}
        with running_command_center(config, workdir) as base:
            feed = LiveFeed(base)
            wait_for(lambda: settled(base), timeout=30, what="every camera in its final state")
            time.sleep(FEED_S)
            feed.close()
            texts = [(f"ws message {m.get('seq')}", str(m)) for m in feed.messages]
            texts += api_texts(base, list(urls))
        texts.append(("log", (workdir / "command-center.log").read_text(errors="replace")))
    return texts


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def settled(base: str) -> bool:
    states = {c["id"]: c["state"] for c in api(base).get("/api/cameras").json()}
    return (
        states.get("good") == "online"
        and states.get("wrong-password") == "error"
        and (states.get("hung") == "offline")
    )


def api_texts(base: str, ids: list[str]) -> list[tuple[str, str]]:
    paths = ["/api/cameras", "/api/alerts", "/api/walls", "/api/cameras/none", "/api/alerts/x/ack"]
    paths += [f"/api/cameras/{i}" for i in ids]
    texts = [(path, api(base).get(path).text) for path in paths]
    for i in ids:
        response = api(base).post(f"/api/cameras/{i}/reference")
        texts.append((f"POST reference {i}", response.text))
    return texts


def test_the_failing_cameras_were_really_tried_with_the_password(readable):
    log = dict(readable)["log"]
    assert "wrong-password" in log and "auth" in log
    assert any("Unauthorized" in text for _, text in readable)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_the_password_appears_nowhere(readable, form):
    leaks = [where for where, text in readable if form in text]
    assert leaks == []
