"""The websocket hub: numbered messages per topic to every subscribed screen that may see them.

`publish` is synchronous and cheap (the event intake calls it): it numbers the message, keeps
it in the log (unless droppable) and puts it in the outbox; the outbox is fanned out to the
clients' bounded queues at most every FAN_OUT_EVERY_S (at once when the feed is quiet). A
subscriber resuming with `since` gets the messages it missed before any newer one, each exactly
once. Order holds within a topic; messages of different topics published within one fan-out may
arrive grouped by topic.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from command_center.auth.principal import Principal
from command_center.hub import protocol
from command_center.hub.fanout import FAN_OUT_EVERY_S, Batch, PendingMessages
from command_center.hub.log import Logged, MessageLog
from command_center.hub.queue import CLIENT_QUEUE_SIZE, ClientQueue

TopicArea = Callable[[str], str | None]


def topics_of(topic: str) -> tuple[str, ...]:
    """Where a message goes: a camera's message also belongs to the topic of all cameras."""
    if topic.startswith("camera:"):
        return (topic, "cameras")
    return (topic,)


def render(topic: str, seq: int, type_: str, area: str, data_json: str, ts: datetime) -> str:
    """The message as sent; `data_json` is dumped once for all the topics it goes to."""
    head = json.dumps({"topic": topic, "seq": seq, "type": type_, "area": area})
    return f'{head[:-1]}, "data": {data_json}, "ts": "{ts.isoformat()}"}}'


@dataclass(eq=False)
class Client:
    principal: Principal
    queue: ClientQueue = field(default_factory=ClientQueue)
    last: dict[str, int] = field(default_factory=dict)  # topic -> last number queued
    held: dict[str, list[Logged]] = field(default_factory=dict)  # live, during a replay

    def take(self, topic: str, batch: Batch) -> None:
        """A topic's new messages, already filtered to this client's areas."""
        if not batch.messages:
            return
        held = self.held.get(topic)
        if held is not None:
            held.extend(batch.messages)
            return
        last = self.last.get(topic, 0)
        if batch.messages[0].seq <= last:  # some came in the replay that just ended
            batch = Batch.of([m for m in batch.messages if m.seq > last])
            if not batch.messages:
                return
        self.queue.offer_batch(batch.frames, len(batch.messages))
        self.last[topic] = batch.messages[-1].seq

    def take_sample(self, message: Logged, replace_key: str) -> None:
        if self.principal.can_see(message.area):
            self.queue.offer(message.text, (message.topic, replace_key))


