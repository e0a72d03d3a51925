"""The frontend's generated API types match the server's OpenAPI spec: a route or schema changed
without `npm run api:types` (in frontend/) fails here, so CI never ships stale types."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from command_center.api.spec import openapi_spec
from support import REPO

FRONTEND = REPO / "frontend"
COMMITTED = FRONTEND / "src" / "api" / "schema.d.ts"
GENERATOR = FRONTEND / "scripts" / "api-types.mjs"


def test_the_spec_is_built_without_starting_anything():
    spec = openapi_spec()
    assert spec["info"]["title"] == "Command centre"
    assert "/api/alerts" in spec["paths"]
    assert "AlertPublic" in spec["components"]["schemas"]


def test_the_committed_api_types_are_those_of_the_current_spec(tmp_path: Path):
    node = shutil.which("node")
    if node is None or not (FRONTEND / "node_modules" / "openapi-typescript").is_dir():
        pytest.fail("node or frontend/node_modules is missing: run `npm ci` in frontend/")
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(openapi_spec(), indent=2, sort_keys=True))
    fresh = tmp_path / "schema.d.ts"
    subprocess.run(
        [node, str(GENERATOR), "--spec", str(spec), "--out", str(fresh)],
        cwd=FRONTEND,
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert fresh.read_text() == COMMITTED.read_text(), (
        "frontend/src/api/schema.d.ts is stale: run `npm run api:types` in frontend/"
    )
