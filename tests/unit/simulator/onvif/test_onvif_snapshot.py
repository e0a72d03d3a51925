"""Snapshots are the current clip's last keyframe, decoded to a JPEG."""

import cv2
import numpy as np

from simulator.encoding import EncodeParams, encode
from simulator.onvif.snapshot import keyframe_at, snapshot

PARAMS = EncodeParams(width=64, height=64, fps=25, gop=2)
SHADES = (40, 120, 200, 90)  # one flat grey per frame: keyframes are frames 0 and 2


def clip():
    frames = [np.full((64, 64, 3), shade, np.uint8) for shade in SHADES]
    return encode(frames, PARAMS)


def shade_of(jpeg: bytes) -> float:
    picture = cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_GRAYSCALE)
    assert picture.shape == (64, 64)
    return float(picture.mean())


def test_a_snapshot_is_a_jpeg_of_the_keyframe_at_or_before_the_moment():
    video = clip()
    assert abs(shade_of(snapshot(video, 1)) - SHADES[0]) < 3
    assert abs(shade_of(snapshot(video, 3)) - SHADES[2]) < 3


def test_the_moment_wraps_round_the_clip():
    video = clip()
    assert keyframe_at(video, 4) is video.units[0]
    assert keyframe_at(video, 7) is video.units[2]
