"""Login attempts, limited per user name and per address: a sliding window of failures.

Pure: the clock is passed in. Memory stays bounded: old failures are forgotten as they age,
and at most MAX_KEYS keys are tracked (the oldest go first).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

MAX_KEYS = 100_000


@dataclass(frozen=True, slots=True)
class ThrottleLimits:
    window_s: float = 900.0
    per_user: int = 5
    per_address: int = 30


class LoginThrottle:
    def __init__(self, limits: ThrottleLimits = ThrottleLimits()) -> None:
        self.limits = limits
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()

    def retry_after(self, username: str, address: str, now: float) -> float | None:
        """Seconds until another attempt is allowed, or None if it is allowed now."""
        waits = [
            self._wait(f"user:{username.lower()}", self.limits.per_user, now),
            self._wait(f"addr:{address}", self.limits.per_address, now),
        ]
        blocked = [w for w in waits if w is not None]
        return max(blocked) if blocked else None

    def failed(self, username: str, address: str, now: float) -> None:
        for key in (f"user:{username.lower()}", f"addr:{address}"):
            self._failures.setdefault(key, deque()).append(now)
            self._failures.move_to_end(key)
        while len(self._failures) > MAX_KEYS:
            self._failures.popitem(last=False)

    def succeeded(self, username: str) -> None:
        self._failures.pop(f"user:{username.lower()}", None)

    def _wait(self, key: str, limit: int, now: float) -> float | None:
        failures = self._failures.get(key)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.limits.window_s:
            failures.popleft()
        if len(failures) < limit:
            return None
        return failures[-limit] + self.limits.window_s - now
