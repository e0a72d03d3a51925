"""The messages of `/ws` in both directions, and the limits on what a client may send.

Pure: parsing, the notices the server sends, the rate limit. The connection lives in session.py.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import IntEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

AUTH_TIMEOUT_S = 5.0  # the first message must authenticate within this (unless the cookie did)
HEARTBEAT_S = 15.0  # a ping, and the token checked again, this often
IDLE_TIMEOUT_S = 45.0  # three missed pongs: the client is gone, or its network is
RATE_PER_S = 20.0  # a console subscribes a few topics and answers pings: far less than this
RATE_BURST = 40
MAX_CLIENT_FRAME_BYTES = 64 * 1024  # enforced by uvicorn (ws_max_size in cli.py): close 1009
MAX_TOPICS = 200  # topics in one subscribe: a wall of 144 tiles and the broad topics fit
BROAD_TOPICS = frozenset({"alerts", "cameras", "sensors", "cases", "walls"})
TOPIC_PATTERN = r"^[a-z]+(:[A-Za-z0-9][A-Za-z0-9_.-]{0,63})?$"


class CloseCode(IntEnum):
    POLICY = 1008  # too many messages
    TRY_AGAIN_LATER = 1013  # too many handshakes from the address (refused before it: 403)
    RESYNC = 4000  # fell too far behind: reconnect with `since`
    UNAUTHORIZED = 4401  # no credential, a wrong one, or it expired or was revoked
    FORBIDDEN = 4403  # Origin not allowed (refused before the handshake: HTTP 403)
    IDLE = 4408  # nothing heard for IDLE_TIMEOUT_S


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Topic = Annotated[str, Field(pattern=TOPIC_PATTERN, max_length=80)]
Since = Annotated[int, Field(ge=0)]


class Auth(_Message):
    type: Literal["auth"]
    token: str = Field(min_length=1, max_length=512)


class Subscribe(_Message):
    type: Literal["subscribe"]
    topics: dict[Topic, Since | None] = Field(min_length=1, max_length=MAX_TOPICS)


class Unsubscribe(_Message):
    type: Literal["unsubscribe"]
    topics: list[Topic] = Field(min_length=1, max_length=MAX_TOPICS)


class Pong(_Message):
    type: Literal["pong"]


ClientMessage = Annotated[Auth | Subscribe | Unsubscribe | Pong, Field(discriminator="type")]
_client_message: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)


@dataclass(frozen=True, slots=True)
class BadMessage:
    detail: str


def parse(text: str) -> ClientMessage | BadMessage:
    try:
        raw = json.loads(text)
    except ValueError:
        return BadMessage("not JSON")
    except RecursionError:  # 5,000 nested brackets fit in a frame and exhaust the stack
        return BadMessage("JSON nested too deeply")
    if not isinstance(raw, dict) or not isinstance(raw.get("type"), str):
        return BadMessage("a message is a JSON object with a string 'type'")
    try:
        return _client_message.validate_python(raw)
    except ValidationError as exc:
        return BadMessage(_describe(exc))


def _describe(exc: ValidationError) -> str:
    """The first fault, naming the field and never echoing the input."""
    error = exc.errors(include_input=False)[0]
    if error["type"] == "union_tag_invalid":
        return "unknown message type; expected auth, subscribe, unsubscribe or pong"
    where = ".".join(str(part) for part in error["loc"][1:])
    return f"{where}: {error['msg']}" if where else error["msg"]


def notice(type_: str, **fields: Any) -> str:
    """A message to one client (ping, error, resync...): it takes no number."""
    return json.dumps({"type": type_, **fields})


def error(code: int, detail: str) -> str:
    return notice("error", code=code, detail=detail)


def unknown_topic(topic: str) -> str:
    """Said for a topic that does not exist and for one outside the client's areas alike."""
    return error(404, f"unknown topic {topic!r}")


@dataclass
class TokenBucket:
    """`rate` messages a second on average, `burst` at once."""

    rate: float = RATE_PER_S
    burst: float = RATE_BURST
    tokens: float = RATE_BURST
    last: float | None = None

    def take(self, now: float) -> bool:
        if self.last is not None:
            self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


MAX_SERVER_FRAME_BYTES = 64 * 1024  # what we refuse from clients we do not send them either


def frames(texts: list[str], max_bytes: int = MAX_SERVER_FRAME_BYTES) -> list[str]:
    """Messages joined one per line into frames of at most `max_bytes` (a longer message
    goes alone): a busy client gets a few frames a second, not a thousand."""
    out: list[str] = []
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and size + len(text) + 1 > max_bytes:
            out.append("\n".join(batch))
            batch, size = [], 0
        batch.append(text)
        size += len(text) + 1
    if batch:
        out.append("\n".join(batch))
    return out
