"""Readings as devices send them, checked one by one: a bad item is refused with its field and
reason, and does not cost the others in its batch. Pure: the time is passed in."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError

from events.schema import SensorReading
from sensors.config import MAX_FUTURE_S, SensorConfig

MAX_FIELD_SHOWN = 64  # an unknown field's name is echoed back: cut a hostile one short


class ReadingIn(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sensor_id: str = Field(min_length=1, max_length=64, description="The sensor's configured id")
    ts: AwareDatetime = Field(description="When it was measured: ISO 8601 with offset, or epoch s")
    value: Annotated[float, Field(strict=True, allow_inf_nan=False)] = Field(
        description="The measured value, in the sensor's unit (a door: 0 closed, 1 open)"
    )


@dataclass(frozen=True, slots=True)
class Refusal:
    index: int
    field: str
    reason: str


def check_reading(
    raw: object, index: int, sensors: Mapping[str, SensorConfig], now: datetime
) -> SensorReading | Refusal:
    """The reading `raw` (item `index` of a batch) as an event, or why it is refused."""
    if not isinstance(raw, dict):
        return Refusal(index, "", f"a reading is an object, not {type(raw).__name__}")
    try:
        item = ReadingIn.model_validate(raw)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(part) for part in error["loc"])[:MAX_FIELD_SHOWN]
        return Refusal(index, field, error["msg"])
    sensor = sensors.get(item.sensor_id)
    if sensor is None:
        return Refusal(index, "sensor_id", "unknown sensor")
    if item.ts > now + timedelta(seconds=MAX_FUTURE_S):
        return Refusal(index, "ts", f"more than {MAX_FUTURE_S:g} s in the future")
    if item.ts < now - timedelta(seconds=sensor.max_age_s):
        return Refusal(index, "ts", f"older than {sensor.max_age_s:g} s: stale")
    return SensorReading(sensor_id=item.sensor_id, ts=item.ts, value=item.value)
