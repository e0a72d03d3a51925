"""A JPEG of what a camera shows: its current clip's keyframe for this moment, decoded once.

The cheapest picture the simulator has: clips are already encoded, and every keyframe carries
its SPS/PPS, so one access unit decodes on its own (a few ms at 640x360) with no rendering.
The moment picks the keyframe the live stream passed last, to within a GOP; decoded pictures
are cached per keyframe, so a wall polling snapshots decodes each keyframe once.
"""

from __future__ import annotations

from functools import lru_cache

import av
import cv2
import numpy as np

from simulator.encoding import AccessUnit, Clip

JPEG_QUALITY = 85  # what cameras send by default: sharp enough to read a caption
CACHED_JPEGS = 256  # about 20 KiB each: a few MiB for every keyframe of a few cameras


class NoPictureError(RuntimeError):
    """The keyframe did not decode (never for a clip the simulator encoded)."""


def snapshot(clip: Clip, frame_number: int) -> bytes:
    """The JPEG of the keyframe at or before `frame_number` (which wraps round the clip)."""
    return jpeg_of(keyframe_at(clip, frame_number))


def keyframe_at(clip: Clip, frame_number: int) -> AccessUnit:
    index = frame_number % len(clip.units)
    while not clip.units[index].keyframe:  # a clip starts with a keyframe, so this stops
        index -= 1
    return clip.units[index]


@lru_cache(maxsize=CACHED_JPEGS)
def jpeg_of(unit: AccessUnit) -> bytes:
    codec = av.CodecContext.create("h264", "r")
    frames = [*codec.decode(av.Packet(unit.data)), *codec.decode(None)]
    if not frames:
        raise NoPictureError("keyframe did not decode")
    picture = np.ascontiguousarray(frames[0].to_ndarray(format="bgr24"), dtype=np.uint8)
    ok, encoded = cv2.imencode(".jpg", picture, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:
        raise NoPictureError("JPEG encoding failed")
    return bytes(encoded.tobytes())
