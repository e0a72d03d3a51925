import av
import cv2
import numpy as np
import pytest

from stream_gateway.frame_conversion import scaled_size, take_sample
from stream_gateway.ingest import FIRST_BACKOFF_S, JITTER, next_backoff


def frame_of(bgr: np.ndarray) -> av.VideoFrame:
    return av.VideoFrame.from_ndarray(bgr, format="bgr24")


def test_a_1080p_keyframe_becomes_a_640_jpeg_and_a_320_gray_sample():
    bgr = np.zeros((1080, 1920, 3), np.uint8)
    bgr[:, :960] = (0, 0, 255)
    sample = take_sample(frame_of(bgr), snapshot_width=640, sample_width=320)
    assert (sample.width, sample.height) == (1920, 1080)
    assert sample.gray.shape == (180, 320)
    decoded = cv2.imdecode(np.frombuffer(sample.jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape == (360, 640, 3)
    assert decoded[180, 100, 2] > 200 and decoded[180, 540, 2] < 50


def test_a_small_frame_is_not_upscaled():
    assert scaled_size(160, 120, 320) == (160, 120)
    assert scaled_size(1280, 720, 320) == (320, 180)


@pytest.mark.parametrize("previous", [0.0, 0.5, 3.0, 100.0])
def test_backoff_doubles_with_jitter_and_stays_under_the_cap(previous):
    cap = 10.0
    low = next_backoff(previous, cap, rng=lambda: 0.0)
    high = next_backoff(previous, cap, rng=lambda: 1.0)
    expected = min(cap, max(FIRST_BACKOFF_S, previous * 2))
    assert low == pytest.approx(expected * (1 - JITTER))
    assert high == pytest.approx(min(cap, expected * (1 + JITTER)))
