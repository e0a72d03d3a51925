"""The planar conversion against the one it replaced (FFmpeg's scaler to a full BGR snapshot,
OpenCV's area resize to the checks' width, cvtColor to gray, imencode): same pictures within
the tolerances below, on a decoded-like limited-range frame at the main stream sizes."""

import av
import cv2
import numpy as np
import pytest

from stream_gateway.frame_conversion import JPEG_QUALITY, scaled_size, take_sample

# The old path's FFmpeg YUV-to-BGR rounding made its gray ~1.1-1.3 levels darker than the
# exact BT.601 luma; the planar gray is within 0.2 of it. Edges differ a little more
# (area against bilinear filtering, chroma kept 4:2:0 to the end).
GRAY_MEAN_ABS = 2.0
GRAY_BIAS = 1.6
BGR_MEAN_ABS = 3.0
JPEG_MEAN_ABS = 4.0


def scene(width: int, height: int) -> np.ndarray:
    """Smooth gradients, coloured blocks and fine texture: what a camera view holds."""
    rng = np.random.default_rng(7)
    y, x = np.mgrid[0:height, 0:width]
    bgr = np.stack([x * 255 // width, y * 255 // height, (x + y) * 255 // (width + height)], -1)
    for _ in range(12):
        x0, y0 = rng.integers(0, width - 200), rng.integers(0, height - 120)
        bgr[y0 : y0 + 120, x0 : x0 + 200] = rng.integers(0, 256, 3)
    texture = rng.integers(-20, 21, (height, width, 1))
    return np.clip(bgr + texture, 0, 255).astype(np.uint8)


def decoded_like(bgr: np.ndarray) -> av.VideoFrame:
    """A limited-range yuv420p frame, as an H.264 decoder hands it over."""
    return av.VideoFrame.from_ndarray(bgr, format="bgr24").reformat(format="yuv420p")


def old_take_sample(frame: av.VideoFrame) -> tuple[np.ndarray, np.ndarray, bytes]:
    snap_w, snap_h = scaled_size(frame.width, frame.height, 640)
    bgr = frame.to_ndarray(format="bgr24", width=snap_w, height=snap_h)
    small = cv2.resize(bgr, scaled_size(snap_w, snap_h, 320), interpolation=cv2.INTER_AREA)
    gray = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY)
    ok, jpeg = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    assert ok
    return gray, small, jpeg.tobytes()


def decoded_jpeg(jpeg: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(jpeg, np.uint8), cv2.IMREAD_COLOR).astype(int)


@pytest.mark.parametrize("size", [(1920, 1080), (1280, 720)])
def test_planar_sample_matches_the_bgr_conversion_within_tolerance(size):
    frame = decoded_like(scene(*size))
    gray, bgr, jpeg = old_take_sample(frame)
    sample = take_sample(frame, snapshot_width=640, sample_width=320)
    assert sample.gray.shape == gray.shape and sample.bgr.shape == bgr.shape
    gray_diff = sample.gray.astype(int) - gray
    assert np.abs(gray_diff).mean() <= GRAY_MEAN_ABS
    assert abs(gray_diff.mean()) <= GRAY_BIAS
    assert np.abs(sample.bgr.astype(int) - bgr).mean() <= BGR_MEAN_ABS
    old, new = decoded_jpeg(jpeg), decoded_jpeg(sample.jpeg)
    assert new.shape == old.shape == (360, 640, 3)
    assert np.abs(new - old).mean() <= JPEG_MEAN_ABS


def test_planar_gray_is_the_full_range_luma():
    planes = np.full((720 * 3 // 2, 1280), 128, np.uint8)  # chroma: no colour
    planes[:720] = 16 + 219 // 2  # limited-range mid grey
    frame = av.VideoFrame.from_ndarray(planes, format="yuv420p")
    sample = take_sample(frame, snapshot_width=640, sample_width=320)
    assert np.all(np.abs(sample.gray.astype(int) - 127) <= 1)
    assert np.all(np.abs(sample.bgr.astype(int) - 127) <= 1)


@pytest.mark.parametrize("fmt", ["yuvj420p", "nv12", "bgr24", "yuv422p"])
def test_any_decoded_format_gives_the_same_pictures(fmt):
    bgr = scene(1280, 720)
    reference = take_sample(decoded_like(bgr), snapshot_width=640, sample_width=320)
    frame = av.VideoFrame.from_ndarray(bgr, format="bgr24").reformat(format=fmt)
    sample = take_sample(frame, snapshot_width=640, sample_width=320)
    assert np.abs(sample.gray.astype(int) - reference.gray).mean() <= GRAY_MEAN_ABS
    assert np.abs(sample.bgr.astype(int) - reference.bgr).mean() <= BGR_MEAN_ABS


def test_an_odd_sized_small_frame_loses_its_last_column_and_row():
    frame = av.VideoFrame.from_ndarray(np.zeros((181, 321, 3), np.uint8), format="bgr24")
    sample = take_sample(frame, snapshot_width=640, sample_width=640)
    assert sample.gray.shape == (180, 320) and (sample.width, sample.height) == (321, 181)