class Hub:
    def __init__(
        self,
        log: MessageLog | None = None,
        topic_area: TopicArea = lambda _topic: None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        queue_size: int = CLIENT_QUEUE_SIZE,
        fan_out_every_s: float = FAN_OUT_EVERY_S,
    ) -> None:
        self.queue_size = queue_size
        self.fan_out_every_s = fan_out_every_s
        self.log = log if log is not None else MessageLog()
        self.topic_area = topic_area
        self.clock = clock
        self._seq: dict[str, int] = {}
        self._subscribers: dict[str, set[Client]] = {}
        self._clients: set[Client] = set()
        self._writer: asyncio.Task[None] | None = None
        self._outbox = PendingMessages()
        self._fan_out_at: asyncio.TimerHandle | None = None
        self._last_fan_out = -fan_out_every_s

    @property
    def client_count(self) -> int:
        return len(self._clients)

    def queue_depths(self) -> list[int]:
        return [len(client.queue) for client in self._clients]

    def last_seq(self, topic: str) -> int:
        return self._seq.get(topic, 0)

    async def start(self) -> None:
        """Continue the numbering from the log; start its writer."""
        self._seq = await self.log.load()
        self._writer = asyncio.create_task(self.log.run(), name="hub log writer")

    async def stop(self) -> None:
        self.fan_out()
        self.log.stop()
        if self._writer is not None:
            await self._writer
        await self.log.flush()

    def publish(
        self,
        topic: str,
        type_: str,
        data: dict[str, Any],
        *,
        area: str,
        replace_key: str | None = None,
    ) -> Logged:
        """A droppable message (`replace_key`) is not logged and takes no number: it carries
        the number of its topic's last message."""
        ts, data_json = self.clock(), json.dumps(data, default=str)
        sent = [
            self._publish_one(t, type_, data_json, area, replace_key, ts) for t in topics_of(topic)
        ]
        return sent[0]

    def _publish_one(
        self,
        topic: str,
        type_: str,
        data_json: str,
        area: str,
        replace_key: str | None,
        ts: datetime,
    ) -> Logged:
        seq = self.last_seq(topic) + (replace_key is None)
        text = render(topic, seq, type_, area, data_json, ts)
        message = Logged(topic, seq, type_, area, text, ts)
        if replace_key is None:
            self._seq[topic] = seq
            self.log.append(message)
        if topic in self._subscribers:
            self._outbox.add(message, replace_key)
            self._schedule_fan_out()
        return message

    def _schedule_fan_out(self) -> None:
        if self._fan_out_at is None:
            loop = asyncio.get_running_loop()
            delay = max(0.0, self._last_fan_out + self.fan_out_every_s - loop.time())
            self._fan_out_at = loop.call_later(delay, self.fan_out)

    def fan_out(self) -> None:
        """Everything published since the last fan-out into the queues of its subscribers."""
        if self._fan_out_at is not None:
            self._fan_out_at.cancel()
            self._fan_out_at = None
        outbox, self._outbox = self._outbox, PendingMessages()
        self._last_fan_out = asyncio.get_running_loop().time()
        for topic, news in outbox.numbered.items():
            for client in self._subscribers.get(topic, ()):
                client.take(topic, news.for_areas(client.principal.areas))
        for (topic, replace_key), message in outbox.samples.items():
            for client in self._subscribers.get(topic, ()):
                client.take_sample(message, replace_key)

    def connect(self, principal: Principal) -> Client:
        client = Client(principal, ClientQueue(self.queue_size))
        self._clients.add(client)
        return client

    def disconnect(self, client: Client) -> None:
        self._clients.discard(client)
        for topic in list(client.last):
            self._unsubscribe_one(client, topic)

    def visible(self, principal: Principal, topic: str) -> bool:
        """Whether the topic exists and lies in the principal's areas: the two are
        indistinguishable to the client."""
        if topic in protocol.BROAD_TOPICS:
            return True
        area = self.topic_area(topic)
        return area is not None and principal.can_see(area)

    async def subscribe(self, client: Client, topics: dict[str, int | None]) -> None:
        """Answers queue up in order: an error per unknown topic, `subscribed` with each
        topic's last number, then per resumed topic the missed messages (or `resync`)."""
        wanted = {t: s for t, s in topics.items() if self.visible(client.principal, t)}
        for topic in topics.keys() - wanted.keys():
            client.queue.offer(protocol.unknown_topic(topic))
        resumes = {t: self._register(client, t, s) for t, s in wanted.items()}
        numbers = {t: self.last_seq(t) for t in wanted}
        client.queue.offer(protocol.notice("subscribed", topics=numbers))
        for topic, (since, upto) in resumes.items():
            if since is not None:
                await self._resume(client, topic, since, upto)

    def _register(self, client: Client, topic: str, since: int | None) -> tuple[int | None, int]:
        """From here on, live messages of `topic` reach the client, or wait in `held` for the
        replay of since+1 .. upto, the last number at this instant."""
        upto = self.last_seq(topic)
        self._subscribers.setdefault(topic, set()).add(client)
        if since is None or since == upto:
            client.last[topic] = upto
            return None, upto
        client.last[topic] = min(since, upto)
        client.held[topic] = []
        return since, upto

    async def _resume(self, client: Client, topic: str, since: int, upto: int) -> None:
        missed = await self.log.replay(topic, since, upto) if since < upto else None
        held = client.held.pop(topic, None)
        if held is None:  # unsubscribed meanwhile
            return
        if missed is None:
            client.queue.offer(protocol.notice("resync", topic=topic, seq=upto))
        else:
            client.queue.offer_replay([m.text for m in missed if client.principal.can_see(m.area)])
        client.last[topic] = upto
        client.take(topic, Batch.of(held))

    def reauthorize(self, client: Client, principal: Principal) -> None:
        """The client's login as read again: from now on only its present areas reach it, and
        the topics it may no longer see are dropped (`unsubscribed`, with the reason)."""
        client.principal = principal
        lost = sorted(t for t in client.last if not self.visible(principal, t))
        for topic in lost:
            self._unsubscribe_one(client, topic)
        if lost:
            client.queue.offer(protocol.notice("unsubscribed", topics=lost, reason="access"))

    def unsubscribe(self, client: Client, topics: list[str]) -> None:
        for topic in topics:
            self._unsubscribe_one(client, topic)
        client.queue.offer(protocol.notice("unsubscribed", topics=topics))

    def _unsubscribe_one(self, client: Client, topic: str) -> None:
        client.last.pop(topic, None)
        client.held.pop(topic, None)
        subscribers = self._subscribers.get(topic)
        if subscribers is not None:
            subscribers.discard(client)
            if not subscribers:
                del self._subscribers[topic]


def camera_topics(camera_areas: dict[str, str]) -> TopicArea:
    """The resolver of `camera:<id>` topics: the camera's area; None for an unknown camera."""

    def topic_area(topic: str) -> str | None:
        kind, _, camera_id = topic.partition(":")
        return camera_areas.get(camera_id) if kind == "camera" else None

    return topic_area
