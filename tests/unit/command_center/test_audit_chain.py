"""The audit chain without a database: hashing, masking, and every kind of tampering found."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from command_center.audit.chain import (
    EMPTY,
    GENESIS,
    Action,
    Head,
    Reason,
    as_utc,
    canonical,
    clean_detail,
    digest,
    seal,
    verify_entries,
)

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)
CANARY = "canary-Pw-7731"


def chain(n, start=T0):
    entries, head = [], EMPTY
    for i in range(n):
        entry = seal(
            head,
            start + timedelta(seconds=i),
            f"user{i % 3}",
            Action.CAMERA_VIEW,
            object_type="camera",
            object_id=f"cam-{i}",
            remote="10.0.0.7",
            detail={"n": i},
        )
        entries.append(entry)
        head = Head(entry.id, entry.hash)
    return entries, head


def swapped_ids(entries, i, j):
    """Entries i and j (ids) trade places, as an UPDATE of their ids would do."""
    a, b = entries[i - 1], entries[j - 1]
    moved = list(entries)
    moved[i - 1], moved[j - 1] = replace(b, id=i), replace(a, id=j)
    return moved


def test_the_first_entry_follows_the_genesis_hash_and_each_the_one_before():
    entries, _ = chain(3)
    assert entries[0].prev_hash == GENESIS == "0" * 64
    assert [e.prev_hash for e in entries[1:]] == [e.hash for e in entries[:-1]]
    assert [e.id for e in entries] == [1, 2, 3]


def test_an_untouched_chain_is_intact_with_its_head():
    entries, head = chain(5)
    verdict = verify_entries(entries, head)
    assert verdict.intact and verdict.count == 5 and verdict.head == head


def test_an_empty_log_is_intact():
    assert verify_entries([], EMPTY).intact


def test_the_hash_is_sha256_of_sorted_compact_json_in_utc():
    entry = seal(
        EMPTY,
        datetime(2026, 5, 1, 10, 0, tzinfo=timezone(timedelta(hours=2))),
        "ana",
        Action.LOGIN,
        remote="10.0.0.1",
        detail={"b": 1, "a": "é"},
    )
    assert (
        canonical(entry)
        == (
            '{"action":"login","actor":"ana","detail":{"a":"é","b":1},"object_id":null,'
            '"object_type":null,"prev_hash":"' + GENESIS + '","remote":"10.0.0.1",'
            '"ts":"2026-05-01T08:00:00.000000+00:00"}'
        ).encode()
    )
    assert entry.hash == digest(entry) and len(entry.hash) == 64


def test_a_naive_time_is_taken_as_utc():
    aware = seal(EMPTY, T0, "ana", Action.LOGIN)
    naive = replace(aware, ts=T0.replace(tzinfo=None))
    assert digest(naive) == aware.hash


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("ts", T0 + timedelta(microseconds=1)),
        ("actor", "mallory"),
        ("action", "logout"),
        ("object_type", "case"),
        ("object_id", "cam-99"),
        ("remote", "10.6.6.6"),
        ("detail", {"n": 99}),
        ("prev_hash", "f" * 64),
        ("hash", "e" * 64),
    ],
)
def test_an_edited_field_breaks_that_entry(field, value):
    entries, head = chain(5)
    entries[2] = replace(entries[2], **{field: value})
    broken = verify_entries(entries, head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (3, Reason.EDITED)


def test_an_entry_rewritten_with_a_fresh_hash_is_named_by_the_next_link():
    entries, head = chain(5)
    forged = replace(entries[2], actor="mallory")
    entries[2] = replace(forged, hash=digest(forged))
    broken = verify_entries(entries, head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (3, Reason.EDITED)


def test_a_deleted_middle_entry_leaves_a_gap():
    entries, head = chain(5)
    del entries[2]
    broken = verify_entries(entries, head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (3, Reason.DELETED)
    assert broken.message == "entry 3 is missing"


def test_deleting_the_newest_entries_is_caught_by_the_head():
    entries, head = chain(5)
    broken = verify_entries(entries[:3], head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (4, Reason.DELETED)
    assert "4-5" in broken.message


def test_a_missing_head_is_reported():
    entries, _ = chain(2)
    broken = verify_entries(entries, None).broken
    assert broken is not None and broken.reason == Reason.HEAD_MISSING


def test_a_head_that_disagrees_with_the_newest_entry_is_reported():
    entries, _ = chain(3)
    broken = verify_entries(entries, Head(3, "a" * 64)).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (3, Reason.HEAD_MISMATCH)


def test_a_forged_entry_after_the_head_is_inserted():
    entries, head = chain(3)
    forged = seal(head, T0, "mallory", Action.LOGIN)
    broken = verify_entries([*entries, forged], head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (4, Reason.INSERTED)


def test_a_forged_entry_slipped_into_the_middle_is_inserted():
    entries, _ = chain(5)
    forged = seal(Head(2, entries[1].hash), T0, "mallory", Action.LOGIN)
    shifted = [*entries[:2], forged, *(replace(e, id=e.id + 1) for e in entries[2:])]
    broken = verify_entries(shifted, Head(6, entries[-1].hash)).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (3, Reason.INSERTED)


def test_an_entry_before_the_first_is_inserted():
    entries, head = chain(2)
    forged = replace(seal(EMPTY, T0, "mallory", Action.LOGIN), id=0)
    broken = verify_entries([forged, *entries], head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (0, Reason.INSERTED)


@given(st.data())
def test_two_swapped_entries_are_reordered_at_the_first(data):
    n = data.draw(st.integers(2, 8))
    i = data.draw(st.integers(1, n - 1))
    j = data.draw(st.integers(i + 1, n))
    entries, head = chain(n)
    broken = verify_entries(swapped_ids(entries, i, j), head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (i, Reason.REORDERED)


@given(st.data())
def test_any_deleted_entry_is_named(data):
    n = data.draw(st.integers(1, 8))
    k = data.draw(st.integers(1, n))
    entries, head = chain(n)
    broken = verify_entries([e for e in entries if e.id != k], head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (k, Reason.DELETED)


@given(st.data(), st.sampled_from(["actor", "action", "object_id", "remote"]), st.text(max_size=20))
def test_any_changed_text_field_is_named(data, field, value):
    n = data.draw(st.integers(1, 8))
    k = data.draw(st.integers(1, n))
    entries, head = chain(n)
    if getattr(entries[k - 1], field) == value:
        return
    entries[k - 1] = replace(entries[k - 1], **{field: value})
    broken = verify_entries(entries, head).broken
    assert broken is not None and (broken.entry_id, broken.reason) == (k, Reason.EDITED)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(st.dictionaries(st.text(max_size=8), JSON, max_size=4))
def test_detail_hashes_the_same_whatever_the_key_order(detail):
    forward = seal(EMPTY, T0, "ana", Action.CONFIG_CHANGE, detail=detail)
    backward = seal(EMPTY, T0, "ana", Action.CONFIG_CHANGE, detail=dict(reversed(detail.items())))
    assert forward.hash == backward.hash


def test_detail_is_stored_as_json_hands_it_back():
    assert clean_detail({"cams": ("cam-1", "cam-2"), 7: True}) == {
        "cams": ["cam-1", "cam-2"],
        "7": True,
    }


def test_detail_masks_secrets_by_key_and_in_urls():
    detail = clean_detail(
        {
            "password": CANARY,
            "new-Password": CANARY,
            "access_token": CANARY,
            "camera": {"url": f"rtsp://admin:{CANARY}@10.0.0.9/stream", "api_key": CANARY},
            "token_id": 41,
        }
    )
    assert CANARY not in str(detail)
    assert detail["token_id"] == 41 and detail["camera"]["url"] == "rtsp://***@10.0.0.9/stream"


def test_detail_json_cannot_hold_is_refused():
    with pytest.raises(ValueError, match="not JSON"):
        clean_detail({"when": T0})
    with pytest.raises(ValueError):
        clean_detail({"score": float("nan")})


def test_a_field_wider_than_its_column_is_refused():
    with pytest.raises(ValueError, match="actor is longer than 80"):
        seal(EMPTY, T0, "x" * 81, Action.LOGIN)


def test_a_bound_past_the_calendar_once_in_utc_is_its_end_not_an_overflow():
    east = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=1)))
    west = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-1)))
    assert as_utc(east) == datetime.min.replace(tzinfo=UTC)
    assert as_utc(west) == datetime.max.replace(tzinfo=UTC)
