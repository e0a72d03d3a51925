"""Which websocket handshakes are let in: a token bucket per client address, so one address
opening sockets as fast as it can (a broken client in a loop, or an attacker with a valid login)
cannot keep the event loop busy with handshakes, logins and replays while everyone else's
requests wait (bench/results/attacks.md: health's p99 at 141 ms under ~900 handshakes a second).

Pure: the clock is passed in. At most MAX_ADDRESSES are tracked, the least recently seen first
forgotten (a forgotten address starts again with a full bucket, so never fewer admitted).
"""

from __future__ import annotations

from collections import OrderedDict

from command_center.hub.protocol import TokenBucket

# A screen reconnects at most every 0.5 s (its backoff's floor): twenty a second is forty
# screens behind one address all reconnecting at once, again and again.
HANDSHAKES_PER_S = 20.0
# A control room's screens behind one NAT address reconnect together after a restart: 250 at
# once covers the 200 of the hub bench with room.
HANDSHAKE_BURST = 250.0
MAX_ADDRESSES = 10_000


class HandshakeAdmission:
    def __init__(self, rate: float = HANDSHAKES_PER_S, burst: float = HANDSHAKE_BURST) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def admit(self, address: str, now: float) -> bool:
        bucket = self._buckets.get(address)
        if bucket is None:
            bucket = TokenBucket(self.rate, self.burst, self.burst)
            self._buckets[address] = bucket
        self._buckets.move_to_end(address)
        while len(self._buckets) > MAX_ADDRESSES:
            self._buckets.popitem(last=False)
        return bucket.take(now)
