"""Sensors in the configuration file: what each measures, where it is, the limits it is held to.

Device tokens are never in the file: `sensor_input.token_envs` names the environment variables
that hold them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, model_validator

from common.debounce import AlertRuleConfig
from common.ids import ENV_NAME_PATTERN, SOURCE_ID_PATTERN
from common.strict import StrictModel

EnvName = Annotated[str, Field(pattern=ENV_NAME_PATTERN, max_length=100)]
MAX_SENSORS = 10_000  # a county centre's sensors; the state of each is a few hundred bytes
# Readings of a batch: 500 readings are about 50 KB of JSON, one request a second per gateway.
MAX_BATCH = 500
# A device's clock may run ahead of ours by this much; beyond it a reading is refused.
MAX_FUTURE_S = 60.0
# A reading older than its sensor's stale limit is news no more; without a stale limit, this.
MAX_AGE_S = 3_600.0
READINGS_STREAM = "cc:sensor-readings"
DEFAULT_DEBOUNCE = AlertRuleConfig(raise_after=2, window=3, clear_after=2, hold_s=30.0)


class SensorKind(StrEnum):
    SMOKE = "smoke"
    WATER_LEVEL = "water_level"
    CROWD = "crowd"
    DOOR = "door"
    TEMPERATURE = "temperature"
    OTHER = "other"


class SensorRules(StrictModel):
    """Limits a reading is checked against; a rule left out is not checked."""

    high: float | None = Field(
        default=None, ge=-1e9, le=1e9, description="A reading above this fails `sensor_high`"
    )
    low: float | None = Field(
        default=None, ge=-1e9, le=1e9, description="A reading below this fails `sensor_low`"
    )
    rate_per_min: float | None = Field(
        default=None,
        gt=0,
        le=1e9,
        description="Absolute change per minute between two readings above which "
        "`sensor_rate` fails",
    )
    stale_after_s: float | None = Field(
        default=None,
        ge=1,
        le=7 * 86_400,
        description="Seconds without a reading after which `sensor_stale` is raised",
    )
    debounce: AlertRuleConfig = Field(
        default=DEFAULT_DEBOUNCE,
        description="k of n failing readings raise; m passing readings and hold_s clear",
    )

    @model_validator(mode="after")
    def _low_below_high(self) -> SensorRules:
        if self.high is not None and self.low is not None and self.low >= self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self


class SensorConfig(StrictModel):
    id: str = Field(pattern=SOURCE_ID_PATTERN, description="Stable sensor id, as devices send it")
    name: str = Field(min_length=1, max_length=120, description="Name shown to the dispatcher")
    kind: SensorKind = Field(description="What the sensor measures")
    unit: str = Field(default="", max_length=16, description="Unit of its value, e.g. cm, ppm")
    area: str = Field(
        default="", max_length=40, description="Code of the area it stands in; empty: the root"
    )
    position: tuple[float, float] | None = Field(
        default=None, description="[longitude, latitude] in degrees (WGS 84)"
    )
    rules: SensorRules = Field(default_factory=SensorRules, description="Limits and debounce")

    @model_validator(mode="after")
    def _position_on_earth(self) -> SensorConfig:
        if self.position is not None:
            lon, lat = self.position
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError(f"position {list(self.position)} is not [lon, lat] in degrees")
        return self

    @property
    def max_age_s(self) -> float:
        """How old a reading may be and still be taken in."""
        stale = self.rules.stale_after_s
        return stale if stale is not None else MAX_AGE_S


class SensorInputConfig(StrictModel):
    token_envs: list[EnvName] = Field(
        default_factory=lambda: ["SENSOR_DEVICE_TOKEN"],
        max_length=100,
        description="Environment variables holding the device tokens (Bearer) accepted",
    )
    stale_check_s: float = Field(
        default=5.0, ge=0.1, le=3_600, description="Seconds between checks for stale sensors"
    )
