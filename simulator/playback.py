"""Which access unit a camera sends next, with which timestamp, and when: pure functions.

Rules: a clip loops from its first unit (a keyframe); a change of clip starts the new clip at its
first unit, so a decoder never gets a picture that refers to the other clip; timestamps advance by
one frame per unit whatever clip it comes from, so a reader sees one continuous stream; a wanted
clip that is not encoded yet (fault clips are made on demand) leaves the current one playing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from simulator.encoding import AccessUnit, Clip
from simulator.faults import ClipId, ClipName

NS_PER_SECOND = 1_000_000_000
# A unit more than this late (a stalled process, a paused pipeline) is not worth catching up
# with: timestamps jump to now instead of bursting the backlog at clients.
MAX_LAG_NS = NS_PER_SECOND // 2


@dataclass(frozen=True)
class Playhead:
    clip: ClipId
    index: int  # the unit of `clip` sent last
    pts: int  # its timestamp, ns of pipeline running time


@dataclass(frozen=True)
class Step:
    unit: AccessUnit
    head: Playhead
    wait_ns: int  # how long to wait before pushing it, so output runs at real time


def frame_ns(fps: int) -> int:
    return NS_PER_SECOND // fps


def next_step(
    head: Playhead | None, wanted: ClipId | None, clips: Mapping[ClipId, Clip], now: int, fps: int
) -> Step:
    """The unit after `head`; `wanted` None (no stream) or not ready keeps the current clip."""
    current = head.clip if head else ClipName.NORMAL
    clip = wanted if wanted is not None and wanted in clips else current
    units = clips[clip].units
    index = (head.index + 1) % len(units) if head and head.clip == clip else 0
    pts = _next_pts(head.pts if head else None, now, frame_ns(fps))
    return Step(units[index], Playhead(clip, index, pts), max(0, pts - now))


def _next_pts(previous: int | None, now: int, step: int) -> int:
    if previous is None or now - (previous + step) > MAX_LAG_NS:
        return now
    return previous + step
