"""An ONVIF camera's frames: its RTSP stream, and the device's snapshot while the stream fails.

A camera whose RTSP side is broken (a crashed encoder, a full session table) often still
answers its snapshot URL; the wall keeps a picture and the checks keep judging it, and the
camera shows `degraded` with the stream's failure as the reason.
"""

from __future__ import annotations

import logging
import time

import av
import cv2
import numpy as np

from stream_gateway.frame_conversion import as_bytes
from stream_gateway.ingest import KeyFrame, KeyframeReader, Trouble
from stream_gateway.onvif import OnvifDevice, OnvifFailure
from stream_gateway.per_check_grabber import PerCheckGrabber

log = logging.getLogger(__name__)


def jpeg_frame(jpeg: bytes) -> av.VideoFrame | None:
    picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR)
    if picture is None:
        return None
    return av.VideoFrame.from_ndarray(as_bytes(picture), format="bgr24")


class SnapshotFallback:
    def __init__(
        self, stream: KeyframeReader | PerCheckGrabber, device: OnvifDevice, profile_token: str
    ) -> None:
        self._stream = stream
        self._device = device
        self._token = profile_token
        self._snapshot_trouble: Trouble | None = None

    @property
    def trouble(self) -> Trouble | None:
        return self._stream.trouble or self._snapshot_trouble

    @property
    def last_packet_at(self) -> float:
        return self._stream.last_packet_at

    @property
    def link_lost(self) -> bool:
        return self._stream.link_lost

    @property
    def ever_played(self) -> bool:
        return self._stream.ever_played

    def start(self) -> None:
        self._stream.start()

    def stop(self, join_timeout_s: float = 1.0) -> None:
        self._stream.stop(join_timeout_s)

    async def next_keyframe(self) -> KeyFrame | None:
        keyframe = await self._stream.next_keyframe()
        if keyframe is not None or not self._stream.link_lost:
            return keyframe
        return await self._snapshot()

    async def _snapshot(self) -> KeyFrame | None:
        try:
            jpeg = await self._device.snapshot(self._token)
        except OnvifFailure as exc:
            self._snapshot_trouble = Trouble(exc.failure, str(exc))
            return None
        frame = jpeg_frame(jpeg) if jpeg else None
        if frame is None:
            return None
        self._snapshot_trouble = None
        return KeyFrame(frame, time.monotonic(), fallback=True)
