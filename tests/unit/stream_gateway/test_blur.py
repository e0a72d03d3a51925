"""The blur rule on block maps: the reference's detailed blocks decide, since a plain block's
detail is mostly sensor noise, which a lost focus keeps."""

from dataclasses import replace

import numpy as np

from stream_gateway.checks.blur import check_blur
from stream_gateway.checks.reference import reference_view

ROWS, COLUMNS = 18, 32
RATIO_MIN = 0.3
PLAIN = np.zeros((ROWS, COLUMNS), bool)
PLAIN[:, :20] = True  # a sky: most of the blocks, their detail sensor noise
VIEW = np.random.default_rng(4).integers(0, 255, (180, 320)).astype(np.uint8)
REFERENCE = replace(
    reference_view(VIEW, np.dstack([VIEW] * 3)),
    detail=np.where(PLAIN, np.linspace(1, 5, ROWS * COLUMNS).reshape(ROWS, COLUMNS), 500.0).astype(
        np.float32
    ),
)


def kept(plain: float, detailed: float) -> np.ndarray:
    return np.where(PLAIN, plain, detailed).astype(np.float32)


def blurred(detail_kept: np.ndarray) -> bool:
    result = check_blur(VIEW, REFERENCE, RATIO_MIN, detail_kept)
    assert result is not None
    return result.failed


def test_a_view_whose_detailed_blocks_lost_their_detail_is_blurred_though_its_noise_stays():
    assert blurred(kept(plain=0.9, detailed=0.1))


def test_a_view_whose_detailed_blocks_kept_their_detail_is_sharp_though_its_noise_dropped():
    assert not blurred(kept(plain=0.1, detailed=0.9))
