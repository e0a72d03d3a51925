"""The cover rule on block maps: a region that lost nearly all its detail while the rest of the
view kept it is a cover; softness everywhere (blur) or mild softness is not."""

import cv2
import numpy as np

from events.schema import CheckName, Verdict
from stream_gateway.checks.covered import (
    brightness_changed,
    check_covered,
    is_cover,
    looks_other,
    moved_share,
    newly_covered,
    out_of_focus,
    rich_blocks,
    still,
    with_edge,
)
from stream_gateway.checks.detail import detail_ratio
from stream_gateway.checks.reference import reference_view
from stream_gateway.checks.suite import check_frame, cover, detail_kept
from stream_gateway.checks.thresholds import CheckThresholds

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


def test_a_region_of_another_brightness_looks_like_something_in_front_of_the_lens():
    region = left(16)
    assert looks_other(region, left(12))


def test_a_soft_region_of_the_same_brightness_is_the_view_out_of_focus():
    region = left(16)
    assert not looks_other(region, left(4))


def reference_of(picture: np.ndarray):
    return reference_view(picture, cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR))


TEXTURE = np.random.default_rng(1).integers(20, 200, (180, 320)).astype(np.uint8)


def test_a_defocused_view_keeps_its_block_brightness():
    soft = cv2.GaussianBlur(TEXTURE, (0, 0), 3)
    assert not brightness_changed(soft, reference_of(TEXTURE)).any()


def test_a_dark_cover_over_most_of_the_view_changes_its_blocks_brightness():
    covered = TEXTURE.copy()
    covered[:, :240] = 5  # the cover lowers the gain itself: judged as it is too
    assert brightness_changed(covered, reference_of(TEXTURE))[:, :23].all()


NIGHT = np.random.default_rng(2).integers(5, 60, (180, 320)).astype(np.uint8)


def newly(
    picture: np.ndarray, reference: np.ndarray, previous: np.ndarray | None = None
) -> np.ndarray:
    view = reference_of(reference)
    kept = detail_kept(picture, view)
    assert kept is not None
    return newly_covered(picture, view, kept, previous=previous)


def test_a_dark_view_out_of_focus_is_flat_but_not_covered():
    assert not newly(cv2.GaussianBlur(NIGHT, (0, 0), 3), NIGHT).any()


def test_a_black_bag_over_a_dark_view_is_covered_where_it_matches_the_view_too():
    view = NIGHT.copy()
    view[:, :40] //= 3  # a darker strip, detailed yet within LUMA_CHANGE_MIN of the bag
    bagged = view.copy()
    bagged[:, :160] = 2
    assert newly(bagged, view)[:, :15].all()


def test_the_soft_edge_along_a_cover_counts_with_it():
    edge = left(17) & ~left(16)
    assert with_edge(left(16), edge).sum() == left(17).sum()


def test_blocks_away_from_a_cover_do_not_count_with_it():
    away = left(20) & ~left(19)
    assert with_edge(left(16), away).sum() == left(16).sum()


def test_a_region_that_stayed_put_since_the_previous_sample_has_not_moved():
    view = np.random.default_rng(3).integers(0, 255, (180, 320), np.uint8)
    region = np.zeros((18, 32), bool)
    region[:, :8] = True
    assert moved_share(view, view.copy(), region) == 0.0


def test_a_region_that_changed_brightness_since_the_previous_sample_has_moved():
    before = np.full((180, 320), 100, np.uint8)
    after = before.copy()
    after[:, :80] = 160
    region = np.zeros((18, 32), bool)
    region[:, :8] = True
    assert moved_share(after, before, region) == 1.0


def test_a_settled_region_counts_from_the_lower_bound():
    newly = np.zeros((18, 32), bool)
    newly[:, :8] = True  # a quarter of the frame
    result = check_covered(newly, 0.2, 0.4, moved=0.0)
    assert result is not None and result.failed


def test_a_region_still_moving_counts_only_from_the_higher_bound():
    newly = np.zeros((18, 32), bool)
    newly[:, :8] = True
    result = check_covered(newly, 0.2, 0.4, moved=0.5)
    assert result is not None and not result.failed
    newly[:, :16] = True  # half the frame: a large cover arriving
    result = check_covered(newly, 0.2, 0.4, moved=0.5)
    assert result is not None and result.failed


def sky_over(texture: np.ndarray) -> np.ndarray:
    """A plain sky (no detail to lose) over the top half of a detailed view."""
    view = texture.copy()
    view[:90] = 150
    return view


