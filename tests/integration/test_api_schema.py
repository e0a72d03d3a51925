"""Schemathesis over the OpenAPI spec of the real app: no 5xx, every answer as documented.
Bounded examples so `make test` stays quick; the app runs with cameras, a wall and a sensor."""

from __future__ import annotations

import asyncio
import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from command_center.app import create_app
from composition.config import AppConfig
from events.bus import InProcessBus
from support import ADMIN_PASSWORD, log_in, prepared_database

TOKEN = "schemathesis-device-token-0123456789"
CONFIG = {
    "cameras": [{"id": "cam-1", "name": "Gate", "url": "rtsp://10.0.0.1/live"}],
    "walls": [{"id": "main", "name": "Wall", "rows": 1, "cols": 1, "cameras": ["cam-1"]}],
    "sensors": [{"id": "water-1", "name": "Gauge", "kind": "water_level", "unit": "cm"}],
    "sensor_input": {"token_envs": ["SCHEMA_SENSOR_TOKEN"]},
    # generated logins fail by the hundred: the admin must still be able to log in again
    "auth": {
        "login_failures_per_address": 1_000_000,
        "login_failures_per_user": 1_000_000,
        "login_failures_per_user_address": 1000,
    },
}
MAX_EXAMPLES = 30


def api_app():
    os.environ.setdefault("SCHEMA_SENSOR_TOKEN", TOKEN)
    return create_app(
        AppConfig.model_validate(CONFIG).centre(),
        InProcessBus(),
        frontend_dist=Path("/nonexistent"),
        database=prepared_database(Path(tempfile.mkdtemp(prefix="cc-schema-"))),
    )


APP = api_app()
SCHEMA = schemathesis.openapi.from_asgi("/openapi.json", APP)
CLIENT = TestClient(APP)


def admin_headers() -> dict[str, str]:
    """The admin's token, logged in again whenever an example revoked it (logout, revoke) or
    gave the admin a new password (PATCH /api/users/1), which is then put back."""
    if CLIENT.get("/api/auth/me").status_code != 200:
        CLIENT.headers.pop("Authorization", None)
        body = {"username": "admin", "password": ADMIN_PASSWORD}
        if CLIENT.post("/api/auth/login", json=body).status_code != 200:
            asyncio.run(APP.state.services.auth.update_user(1, password=ADMIN_PASSWORD))
        log_in(CLIENT)
    return {"Authorization": CLIENT.headers["Authorization"]}


def refused_by_policy(response) -> bool:
    """The password policy (a common password, few characters, the user name...) cannot be
    written in JSON Schema: a schema-valid password it refuses gets the documented 422 on
    `body.password`, which is no sign of a wrong schema."""
    if response.status_code != 422:
        return False
    body = response.json()
    return body["field"] == "body.password" and "password refused: " in body["detail"]


OPERATIONS = {op.ok().label: op.ok() for op in SCHEMA.get_all_operations()}


# schemathesis' own pytest plugin does not load under pytest 9; this drives the same checks.
@pytest.mark.parametrize("mode", list(GenerationMode), ids=str)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_the_api_answers_as_documented(label, mode):
    """Positive: valid requests; negative: requests that break the spec, which must get a
    documented 4xx with the shared error body, never a 5xx."""

    @given(OPERATIONS[label].as_strategy(generation_mode=mode))
    @settings(max_examples=MAX_EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
    def check(case):
        headers = admin_headers()
        response = case.call(headers=headers)
        excluded = [positive_data_acceptance] if refused_by_policy(response) else []
        case.validate_response(response, headers=headers, excluded_checks=excluded)

    try:
        check()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # the spec leaves nothing to break: plain strings
