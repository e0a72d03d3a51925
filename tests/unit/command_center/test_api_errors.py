"""Every API error has one body: a message in `detail`, the field at fault in `field`."""

import pytest
from fastapi.testclient import TestClient

from command_center.api.errors import field_path
from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from support import app_options, log_in

CONFIG = {"cameras": [{"id": "cam-1", "name": "Gate", "url": "rtsp://10.0.0.1/live"}], "walls": []}


@pytest.fixture
def client(tmp_path):
    app = create_app(
        AppConfig.model_validate(CONFIG).centre(), InProcessBus(), **app_options(tmp_path)
    )
    with TestClient(app) as client:
        log_in(client)
        yield client


def test_an_unknown_object_names_itself_and_no_field(client):
    response = client.get("/api/cameras/cam-9")
    assert response.status_code == 404
    assert response.json() == {"detail": "unknown camera 'cam-9'", "field": None, "errors": []}


def test_a_bad_value_names_the_field_and_does_not_echo_it(client):
    response = client.post("/api/alerts/1/ack", json={"by": "x" * 81})
    body = response.json()
    assert response.status_code == 422
    assert body["field"] == "body.by"
    assert body["detail"].startswith("body.by: ")
    assert "x" * 81 not in response.text


def test_a_path_parameter_of_the_wrong_type_is_named(client):
    response = client.get("/api/alerts/seven/evidence.jpg")
    assert (response.status_code, response.json()["field"]) == (422, "path.alert_id")


def test_a_body_that_is_not_json_is_a_400_with_the_same_shape(client):
    response = client.post(
        "/api/alerts/1/ack", content=b"\xff{", headers={"content-type": "application/json"}
    )
    assert response.status_code in (400, 422)
    assert set(response.json()) == {"detail", "field", "errors"}


@pytest.mark.parametrize(
    ("location", "path"),
    [
        (("body", "readings", 0, "value"), "body.readings[0].value"),
        (("query", "active"), "query.active"),
    ],
)
def test_field_paths_read_as_in_the_request(location, path):
    assert field_path(location) == path


@pytest.mark.parametrize("path", ["/api/auth/login", "/api/alerts/1/ack", "/api/users"])
def test_deeply_nested_json_is_a_400_not_a_500(client, path):
    nested = b"[" * 5000 + b"]" * 5000 + b" " * 20_000  # 30 KB
    response = client.post(path, content=nested, headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert set(response.json()) == {"detail", "field", "errors"}
