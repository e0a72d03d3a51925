from events.outbox import Entry, GroupOp, Outbox
from events.streams import Family


def entry(family, camera="cam-1", tag=b""):
    return Entry(f"cc:{family}", family, camera, {b"tag": tag})


def tags(items):
    return [item.fields[b"tag"] if isinstance(item, Entry) else item.group for item in items]


def test_items_leave_in_the_order_they_came():
    box = Outbox()
    box.put(entry(Family.EVENTS, tag=b"1"))
    box.put(GroupOp("cc:events", "g"))
    box.put(entry(Family.FINDINGS, tag=b"2"))
    assert tags(box.take(10)) == [b"1", "g", b"2"]
    assert len(box) == 0


def test_a_queued_snapshot_is_replaced_by_the_newer_one_of_its_camera():
    box = Outbox()
    box.put(entry(Family.SNAPSHOTS, "a", b"a1"))
    box.put(entry(Family.SNAPSHOTS, "b", b"b1"))
    box.put(entry(Family.SNAPSHOTS, "a", b"a2"))
    assert tags(box.take(10)) == [b"a2", b"b1"]
    assert box.dropped == 1


def test_beyond_the_bound_the_oldest_findings_go_and_alerts_stay():
    box = Outbox(max_findings=2)
    box.put(entry(Family.FINDINGS, tag=b"f1"))
    for i in range(5):
        box.put(entry(Family.EVENTS, tag=b"alert%d" % i))
    box.put(entry(Family.FINDINGS, tag=b"f2"))
    box.put(entry(Family.FINDINGS, tag=b"f3"))
    got = tags(box.take(100))
    assert got == [b"alert0", b"alert1", b"alert2", b"alert3", b"alert4", b"f2", b"f3"]
    assert box.dropped == 1


def test_a_long_outage_keeps_memory_bounded_by_the_findings_bound():
    box = Outbox(max_findings=100)
    for i in range(10_000):
        box.put(entry(Family.FINDINGS, tag=str(i).encode()))
    assert len(box) == 100
    assert len(box._queue) <= 300  # dropped ones are compacted away
    assert tags(box.take(1))[0] == b"9900"


def test_a_batch_that_failed_goes_back_ahead_of_newer_items():
    box = Outbox()
    box.put(entry(Family.FINDINGS, tag=b"1"))
    box.put(entry(Family.EVENTS, tag=b"2"))
    batch = box.take(10)
    box.put(entry(Family.EVENTS, tag=b"3"))
    box.requeue(batch)
    assert tags(box.take(10)) == [b"1", b"2", b"3"]


def test_a_failed_snapshot_is_not_sent_again_once_a_newer_one_is_queued():
    box = Outbox()
    box.put(entry(Family.SNAPSHOTS, "a", b"old"))
    batch = box.take(10)
    box.put(entry(Family.SNAPSHOTS, "a", b"new"))
    box.requeue(batch)
    assert tags(box.take(10)) == [b"new"]
    assert box.dropped == 1


def test_requeued_findings_are_the_first_to_go_when_the_bound_is_reached():
    box = Outbox(max_findings=2)
    box.put(entry(Family.FINDINGS, tag=b"old"))
    batch = box.take(10)
    box.put(entry(Family.FINDINGS, tag=b"new1"))
    box.requeue(batch)
    box.put(entry(Family.FINDINGS, tag=b"new2"))
    assert tags(box.take(10)) == [b"new1", b"new2"]