def blotchy_cover(picture: np.ndarray, columns: int) -> np.ndarray:
    """A patterned tarp on the lens over the left `columns` px: out of focus, so its pattern
    keeps only broad shading."""
    pattern = np.random.default_rng(4).integers(40, 100, (180 // 15, columns // 15 + 1))
    patch = cv2.resize(pattern.astype(np.uint8), (columns, 180), interpolation=cv2.INTER_LINEAR)
    covered = picture.copy()
    covered[:, :columns] = cv2.GaussianBlur(patch, (0, 0), 4)
    return covered


def test_a_soft_tarp_over_a_plain_sky_counts_where_it_hides_the_sky_too():
    view = sky_over(TEXTURE)
    found = newly(blotchy_cover(view, 200), view, previous=blotchy_cover(view, 200))
    assert found[:9, :20].mean() > 0.8  # the sky under the tarp
    assert not found[:, 22:].any()


def test_a_plain_sky_only_exposed_brighter_is_not_covered():
    view = sky_over(TEXTURE)
    brighter = np.clip(view.astype(np.float32) * 1.3, 0, 255).astype(np.uint8)
    assert not newly(brighter, view, previous=brighter).any()


def test_soft_blocks_still_changing_since_the_previous_sample_are_not_a_settled_cover():
    view = sky_over(TEXTURE)
    darker = view.copy()
    darker[:90] = 110  # a cloud shadow drifting over the sky
    assert still(darker, darker)[:9].all()
    assert not still(darker, view)[:9].any()


def test_a_cover_out_of_focus_within_its_outline_hides_the_view():
    region = left(20)
    detail = np.where(region, 5.0, 400.0).astype(np.float32)
    assert out_of_focus(region, detail)


def test_a_soft_sky_between_sharp_masts_is_not_out_of_focus_within_its_outline():
    region = left(30)
    region[:, 8:11] = region[:, 18:21] = False  # masts in focus standing in the soft sky
    detail = np.where(region, 5.0, 400.0).astype(np.float32)
    assert not out_of_focus(region, detail)


def test_the_rest_of_the_view_beside_a_large_cover_is_counted_on_all_judged_blocks():
    region = left(26)  # hides all the rich blocks but a few
    rich = left(28)
    kept = kept_map(0.02, 1.0, region)
    assert is_cover(region, ALL, kept, rich)
    assert not is_cover(region, rich, kept)


def test_a_cover_whose_soft_rim_shows_the_moving_view_behind_it_stays_put():
    before = np.random.default_rng(5).integers(0, 255, (180, 320), np.uint8)
    now = before.copy()
    now[:, 70:80] = 255 - now[:, 70:80]  # traffic seen through the rim (block column 7)
    assert moved_share(now, before, left(8)) == 0.0
    assert moved_share(now, before, left(10)) > 0.0  # inside a region: no cover there


def test_a_large_cover_out_of_focus_throughout_hides_the_view_from_scene_change():
    tarp = blotchy_cover(TEXTURE, 260)
    newly_found, _, hides = cover(tarp, tarp, reference_of(TEXTURE))
    assert newly_found is not None and newly_found.mean() > 0.5 and hides


def test_a_large_soft_region_with_edges_in_focus_inside_its_outline_hides_nothing():
    masts = blotchy_cover(TEXTURE, 260)
    for left_px in (70, 160):
        masts[50:, left_px : left_px + 30] = TEXTURE[50:, left_px : left_px + 30]
    newly_found, _, hides = cover(masts, masts, reference_of(TEXTURE))
    assert newly_found is not None and newly_found.mean() > 0.5 and not hides


def verdicts_of(picture: np.ndarray) -> dict[CheckName, Verdict]:
    bgr = cv2.cvtColor(picture, cv2.COLOR_GRAY2BGR)
    results = check_frame(picture, bgr, picture, reference_of(TEXTURE), CheckThresholds())
    return {r.check: r.verdict for r in results}


def test_a_large_cover_out_of_focus_throughout_is_covered_not_scene_change():
    found = verdicts_of(blotchy_cover(TEXTURE, 260))
    assert found[CheckName.COVERED] is Verdict.FAIL
    assert found[CheckName.SCENE_CHANGE] is not Verdict.FAIL


def test_masts_in_focus_rising_into_a_soft_sky_are_judged_by_scene_change_not_covered():
    masts = blotchy_cover(TEXTURE, 260)
    for left_px in (70, 160):
        masts[50:, left_px : left_px + 30] = TEXTURE[50:, left_px : left_px + 30]
    found = verdicts_of(masts)
    assert found[CheckName.SCENE_CHANGE] is not Verdict.PASS  # judged on the whole view
    assert found.get(CheckName.COVERED) is not Verdict.FAIL


def plain_patch(level: int) -> np.ndarray:
    patch = TEXTURE.copy()
    patch[:, :160] = np.random.default_rng(6).integers(level - 3, level + 3, (180, 160))
    return patch


def test_a_half_of_the_view_burnt_out_lost_its_detail_to_exposure_not_to_a_cover():
    burnt = plain_patch(250)
    assert not newly(burnt, TEXTURE, previous=burnt).any()


def test_a_plain_grey_tarp_over_half_of_the_view_is_covered():
    tarp = plain_patch(150)
    assert newly(tarp, TEXTURE, previous=tarp)[:, :15].all()
