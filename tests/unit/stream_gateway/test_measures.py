"""The shared measures' cheaper forms give the plain forms' values to the bit."""

import cv2
import numpy as np
import pytest

from stream_gateway.checks.blur import kept_by_detailed, median
from stream_gateway.checks.measures import grid_means, nearest_rank, saturation

RNG = np.random.default_rng(7)


def test_saturation_is_the_mean_spread_of_each_pixels_channels() -> None:
    bgr = RNG.integers(0, 256, (45, 81, 3)).astype(np.uint8)
    spread = bgr.max(axis=2).astype(int) - bgr.min(axis=2)
    assert saturation(bgr) == pytest.approx(spread.mean(), abs=1e-12)


@pytest.mark.parametrize("shape", [(180, 320), (90, 160), (179, 320)])
@pytest.mark.parametrize("grid", [(32, 18), (20, 10)])
def test_grid_means_are_opencvs_area_resize_to_the_bit(shape, grid) -> None:
    gray = RNG.integers(0, 256, shape).astype(np.uint8)
    area = cv2.resize(gray.astype(np.float32), grid, interpolation=cv2.INTER_AREA)
    assert np.array_equal(grid_means(gray, grid), area)


@pytest.mark.parametrize("size", [1, 2, 7, 8, 576])
def test_median_and_ranks_match_numpys(size) -> None:
    values = np.round(RNG.random(size) * 9).astype(np.float32)
    assert median(values) == float(np.median(values))
    ordered = np.sort(values)
    assert nearest_rank(values, 0.1) == ordered[round(0.1 * (size - 1))]


@pytest.mark.parametrize("size", [2, 9, 10, 576])
def test_the_detailed_blocks_are_those_at_or_above_numpys_median(size) -> None:
    reference = np.round(RNG.random(size) * 5).astype(np.float32)
    kept = RNG.random(size).astype(np.float32)
    kept[: size // 3] = np.nan
    judged = ~np.isnan(kept)
    expected = kept[judged & (reference >= np.quantile(reference[judged], 0.5))]
    assert np.array_equal(kept_by_detailed(reference, kept), expected)
