"""The REST API's OpenAPI document, built without starting anything.

`create_app` does no I/O (the lifespan does): with an in-memory database and bus nothing is
opened, migrated or connected, so the spec can be printed anywhere, e.g. to generate the
frontend's types (`npm run api:types` in frontend/).

    python -m command_center.api.spec > openapi.json
"""

from __future__ import annotations

import json
import sys
from typing import Any

from command_center.app import create_app
from command_center.config import CentreConfig
from command_center.store.database import Database
from events.bus import InProcessBus

# Never opened: creating the engine connects to nothing (and ./var/ is not created).
UNUSED_DATABASE_URL = "sqlite+aiosqlite:///:memory:"


def openapi_spec() -> dict[str, Any]:
    """The OpenAPI document of the app with a default config."""
    app = create_app(CentreConfig(), InProcessBus(), database=Database(UNUSED_DATABASE_URL))
    return app.openapi()


def main() -> None:
    json.dump(openapi_spec(), sys.stdout, indent=2, sort_keys=True, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
