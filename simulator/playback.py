"""Which access unit a camera sends next, with which timestamp, and when: pure functions.

Rules: a clip loops from its first unit (a keyframe); a change of clip starts the new clip at its
first unit, so a decoder never gets a picture that refers to the other clip; timestamps advance by
one frame per unit whatever clip it comes from, so a reader sees one continuous stream.
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.clips import CameraClips, ClipName
from simulator.encoding import AccessUnit

NS_PER_SECOND = 1_000_000_000
# A unit more than this late (a stalled process, a paused pipeline) is not worth catching up
# with: timestamps jump to now instead of bursting the backlog at clients.
MAX_LAG_NS = NS_PER_SECOND // 2


@dataclass(frozen=True)
class Playhead:
    clip: ClipName
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
    head: Playhead | None, wanted: ClipName | None, clips: CameraClips, now: int, fps: int
) -> Step:
    """The unit after `head`; `wanted` None (no stream wanted) keeps playing the current clip."""
    clip = wanted or (head.clip if head else ClipName.NORMAL)
    units = clips[clip].units
    index = (head.index + 1) % len(units) if head and head.clip == clip else 0
    pts = _next_pts(head.pts if head else None, now, frame_ns(fps))
    return Step(units[index], Playhead(clip, index, pts), max(0, pts - now))


def _next_pts(previous: int | None, now: int, step: int) -> int:
    if previous is None or now - (previous + step) > MAX_LAG_NS:
        return now
    return previous + step
