"""Real photographs as camera views, for the checks' tests: the photos scikit-image and
scikit-learn ship, seen through a 320x180 camera that can drift, zoom and pan."""

from __future__ import annotations

from functools import cache

import cv2
import numpy as np
from skimage import data
from sklearn.datasets import load_sample_image

W, H = 320, 180
SKIMAGE = ("coffee", "chelsea", "rocket", "camera", "brick", "gravel", "grass")
SKLEARN = ("china.jpg", "flower.jpg")


@cache
def photo(name: str) -> np.ndarray:
    """The photo as BGR (gray ones repeated in three channels)."""
    rgb = load_sample_image(name) if name in SKLEARN else getattr(data, name)()
    if rgb.ndim == 2:
        rgb = np.repeat(rgb[:, :, None], 3, axis=2)
    return np.ascontiguousarray(cv2.cvtColor(rgb[:, :, :3], cv2.COLOR_RGB2BGR))


def view(
    name: str,
    dx: float = 0.0,
    dy: float = 0.0,
    zoom: float = 1.0,
    *,
    fill: float = 0.8,
    width: int = W,
) -> np.ndarray:
    """The camera's BGR picture of the photo's centre, `fill` of the photo across.

    The scene moves by (dx, dy) shares of the frame and is magnified by `zoom` about the
    picture's centre, as the alignment reports them; the photo is smoothed before it is
    sampled, as a lens does.
    """
    height = width * H // W
    source = photo(name)
    rows, cols = source.shape[:2]
    step = min(cols / width, rows / height) * fill / zoom
    if step > 1:
        source = cv2.GaussianBlur(source, (0, 0), 0.5 * step)
    matrix = np.float32(
        [
            [step, 0, cols / 2 - (width / 2 + dx * width) * step],
            [0, step, rows / 2 - (height / 2 + dy * height) * step],
        ]
    )
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    return cv2.warpAffine(source, matrix, (width, height), flags=flags)


def gray(bgr: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)


def noisy(bgr: np.ndarray, sigma: float, seed: int = 0) -> np.ndarray:
    noise = np.random.default_rng(seed).normal(0, sigma, bgr.shape)
    return np.clip(bgr + noise, 0, 255).astype(np.uint8)


def gained(bgr: np.ndarray, gain: float) -> np.ndarray:
    return np.clip(bgr * gain, 0, 255).astype(np.uint8)


def infrared(bgr: np.ndarray) -> np.ndarray:
    """Night IR: grey, red and green (foliage, skin) bright, blue dark, contrast lowered."""
    b, g, r = (bgr[:, :, i].astype(np.float32) for i in range(3))
    ir = 40 + 0.6 * (0.15 * b + 0.35 * g + 0.5 * r)
    return np.repeat(np.clip(ir, 0, 255).astype(np.uint8)[:, :, None], 3, axis=2)


def with_traffic(bgr: np.ndarray, share: float = 0.2, seed: int = 0) -> np.ndarray:
    """Coloured boxes (cars, people) over about `share` of the picture."""
    out = bgr.copy()
    rng = np.random.default_rng(seed)
    height, width = out.shape[:2]
    covered = 0.0
    while covered < share:
        w, h = (
            int(rng.integers(width // 10, width // 5)),
            int(rng.integers(height // 10, height // 4)),
        )
        x, y = int(rng.integers(0, width - w)), int(rng.integers(0, height - h))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.rectangle(out, (x, y), (x + w, y + h), colour, -1)
        covered += w * h / (width * height)
    return out
