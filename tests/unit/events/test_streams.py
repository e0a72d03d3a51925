import json
from datetime import UTC, datetime

import pytest

from events.schema import SensorReading
from events.streams import (
    DEFAULT_MAXLEN,
    Family,
    MalformedEntry,
    StreamNames,
    dead_letter,
    decode,
    encode,
    kind_of,
)
from samples import sample_alert as alert
from samples import sample_command as command
from samples import sample_finding as finding
from samples import sample_snapshot as snapshot
from samples import sample_status as status

NAMES = StreamNames("cc")


@pytest.mark.parametrize(
    "event",
    [status(), alert(), finding(0.5), snapshot(), command("c")],
    ids=lambda event: event.kind,
)
def test_every_event_comes_back_from_its_entry_unchanged(event):
    assert decode(encode(event)) == event


@pytest.mark.parametrize("event", [status(), alert(), snapshot()], ids=lambda e: e.kind)
def test_an_entry_names_its_kind_for_readers_that_skip_it(event):
    assert kind_of(encode(event)) == event.kind
    assert kind_of({b"event": b"{}"}) is None


def test_jpeg_bytes_travel_raw_beside_the_json():
    fields = encode(snapshot(jpeg=b"\xff\xd8\x80"))
    assert fields[b"bytes:jpeg"] == b"\xff\xd8\x80"
    assert "jpeg" not in json.loads(fields[b"event"])


@pytest.mark.parametrize(
    "fields",
    [
        {b"other": b"x"},
        {b"event": b"not json"},
        {b"event": b"[1, 2]"},
        {b"event": b'{"kind": "unknown", "camera_id": "c", "ts": "2026-01-01T00:00:00Z"}'},
        {b"event": b'{"kind": "snapshot", "camera_id": "c"}'},
        {b"event": b"\xff\xfe"},
    ],
    ids=["no event field", "not json", "not an object", "unknown kind", "missing fields", "bytes"],
)
def test_an_entry_that_is_not_an_event_is_refused_with_a_reason(fields):
    with pytest.raises(MalformedEntry, match=r"."):
        decode(fields)


def test_each_family_has_its_stream_and_its_bound():
    assert NAMES.route(alert(), None) == ("cc:events", Family.EVENTS)
    assert NAMES.route(status(), None) == ("cc:events", Family.EVENTS)
    reading = SensorReading(sensor_id="water-1", ts=datetime.now(UTC), value=1.0)
    assert NAMES.route(reading, None) == ("cc:readings", Family.READINGS)
    assert NAMES.route(finding(1.0), None) == ("cc:findings", Family.FINDINGS)
    assert NAMES.route(snapshot(), None) == ("cc:snapshots", Family.SNAPSHOTS)
    assert set(DEFAULT_MAXLEN) == set(Family)
    assert DEFAULT_MAXLEN[Family.SNAPSHOTS] < DEFAULT_MAXLEN[Family.EVENTS]


def test_a_command_goes_to_the_gateway_of_its_camera_or_to_all():
    gateway_of = {"cam-1": "gw-a"}.get
    assert NAMES.route(command("cam-1"), gateway_of)[0] == "cc:commands:gw-a"
    assert NAMES.route(command("cam-9"), gateway_of)[0] == "cc:commands"
    assert NAMES.route(command("cam-1"), None)[0] == "cc:commands"


def test_a_gateway_reads_its_own_commands_and_the_broadcast_ones():
    assert NAMES.to_read(frozenset({"set_reference"}), "gw-a") == [
        "cc:commands",
        "cc:commands:gw-a",
    ]
    assert NAMES.to_read(frozenset({"set_reference"}), None) == ["cc:commands"]
    assert NAMES.to_read(frozenset({"alert", "snapshot"}), "cc") == ["cc:events", "cc:snapshots"]


def test_a_dead_letter_says_where_the_entry_came_from_and_why():
    entry = dead_letter("cc:events", b"1-0", {b"event": b"?"}, "not json")
    assert entry == {
        b"event": b"?",
        b"dead:stream": b"cc:events",
        b"dead:id": b"1-0",
        b"dead:error": b"not json",
    }
