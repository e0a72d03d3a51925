"""What was published since the last fan-out, ready for the screens.

Publishing only numbers a message and puts it here; the hub fans the lot out a few dozen times a
second. A topic's messages are filtered and framed once per set of areas and the frames shared
by every client with that set, so the work grows with clients x fan-outs, not clients x
messages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from command_center.hub import protocol
from command_center.hub.log import Logged

FAN_OUT_EVERY_S = 0.025  # a busy feed waits up to this for company; a quiet one not at all


@dataclass(frozen=True, slots=True)
class Batch:
    """A topic's new messages that one set of areas may see, and their frames."""

    messages: list[Logged]
    frames: list[str]

    @classmethod
    def of(cls, messages: list[Logged]) -> Batch:
        return cls(messages, protocol.frames([m.text for m in messages]))


@dataclass
class TopicNews:
    """One topic's numbered messages since the last fan-out, in order."""

    messages: list[Logged] = field(default_factory=list)
    _by_areas: dict[frozenset[str], Batch] = field(default_factory=dict)

    def for_areas(self, areas: frozenset[str]) -> Batch:
        batch = self._by_areas.get(areas)
        if batch is None:
            batch = Batch.of([m for m in self.messages if m.area in areas])
            self._by_areas[areas] = batch
        return batch


@dataclass
class PendingMessages:
    numbered: dict[str, TopicNews] = field(default_factory=dict)
    samples: dict[tuple[str, str], Logged] = field(default_factory=dict)  # latest wins

    def add(self, message: Logged, replace_key: str | None) -> None:
        if replace_key is None:
            self.numbered.setdefault(message.topic, TopicNews()).messages.append(message)
        else:
            self.samples.pop((message.topic, replace_key), None)
            self.samples[(message.topic, replace_key)] = message
