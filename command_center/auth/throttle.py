"""Login attempts, limited over a sliding window: per user name from one address, per user
name from everywhere (looser), and per address whatever the name.

An attempt is counted when it starts (`reserve`), before the password is checked: attempts
sent at once cannot all pass the check before any of them has failed. A successful attempt
gives its count back (`release`) and clears the user's count from that address.

Why per (user, address): with a plain per-user limit, five wrong passwords from anywhere
would lock anyone out, the first admin included. The per-user ceiling still stops a guesser
spread over many addresses; an admin can lift it (`unlock`).

Pure: the clock is passed in. Memory stays bounded: old attempts are forgotten as they age,
and at most MAX_KEYS keys are tracked (the oldest go first).
"""

from __future__ import annotations

from collections import OrderedDict, deque
from dataclasses import dataclass

MAX_KEYS = 100_000

Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ThrottleLimits:
    window_s: float = 900.0
    per_user_address: int = 5
    per_user: int = 50
    per_address: int = 30


@dataclass(frozen=True, slots=True)
class Attempt:
    """A counted attempt, to give back if it succeeds."""

    keys: tuple[Key, ...]
    at: float


class Throttled(Exception):
    def __init__(self, retry_after_s: float) -> None:
        super().__init__(f"throttled for {retry_after_s:.0f} s")
        self.retry_after_s = retry_after_s


def _keys(username: str, address: str) -> tuple[Key, Key, Key]:
    name = username.lower()
    return ("pair", name, address), ("user", name), ("addr", address)


class LoginThrottle:
    def __init__(self, limits: ThrottleLimits = ThrottleLimits()) -> None:
        self.limits = limits
        self._attempts: OrderedDict[Key, deque[float]] = OrderedDict()

    def reserve(self, username: str, address: str, now: float) -> Attempt:
        """Counts an attempt now; raises Throttled (nothing counted) if a limit is reached."""
        keys = _keys(username, address)
        limits = (self.limits.per_user_address, self.limits.per_user, self.limits.per_address)
        waits = [self._wait(key, limit, now) for key, limit in zip(keys, limits, strict=True)]
        blocked = [wait for wait in waits if wait is not None]
        if blocked:
            raise Throttled(max(blocked))
        for key in keys:
            self._attempts.setdefault(key, deque()).append(now)
            self._attempts.move_to_end(key)
        while len(self._attempts) > MAX_KEYS:
            self._attempts.popitem(last=False)
        return Attempt(keys, now)

    def release(self, attempt: Attempt) -> None:
        """The attempt succeeded: it no longer counts, nor do the user's earlier failures
        from the same address."""
        for key in attempt.keys:
            counted = self._attempts.get(key)
            if counted is not None and attempt.at in counted:
                counted.remove(attempt.at)
        self._attempts.pop(attempt.keys[0], None)

    def unlock(self, username: str) -> None:
        """Forgets every failure of `username`, from every address (an admin's decision)."""
        name = username.lower()
        for key in [k for k in self._attempts if k[0] in ("pair", "user") and k[1] == name]:
            del self._attempts[key]

    def _wait(self, key: Key, limit: int, now: float) -> float | None:
        counted = self._attempts.get(key)
        if counted is None:
            return None
        while counted and counted[0] <= now - self.limits.window_s:
            counted.popleft()
        if len(counted) < limit:
            return None
        return counted[-limit] + self.limits.window_s - now


class RefusalDigest:
    """Which throttled logins go to the audit log: the first of a (user name, address), then
    at most one every `every_s`, carrying how many were refused since the last one written.
    A flood of refused logins costs the audit log a row a minute per pair, not a row a
    request (each row is a write under the chain's lock that every audited request waits on).

    Pure: the clock is passed in; at most MAX_KEYS pairs are tracked (the oldest go first)."""

    def __init__(self, every_s: float) -> None:
        self.every_s = every_s
        self._pairs: OrderedDict[Key, tuple[float, int]] = OrderedDict()

    def note(self, username: str, address: str, now: float) -> int | None:
        """Counts a refusal; the number to record now (this one included), or None."""
        key = (username.lower(), address)
        last = self._pairs.get(key)
        if last is not None and now - last[0] < self.every_s:
            self._pairs[key] = (last[0], last[1] + 1)
            return None
        self._pairs[key] = (now, 0)
        self._pairs.move_to_end(key)
        while len(self._pairs) > MAX_KEYS:
            self._pairs.popitem(last=False)
        return 1 + (last[1] if last is not None else 0)
