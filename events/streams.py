"""Which Redis stream carries which event, how long each stream may grow, and the entry format.

Pure: no I/O. An entry is the event as JSON in the `event` field, except its bytes values
(JPEG frames), which go raw in a field of their own (`bytes:jpeg`) rather than as base64. Its
kind is repeated in the `kind` field, so a reader skips the kinds it does not want without
parsing them (entries of older writers have none and are parsed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from pydantic import TypeAdapter

from events.schema import COMMAND_KINDS, EVENT_KINDS, SENSOR_KINDS, Event

EVENT_FIELD = b"event"
KIND_FIELD = b"kind"
BYTES_PREFIX = b"bytes:"
ALL_KINDS = EVENT_KINDS | COMMAND_KINDS
_EVENT_ADAPTER: TypeAdapter[Event] = TypeAdapter(Event)

# A command's camera -> the gateway that serves it; None sends it to every gateway.
GatewayOf = Callable[[str], str | None]


class Family(StrEnum):
    EVENTS = "events"  # camera statuses and alerts: rare, must not be trimmed by findings
    FINDINGS = "findings"  # one per check per sample: the bulk of the traffic
    READINGS = "readings"  # sensor readings, every few seconds a sensor: only the sensor service
    SNAPSHOTS = "snapshots"  # JPEG frames: large, only the latest one of a camera matters
    COMMANDS = "commands"  # to gateways: `commands` to all, `commands:<gateway id>` to one
    DEAD = "dead"  # entries that did not parse, kept for a person to look at


# Bounds (XADD MAXLEN ~) and why: a stream is a buffer for readers that fall behind or
# restart, not an archive (the command centre's store keeps the history).
DEFAULT_MAXLEN: Mapping[Family, int] = {
    # A status or alert changes a few times an hour per camera: days of 1,000 cameras, ~30 MB.
    Family.EVENTS: 100_000,
    # 10 findings per sample: 40 min of 8 cameras sampled every 2 s, 3 min of 100; ~30 MB.
    Family.FINDINGS: 100_000,
    # A reading every 5 s from each of 1,000 sensors: about 8 min.
    Family.READINGS: 100_000,
    # ~50 KB per 640-px JPEG: ~50 MB; 4 min of 8 cameras. The wall shows the latest only.
    Family.SNAPSHOTS: 1_000,
    # Operator actions: far more than a gateway that is down or restarting falls behind.
    Family.COMMANDS: 10_000,
    Family.DEAD: 10_000,
}


class MalformedEntry(ValueError):
    """A stream entry that is not an event of this schema."""


@dataclass(frozen=True)
class StreamNames:
    """Stream keys under one namespace, so several systems (or tests) share a Redis."""

    namespace: str = "cc"

    def of(self, family: Family) -> str:
        return f"{self.namespace}:{family}"

    def commands_to(self, gateway_id: str) -> str:
        return f"{self.of(Family.COMMANDS)}:{gateway_id}"

    def route(self, event: Event, gateway_of: GatewayOf | None = None) -> tuple[str, Family]:
        """The stream `event` is appended to, and its family (for the length bound)."""
        family = family_of(event.kind)
        gateway = gateway_of(event.camera_id) if gateway_of and family is Family.COMMANDS else None
        return (self.commands_to(gateway) if gateway else self.of(family)), family

    def to_read(self, kinds: frozenset[str] | None, group: str | None) -> list[str]:
        """The streams a subscription to `kinds` reads; a named group reads its own commands."""
        families = sorted({family_of(kind) for kind in (kinds or ALL_KINDS)})
        streams = [self.of(family) for family in families]
        if Family.COMMANDS in families and group is not None:
            streams.append(self.commands_to(group))
        return streams


def family_of(kind: str) -> Family:
    if kind in COMMAND_KINDS:
        return Family.COMMANDS
    if kind == "snapshot":
        return Family.SNAPSHOTS
    if kind == "finding":
        return Family.FINDINGS
    if kind in SENSOR_KINDS:
        return Family.READINGS
    return Family.EVENTS


def encode(event: Event) -> dict[bytes, bytes]:
    raw = {name: value for name, value in event if isinstance(value, bytes)}
    fields = {
        EVENT_FIELD: event.model_dump_json(exclude=set(raw)).encode(),
        KIND_FIELD: event.kind.encode(),
    }
    fields.update({BYTES_PREFIX + name.encode(): value for name, value in raw.items()})
    return fields


def kind_of(fields: Mapping[bytes, bytes]) -> str | None:
    """The kind an entry says it holds, unchecked; None if it does not say."""
    kind = fields.get(KIND_FIELD)
    return kind.decode(errors="replace") if kind is not None else None


def decode(fields: Mapping[bytes, bytes]) -> Event:
    """The event of a stream entry; raises MalformedEntry with the reason."""
    try:
        data = json.loads(fields[EVENT_FIELD])
        if not isinstance(data, dict):
            raise MalformedEntry("the event field is not a JSON object")
        for key, value in fields.items():
            if key.startswith(BYTES_PREFIX):
                data[key.removeprefix(BYTES_PREFIX).decode()] = value
        return _EVENT_ADAPTER.validate_python(data)
    except KeyError as exc:
        raise MalformedEntry(f"no {exc} field") from exc
    except ValueError as exc:  # JSON, UTF-8 and pydantic validation errors
        raise MalformedEntry(str(exc).splitlines()[0]) from exc


def dead_letter(
    stream: str, entry_id: bytes, fields: Mapping[bytes, bytes], reason: str
) -> dict[bytes, bytes]:
    """The dead-letter entry for a malformed one: where it came from, why, and its fields."""
    origin = {b"dead:stream": stream.encode(), b"dead:id": entry_id, b"dead:error": reason.encode()}
    return dict(fields) | origin
