"""One connection, through a socket the test feeds: auth, bad messages, limits, heartbeats."""

import asyncio

import pytest
from hub_support import MemorySocket, principal

from command_center.auth.principal import Principal
from command_center.hub import Hub
from command_center.hub.protocol import BadMessage, Subscribe, TokenBucket, frames, parse
from command_center.hub.session import Close, Disconnected, Session, Timing, first

FAST = Timing(auth_timeout_s=0.1, heartbeat_s=0.05, idle_timeout_s=10)


class Tokens:
    """Tokens that can be revoked while a session runs."""

    def __init__(self, **tokens: Principal) -> None:
        self.tokens = tokens

    async def authenticate(self, token: str) -> Principal | None:
        return self.tokens.get(token)


async def start(
    timing: Timing = FAST, cookie: str | None = None, hub: Hub | None = None
) -> tuple[MemorySocket, asyncio.Task[None], Tokens, Hub]:
    tokens, socket, h = Tokens(good=principal("north")), MemorySocket(), hub or Hub()
    session = Session(h, socket, tokens.authenticate, timing)
    return socket, asyncio.create_task(session.run(cookie)), tokens, h


async def until(condition, timeout: float = 1.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.005)


async def test_the_first_message_authenticates():
    socket, task, _, h = await start()
    socket.send({"type": "auth", "token": "good"})
    socket.send({"type": "subscribe", "topics": {"alerts": None}})
    await until(lambda: socket.of_type("subscribed"))
    h.publish("alerts", "alert.raised", {"id": 1}, area="north")
    await until(lambda: socket.of_type("alert.raised"))
    assert socket.sent[0]["type"] == "hello" and socket.sent[0]["user"] == "ana"
    task.cancel()


async def test_the_cookie_authenticates_without_a_message():
    socket, task, _, _ = await start(cookie="good")
    await until(lambda: socket.sent)
    assert socket.sent[0]["type"] == "hello"
    task.cancel()


@pytest.mark.parametrize("first", [{"type": "auth", "token": "wrong"}, {"type": "pong"}, "nope"])
async def test_a_wrong_first_message_is_refused_with_4401(first):
    socket, task, _, _ = await start()
    socket.send(first)
    await asyncio.wait_for(task, 1)
    assert socket.sent[0]["code"] == 401 and socket.closed == 4401


async def test_silence_after_the_handshake_is_refused_with_4401():
    socket, task, _, _ = await start()
    await asyncio.wait_for(task, 1)
    assert socket.of_type("error")[0]["code"] == 401 and socket.closed == 4401


async def test_a_wrong_cookie_is_refused():
    socket, task, _, _ = await start(cookie="stale")
    await asyncio.wait_for(task, 1)
    assert socket.closed == 4401


async def test_a_bad_message_is_answered_400_and_the_connection_stays():
    socket, task, _, _ = await start(cookie="good")
    for bad in ["{", {"type": "dance"}, {"type": "subscribe", "topics": {"Alerts!": None}}]:
        socket.send(bad)
    socket.send({"type": "subscribe", "topics": {"alerts": None}})
    await until(lambda: socket.of_type("subscribed"))
    details = [m["detail"] for m in socket.of_type("error")]
    assert [m["code"] for m in socket.of_type("error")] == [400, 400, 400]
    assert details[0] == "not JSON" and "unknown message type" in details[1]
    assert details[2].startswith("topics.Alerts!")
    assert socket.closed is None
    task.cancel()


async def test_more_than_the_burst_closes_with_1008():
    socket, task, _, _ = await start(cookie="good")
    for _ in range(41):
        socket.send({"type": "pong"})
    await asyncio.wait_for(task, 1)
    assert socket.of_type("error")[-1]["code"] == 429 and socket.closed == 1008


async def test_every_heartbeat_pings_and_a_revoked_token_closes_with_4401():
    socket, task, tokens, _ = await start(cookie="good")
    await until(lambda: len(socket.of_type("ping")) >= 2)
    del tokens.tokens["good"]
    await asyncio.wait_for(task, 1)
    assert socket.sent[-1] == {"type": "auth_expired"} and socket.closed == 4401


async def test_a_silent_client_is_closed_with_4408():
    socket, task, _, _ = await start(Timing(heartbeat_s=0.02, idle_timeout_s=0.05), cookie="good")
    await asyncio.wait_for(task, 1)
    assert socket.closed == 4408


async def test_an_overflowing_client_is_told_to_resync_and_closed_with_4000():
    h = Hub(queue_size=2)
    socket, task, _, _ = await start(cookie="good", hub=h)
    socket.send({"type": "subscribe", "topics": {"alerts": None}})
    await until(lambda: socket.of_type("subscribed"))
    for i in range(5):  # each fan-out before the sender may run
        h.publish("alerts", "alert.raised", {"id": i}, area="north")
        h.fan_out()
    await asyncio.wait_for(task, 1)
    assert socket.sent[-1] == {"type": "resync"} and socket.closed == 4000
    assert h.client_count == 0


def test_parse_names_the_field_at_fault():
    assert parse('{"type": "subscribe", "topics": {"alerts": -1}}') == BadMessage(
        "topics.alerts: Input should be greater than or equal to 0"
    )
    assert parse('{"type": "subscribe", "topics": {"alerts": 3}}') == Subscribe(
        type="subscribe", topics={"alerts": 3}
    )
    assert parse("[1]") == BadMessage("a message is a JSON object with a string 'type'")


@pytest.mark.parametrize("nesting", ['{"a":' * 5000 + "1" + "}" * 5000, "[" * 30_000])
def test_parse_answers_deep_nesting_as_a_bad_message(nesting):
    assert parse(nesting) == BadMessage("JSON nested too deeply")


def test_the_bucket_allows_the_burst_then_the_rate():
    bucket = TokenBucket(rate=20, burst=40)
    assert all(bucket.take(0.0) for _ in range(40)) and not bucket.take(0.0)
    assert bucket.take(0.05) and not bucket.take(0.05)


def test_frames_join_messages_up_to_the_size():
    assert frames(["a" * 10] * 5, max_bytes=25) == ["a" * 10 + "\n" + "a" * 10] * 2 + ["a" * 10]
    assert frames(["b" * 100], max_bytes=25) == ["b" * 100]


async def test_a_cancel_during_the_close_stays_the_cancellers_own():
    """The client leaves (Disconnected) and, while the session winds its other jobs down, whoever
    runs it cancels it too (Starlette's TestClient does right after the close; a server at
    shutdown). What comes out must be that cancellation, with its message: anyio's cancel scope
    swallows only its own, and a bare CancelledError from a sibling's wind-down escaped it (the
    flaky test_metrics.py::test_websocket_clients_are_counted)."""
    host: asyncio.Task[Close]

    async def leaves() -> Close:
        raise Disconnected

    async def cancelled_with_the_host() -> Close:
        waiting = asyncio.get_running_loop().create_future()
        # Runs once the session has cancelled this job, before the job itself runs again.
        waiting.add_done_callback(lambda _: host.cancel("stopped by the server"))
        await waiting
        raise AssertionError("never reached")

    host = asyncio.create_task(first([leaves(), cancelled_with_the_host()]))
    with pytest.raises(asyncio.CancelledError) as cancelled:
        await host
    assert cancelled.value.args == ("stopped by the server",)
