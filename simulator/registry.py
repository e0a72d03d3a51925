"""The simulated cameras, their current faults and views: thread-safe, read by every pushed frame.

A camera's view is its pan (0 = home, 1 = turned the furthest), set by ONVIF presets.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from simulator.faults import ClipId, Fault, clip_for


class UnknownCameraError(KeyError):
    def __init__(self, camera_id: str) -> None:
        super().__init__(camera_id)
        self.camera_id = camera_id

    def __str__(self) -> str:
        return f"unknown camera {self.camera_id!r}"


def camera_ids(count: int) -> list[str]:
    return [f"cam-{index}" for index in range(1, count + 1)]


class CameraRegistry:
    def __init__(self, ids: list[str], faults: Mapping[str, Fault] | None = None) -> None:
        unknown = sorted(set(faults or {}) - set(ids))
        if unknown:
            raise UnknownCameraError(unknown[0])
        self._faults = {camera_id: Fault() for camera_id in ids}
        self._faults.update(faults or {})
        self._pans = dict.fromkeys(ids, 0.0)
        self._lock = threading.Lock()

    @property
    def ids(self) -> list[str]:
        return list(self._faults)

    def fault(self, camera_id: str) -> Fault:
        with self._lock:
            return self._get(camera_id)

    def set_fault(self, camera_id: str, fault: Fault) -> Fault:
        """Store `fault`; returns the one it replaced."""
        with self._lock:
            previous = self._get(camera_id)
            self._faults[camera_id] = fault
            return previous

    def pan(self, camera_id: str) -> float:
        with self._lock:
            self._get(camera_id)
            return self._pans[camera_id]

    def set_pan(self, camera_id: str, pan: float) -> None:
        if not 0.0 <= pan <= 1.0:
            raise ValueError(f"pan {pan} is outside 0..1")
        with self._lock:
            self._get(camera_id)
            self._pans[camera_id] = pan

    def wanted_clip(self, camera_id: str) -> ClipId | None:
        """The clip the camera should play now (None: no stream), from its fault and view."""
        with self._lock:
            return clip_for(self._get(camera_id), self._pans[camera_id])

    def _get(self, camera_id: str) -> Fault:
        try:
            return self._faults[camera_id]
        except KeyError:
            raise UnknownCameraError(camera_id) from None
