"""The cover rule on block maps: a region that lost nearly all its detail while the rest of the
view kept it is a cover; softness everywhere (blur) or mild softness is not."""

import numpy as np

from stream_gateway.checks.covered import is_cover, rich_blocks
from stream_gateway.checks.detail import detail_ratio

ROWS, COLUMNS = 18, 32
ALL = np.ones((ROWS, COLUMNS), bool)


def left(columns: int) -> np.ndarray:
    region = np.zeros((ROWS, COLUMNS), bool)
    region[:, :columns] = True
    return region


def kept_map(inside: float, outside: float, region: np.ndarray) -> np.ndarray:
    return np.where(region, inside, outside).astype(np.float32)


def test_a_region_that_lost_its_detail_while_the_rest_kept_it_is_a_cover():
    region = left(16)
    assert is_cover(region, ALL, kept_map(0.02, 1.0, region))


def test_a_large_cover_leaving_a_fifth_of_the_view_in_focus_is_still_a_cover():
    region = left(26)
    assert is_cover(region, ALL, kept_map(0.02, 1.0, region))


def test_a_view_soft_everywhere_but_an_on_screen_clock_is_not_a_cover():
    clock = np.zeros((ROWS, COLUMNS), bool)
    clock[:2, :12] = True  # a sharp strip of text: 4 % of the blocks
    assert not is_cover(~clock, ALL, kept_map(0.05, 1.0, ~clock))


def test_a_region_only_somewhat_softer_is_not_a_cover():
    region = left(16)
    assert not is_cover(region, ALL, kept_map(0.3, 1.0, region))


def test_a_region_that_lost_its_detail_in_a_soft_view_is_not_a_cover():
    region = left(16)
    assert not is_cover(region, ALL, kept_map(0.02, 0.2, region))


def test_the_rich_blocks_are_the_more_detailed_half_of_the_judged_ones():
    detail = np.arange(ROWS * COLUMNS, dtype=np.float32).reshape(ROWS, COLUMNS)
    assert abs(rich_blocks(detail, ALL).mean() - 0.5) < 0.01


def test_point_detail_moved_to_the_next_block_is_kept():
    reference = np.full((ROWS, COLUMNS), 0.0, np.float32)
    reference[9, 10] = 900.0  # a star or a lamp in one block
    moved = np.roll(reference, 1, axis=1)  # the camera swayed by a block
    luma = np.full((ROWS, COLUMNS), 100.0, np.float32)
    ratio = detail_ratio(moved, luma, reference, luma)
    assert ratio[9, 10] > 0.5
