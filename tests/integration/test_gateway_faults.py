"""The walking skeleton on real parts: simulator (GStreamer RTSP) → gateway → API and websocket."""

from __future__ import annotations

import pytest

from servers.simulator import running_simulator
from support import LiveFeed, api, fast_config, free_port, running_command_center, wait_for

pytestmark = pytest.mark.integration

CAMERAS = ["cam-1", "cam-2", "cam-3"]
ALERT_TIMEOUT_S = 30  # 2 failing samples at one keyframe per 2 s, plus reconnect time


@pytest.fixture(scope="module")
def system(tmp_path_factory):
    with running_simulator(cameras=len(CAMERAS)) as sim:
        urls = {c: sim.rtsp_url(c) for c in CAMERAS}
        config = fast_config(urls, free_port())
        with running_command_center(config, tmp_path_factory.mktemp("cc")) as base:
            feed = LiveFeed(base)
            wait_for(lambda: all_online(base), timeout=40, what="all cameras online with a sample")
            yield sim, base, feed
            feed.close()


def all_online(base: str) -> bool:
    cameras = api(base).get("/api/cameras").json()
    return all(c["state"] == "online" and c["last_sample_at"] for c in cameras)


def active_alerts(base: str) -> list[tuple[str, str]]:
    alerts = api(base).get("/api/alerts", params={"active": "true"}).json()
    return sorted((a["camera_id"], a["check"]) for a in alerts)


def test_healthy_cameras_raise_no_alert(system):
    _, base, _ = system
    assert active_alerts(base) == []


def test_the_snapshot_is_a_jpeg_of_the_latest_sample(system):
    _, base, _ = system
    response = api(base).get("/api/cameras/cam-1/snapshot.jpg")
    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.content[:2] == b"\xff\xd8"
    assert api(base).get("/api/cameras/nope/snapshot.jpg").status_code == 404


def test_black_on_one_camera_gives_exactly_one_alert_and_normal_clears_it(system):
    sim, base, feed = system
    sim.set_fault("cam-1", "black")
    wait_for(lambda: active_alerts(base) == [("cam-1", "dark")], ALERT_TIMEOUT_S, "a dark alert")
    # The alert stays alone: more samples do not add a frozen or a second dark alert.
    wait_for(lambda: len(samples_since(feed, "cam-1", "dark")) >= 3, 15, "more samples")
    assert active_alerts(base) == [("cam-1", "dark")]
    raised = [m for m in feed.messages if m["type"] == "alert.raised"]
    assert [(m["data"]["camera_id"], m["data"]["check"]) for m in raised] == [("cam-1", "dark")]
    alert = raised[0]["data"]
    assert alert["severity"] == "critical" and alert["has_evidence"]
    evidence = api(base).get(f"/api/alerts/{alert['id']}/evidence.jpg")
    assert evidence.status_code == 200 and evidence.content[:2] == b"\xff\xd8"

    sim.set_fault("cam-1", "normal")
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S, "the dark alert to clear")
    # The API and the live feed are two paths: the feed's message may land a moment later.
    wait_for(lambda: any(m["type"] == "alert.cleared" for m in feed.messages), 5, "alert.cleared")


def samples_since(feed: LiveFeed, camera_id: str, check: str) -> list[dict]:
    raised = next(
        i
        for i, m in enumerate(feed.messages)
        if m["type"] == "alert.raised" and m["data"]["check"] == check
    )
    return [
        m
        for m in feed.messages[raised:]
        if m["type"] == "camera.sample" and m["data"]["camera_id"] == camera_id
    ]


def test_disconnect_gives_signal_loss_and_the_camera_comes_back(system):
    sim, base, _ = system
    sim.set_fault("cam-2", "disconnect")
    wait_for(
        lambda: ("cam-2", "signal_loss") in active_alerts(base),
        ALERT_TIMEOUT_S,
        "a signal-loss alert",
    )
    camera = api(base).get("/api/cameras/cam-2").json()
    assert camera["state"] == "offline"
    assert [a for a in active_alerts(base) if a[0] != "cam-2"] == []

    sim.set_fault("cam-2", "normal")
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S + 10, "signal to come back")
    # Back, but amber until it has streamed for stable_after_s without a break.
    assert api(base).get("/api/cameras/cam-2").json()["state"] == "degraded"


