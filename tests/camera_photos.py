"""Real photographs rendered as a fixed camera's samples: 320x180, degraded, JPEG round trip.

The photos (scikit-image's and scikit-learn's, loaded by `photos`) are cropped to the
sample's frame; the JPEG round trip at a modest quality gives the block and ringing artefacts
of a compressed keyframe. Degradations shared with `photos` (gain, sensor noise) live there.
"""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from photos import SKLEARN
from photos import photo as source_photo

W, H = 320, 180
JPEG_QUALITY = 70
SCENES = ("coffee", "chelsea", "rocket", "china", "flower", "gravel", "grass", "brick")
BUSY = ("gravel", "grass", "brick")


@cache
def photo(name: str) -> np.ndarray:
    """The photo as BGR, cropped to 16:9 and scaled to the sample's size."""
    bgr = source_photo(f"{name}.jpg" if f"{name}.jpg" in SKLEARN else name)
    height, width = bgr.shape[:2]
    crop_h = min(height, width * H // W)
    crop_w = crop_h * W // H
    top, left = (height - crop_h) // 2, (width - crop_w) // 2
    cropped = bgr[top : top + crop_h, left : left + crop_w]
    return cv2.resize(cropped, (W, H), interpolation=cv2.INTER_AREA)


def moved(bgr: np.ndarray, dx: float = 0.0, dy: float = 0.0, zoom: float = 1.0) -> np.ndarray:
    """The view shifted by (dx, dy) px and zoomed about its centre."""
    matrix = cv2.getRotationMatrix2D((W / 2, H / 2), 0.0, zoom)
    matrix[:, 2] += (dx, dy)
    return cv2.warpAffine(
        bgr, matrix, (W, H), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REFLECT
    )


def colour_grain(bgr: np.ndarray, amplitude: float, blotch: int, seed: int) -> np.ndarray:
    """Coarse chroma blotches about `blotch` px across, luma mostly untouched."""
    rng = np.random.default_rng(seed)
    small = (max(1, W // blotch), max(1, H // blotch))
    ycrcb = cv2.cvtColor(bgr, cv2.COLOR_BGR2YCrCb).astype(np.float32)
    for channel in (1, 2):
        field = rng.normal(0, amplitude, (small[1], small[0])).astype(np.float32)
        ycrcb[:, :, channel] += cv2.resize(field, (W, H), interpolation=cv2.INTER_LINEAR)
    out = np.clip(ycrcb, 0, 255).astype(np.uint8)
    return cv2.cvtColor(out, cv2.COLOR_YCrCb2BGR)


def salt_and_pepper(bgr: np.ndarray, share: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = bgr.copy()
    hit = rng.random((H, W))
    out[hit < share / 2] = 0
    out[(hit >= share / 2) & (hit < share)] = 255
    return out


def stripes(bgr: np.ndarray, amplitude: float, period: float, rows: bool = True) -> np.ndarray:
    """Interference: a sine offset on every row (or column)."""
    if rows:
        wave = amplitude * np.sin(2 * np.pi * np.arange(H) / period)[:, None, None]
    else:
        wave = amplitude * np.sin(2 * np.pi * np.arange(W) / period)[None, :, None]
    return np.clip(bgr.astype(np.float32) + wave, 0, 255).astype(np.uint8)


def clock(bgr: np.ndarray, seconds: int) -> np.ndarray:
    """An on-screen date and time in the top-left corner, as DVRs draw it."""
    out = bgr.copy()
    text = f"2026-12-07 13:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
    cv2.putText(out, text, (4, 14), cv2.FONT_HERSHEY_SIMPLEX, 0.4, (255, 255, 255), 1)
    return out


def with_cars(bgr: np.ndarray, t: int) -> np.ndarray:
    """Traffic: three coloured boxes that moved since t - 1."""
    out = bgr.copy()
    for lane, colour in enumerate(((30, 30, 200), (200, 60, 20), (20, 180, 220))):
        x = (40 + 57 * t + 90 * lane) % (W - 40)
        y = 110 + 20 * lane
        cv2.rectangle(out, (x, y), (x + 36, y + 16), colour, -1)
    return out


def sample(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Gray and BGR of the keyframe as the gateway sees them, after a JPEG round trip."""
    ok, encoded = cv2.imencode(".jpg", bgr, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    assert ok
    decoded = cv2.imdecode(encoded, cv2.IMREAD_COLOR)
    return cv2.cvtColor(decoded, cv2.COLOR_BGR2GRAY), decoded
