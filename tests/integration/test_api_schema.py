"""Schemathesis over the OpenAPI spec of the real app: no 5xx, every answer as documented.
Bounded examples so `make test` stays quick; the app runs with cameras, a wall and a sensor."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from command_center.app import create_app
from command_center.config import AppConfig
from events.bus import InProcessBus

TOKEN = "schemathesis-device-token-0123456789"
CONFIG = {
    "cameras": [{"id": "cam-1", "name": "Gate", "url": "rtsp://10.0.0.1/live"}],
    "walls": [{"id": "main", "name": "Wall", "rows": 1, "cols": 1, "cameras": ["cam-1"]}],
    "sensors": [{"id": "water-1", "name": "Gauge", "kind": "water_level", "unit": "cm"}],
    "sensor_input": {"token_envs": ["SCHEMA_SENSOR_TOKEN"]},
}
MAX_EXAMPLES = 30


def api_schema():
    os.environ.setdefault("SCHEMA_SENSOR_TOKEN", TOKEN)
    app = create_app(
        AppConfig.model_validate(CONFIG),
        InProcessBus(),
        run_gateway=False,
        frontend_dist=Path("/nonexistent"),
    )
    return schemathesis.openapi.from_asgi("/openapi.json", app)


SCHEMA = api_schema()
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
        case.call_and_validate()

    try:
        check()
    except Unsatisfiable:
        assert mode is GenerationMode.NEGATIVE  # the spec leaves nothing to break: plain strings
