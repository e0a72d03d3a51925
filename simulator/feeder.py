"""Feeds one camera's pipeline: pushes pre-encoded access units into its appsrc at real time.

GStreamer calls `need_data` from the appsrc's own streaming thread whenever its queue is empty;
the feeder waits there until the unit is due (pipeline running time), so the queue holds at most
one unit and no encoding happens while serving.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

import gi

gi.require_version("Gst", "1.0")
from gi.repository import Gst  # noqa: E402

from simulator.clips import CameraClips  # noqa: E402
from simulator.encoding import AccessUnit  # noqa: E402
from simulator.faults import ClipId  # noqa: E402
from simulator.playback import NS_PER_SECOND, Playhead, frame_ns, next_step  # noqa: E402

log = logging.getLogger(__name__)


class Feeder:
    def __init__(
        self, camera_id: str, clips: CameraClips, wanted: Callable[[], ClipId | None], fps: int
    ) -> None:
        self.camera_id = camera_id
        self._clips = clips
        self._wanted = wanted
        self._fps = fps
        self._head: Playhead | None = None
        self._lock = threading.Lock()  # need-data may come from a new streaming thread

    def attach(self, appsrc: Gst.Element) -> None:
        appsrc.connect("need-data", self._need_data)

    def _need_data(self, appsrc: Gst.Element, _length: int) -> None:
        with self._lock:
            now = _running_time(appsrc, self._head, self._fps)
            step = next_step(self._head, self._wanted(), self._clips, now, self._fps)
            self._head = step.head
        if step.wait_ns:
            time.sleep(step.wait_ns / NS_PER_SECOND)
        buffer = _buffer(step.unit, step.head.pts, frame_ns(self._fps))
        result = appsrc.emit("push-buffer", buffer)
        if result != Gst.FlowReturn.OK:
            log.debug("%s: push-buffer returned %s", self.camera_id, result)


def _running_time(appsrc: Gst.Element, head: Playhead | None, fps: int) -> int:
    """The pipeline's running time; without a clock (never seen while playing), the next slot.

    need-data must always be answered with a buffer: appsrc waits for one, so returning
    empty-handed would stall the camera until its pipeline is torn down.
    """
    now: int = appsrc.get_current_running_time()
    if now != Gst.CLOCK_TIME_NONE:
        return now
    return head.pts + frame_ns(fps) if head else 0


def _buffer(unit: AccessUnit, pts: int, duration: int) -> Gst.Buffer:
    buffer = Gst.Buffer.new_wrapped(unit.data)
    buffer.pts = buffer.dts = pts
    buffer.duration = duration
    if not unit.keyframe:
        buffer.set_flags(Gst.BufferFlags.DELTA_UNIT)
    return buffer