def test_an_ack_is_recorded_and_broadcast_but_keeps_the_alert_active(system):
    sim, base, feed = system
    sim.set_fault("cam-3", "freeze")
    wait_for(lambda: ("cam-3", "frozen") in active_alerts(base), ALERT_TIMEOUT_S, "a frozen alert")
    alert = api(base).get("/api/alerts", params={"active": "true"}).json()[0]
    acked = api(base).post(f"/api/alerts/{alert['id']}/ack", json={"by": "tester"}).json()
    assert acked["acked_by"] == "admin" and acked["cleared_at"] is None  # who is logged in
    wait_for(
        lambda: any(
            m["type"] == "alert.updated" and m["data"]["id"] == alert["id"] for m in feed.messages
        ),
        5,
        "the ack on the websocket",
    )
    sim.set_fault("cam-3", "normal")
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S, "the frozen alert to clear")


def test_ack_of_an_unknown_alert_is_404_with_a_message(system):
    _, base, _ = system
    response = api(base).post("/api/alerts/99999/ack", json={"by": "x"})
    assert response.status_code == 404
    assert "99999" in response.json()["detail"]


def test_websocket_messages_are_numbered_in_order_per_topic(system):
    _, _, feed = system
    wait_for(lambda: any(m.get("type") == "camera.status" for m in feed.messages), 30, "a status")
    assert feed.messages[0]["type"] == "hello"
    by_topic: dict[str, list[int]] = {}
    for message in feed.messages:
        # a sample is droppable: it takes no number of its own but carries the topic's last
        if "topic" in message and message["type"] != "camera.sample":
            by_topic.setdefault(message["topic"], []).append(message["seq"])
    assert "cameras" in by_topic
    for seqs in by_topic.values():
        assert seqs == sorted(set(seqs))


def test_a_reference_renewal_is_accepted_for_known_cameras_only(system):
    _, base, _ = system
    response = api(base).post("/api/cameras/cam-1/reference")
    assert response.status_code == 202 and response.json()["camera_id"] == "cam-1"
    assert api(base).post("/api/cameras/nope/reference").status_code == 404


def test_a_half_covered_lens_is_one_covered_alert_with_its_region(system):
    sim, base, _ = system
    sim.set_fault("cam-3", "cover", severity=0.5)
    wait_for(
        lambda: active_alerts(base) == [("cam-3", "covered")], ALERT_TIMEOUT_S, "a covered alert"
    )
    alert = api(base).get("/api/alerts", params={"active": "true"}).json()[0]
    _, y, w, h = alert["region"]
    assert 0.3 <= w * h <= 0.7  # the box around the covered half of the frame ...
    assert y + h > 0.95  # ... which the simulator covers from the bottom edge
    sim.set_fault("cam-3", "normal")
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S, "the covered alert to clear")


def test_a_turned_camera_clears_once_its_new_view_is_accepted(system):
    sim, base, _ = system
    sim.set_fault("cam-1", "shift", severity=1.0)
    wait_for(
        lambda: active_alerts(base) == [("cam-1", "scene_change")],
        ALERT_TIMEOUT_S,
        "a scene-change alert",
    )
    assert api(base).post("/api/cameras/cam-1/reference").status_code == 202
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S, "the new view to be accepted")
    sim.set_fault("cam-1", "normal")  # turned back: a change against the new reference
    wait_for(
        lambda: active_alerts(base) == [("cam-1", "scene_change")],
        ALERT_TIMEOUT_S,
        "a scene-change alert for the old view",
    )
    api(base).post("/api/cameras/cam-1/reference")
    wait_for(lambda: active_alerts(base) == [], ALERT_TIMEOUT_S, "the old view accepted again")
