"""/healthz on the Redis bus tells a load balancer when Redis stops answering."""

from fastapi.testclient import TestClient

from command_center.app import create_app
from composition.config import AppConfig
from events.redis_bus import RedisBus
from support import app_options


def test_healthz_follows_redis(private_redis_server, tmp_path):
    config = AppConfig.model_validate({"cameras": [], "walls": []}).centre()
    bus = RedisBus(private_redis_server.url)
    app = create_app(config, bus, **app_options(tmp_path))
    with TestClient(app) as client:
        up = client.get("/healthz")
        private_redis_server.stop()
        down = client.get("/healthz")
    assert (up.status_code, up.json()["bus"]) == (200, {"kind": "redis", "ok": True})
    assert down.status_code == 503
    assert down.json()["status"] == "unavailable" and down.json()["bus"]["ok"] is False
