"""Which looks at a camera's pictures go in the audit log: a person's first fetch of a
camera's snapshot (or an alert's evidence), then again only once the last recorded one is
LOOK_AGAIN_S old. The console fetches a watched camera's snapshot at every sample (every few
seconds): an entry each time would bury the log and say nothing more about who looked.

Pure: time is passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, field

LOOK_AGAIN_S = 300.0  # one entry per person, picture and 5 minutes of looking
MAX_REMEMBERED = 10_000  # looks remembered; past it all are forgotten (so recorded again)


@dataclass
class Looks:
    again_s: float = LOOK_AGAIN_S
    limit: int = MAX_REMEMBERED
    _recorded: dict[tuple[str, str, str], float] = field(default_factory=dict)

    def to_record(self, who: str, object_type: str, object_id: str, now: float) -> bool:
        """Whether this look goes in the log (and, if so, it is remembered as recorded)."""
        key = (who, object_type, object_id)
        last = self._recorded.get(key)
        if last is not None and now - last < self.again_s:
            return False
        if len(self._recorded) >= self.limit:
            self._recorded.clear()
        self._recorded[key] = now
        return True
