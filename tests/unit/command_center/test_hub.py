import asyncio
import json

from command_center.hub import ClientQueue, Hub


class Recorder:
    def __init__(self, delay: float = 0.0) -> None:
        self.sent: list[dict] = []
        self.delay = delay

    async def send_text(self, data: str) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        self.sent.append(json.loads(data))


def test_messages_are_numbered_in_order():
    hub = Hub()
    seqs = [hub.publish("alerts", "alert.raised", {"id": i}).seq for i in range(3)]
    assert seqs == [1, 2, 3]


def test_a_newer_snapshot_replaces_the_queued_one():
    queue = ClientQueue(maxsize=10)
    queue.offer("a1", "sample:cam-1")
    queue.offer("b1", "sample:cam-2")
    queue.offer("a2", "sample:cam-1")
    assert len(queue) == 2


def test_a_full_queue_drops_snapshots_but_never_alerts():
    queue = ClientQueue(maxsize=2)
    queue.offer("alert-1", None)
    queue.offer("alert-2", None)
    queue.offer("snap", "sample:cam-1")
    assert not queue.needs_resync and len(queue) == 2
    queue.offer("alert-3", None)
    assert queue.needs_resync and len(queue) == 3


async def test_a_client_gets_hello_then_the_messages():
    hub = Hub()
    hub.publish("alerts", "alert.raised", {"id": 0})
    client = Recorder()
    task = asyncio.create_task(hub.serve(client))
    await asyncio.sleep(0)
    hub.publish("alerts", "alert.raised", {"id": 1})
    hub.publish("alerts", "alert.cleared", {"id": 1})
    await asyncio.sleep(0.05)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)
    assert [m["type"] for m in client.sent] == ["hello", "alert.raised", "alert.cleared"]
    assert client.sent[0]["data"] == {"seq": 1}
    assert [m["seq"] for m in client.sent[1:]] == [2, 3]
    assert hub.client_count == 0


class Gated(Recorder):
    """A client whose network is stuck until the gate opens."""

    def __init__(self) -> None:
        super().__init__()
        self.gate = asyncio.Event()

    async def send_text(self, data: str) -> None:
        await self.gate.wait()
        await super().send_text(data)


async def test_a_slow_client_is_told_to_resync_without_stalling_a_fast_one():
    hub = Hub()
    slow, fast = Gated(), Recorder()
    slow_task = asyncio.create_task(hub.serve(slow))
    fast_task = asyncio.create_task(hub.serve(fast))
    await asyncio.sleep(0)
    for i in range(600):
        hub.publish("alerts", "alert.raised", {"id": i})
        if i % 50 == 0:
            await asyncio.sleep(0)
    await asyncio.sleep(0.05)
    assert len([m for m in fast.sent if m["type"] == "alert.raised"]) == 600
    slow.gate.set()
    await asyncio.wait_for(slow_task, 1)
    assert slow.sent[-1]["type"] == "resync"
    assert len(slow.sent) < 600
    fast_task.cancel()
