"""The base of every configuration and wire model that must refuse what it does not know."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class StrictModel(BaseModel):
    """Unknown fields are an error (a typo in a config key must not be silently ignored), and
    a model once validated cannot be changed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
