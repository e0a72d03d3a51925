"""Faults of the evaluation set: each starts at its onset and not before, at its severity."""

from __future__ import annotations

import numpy as np
import pytest
from vqd_set_support import SIZE, renderer, spec, without_fault

from bench.vqd_set.faults import COVER_SHARE, cover_mask, draw_params

SCENE = "beta"
FRAME_S = 0.25  # the full set's 4 fps


def diff(a: np.ndarray | None, b: np.ndarray | None) -> float:
    assert a is not None and b is not None
    return float(np.abs(a.astype(int) - b.astype(int)).mean())


def changed_share(a: np.ndarray | None, b: np.ndarray | None) -> float:
    """The share of pixels changed by more than 15 levels in a channel."""
    assert a is not None and b is not None
    return float((np.abs(a.astype(int) - b.astype(int)).max(axis=2) > 15).mean())


@pytest.mark.parametrize(
    "fault", ["dim", "overexpose", "cover", "defocus", "color_cast", "noise_gauss",
              "colour_grain", "salt_pepper", "stripes", "turn"],
)  # fmt: skip
def test_a_fault_starts_at_its_onset_and_not_before(fault):
    clip = spec(f"{SCENE}-{fault}-medium")
    faulty, clean = renderer(clip), renderer(without_fault(clip))
    onset = clip.onset_s
    assert onset is not None and 0.3 <= onset / clip.duration_s <= 0.5
    before = np.floor(onset / FRAME_S) * FRAME_S - FRAME_S
    assert np.array_equal(faulty.frame(before), clean.frame(before))
    after = onset + 2.0  # a turned camera takes a second to swing
    assert changed_share(faulty.frame(after), clean.frame(after)) > 0.015


@pytest.mark.parametrize("severity", ["low", "medium", "high"])
def test_a_cover_hides_its_share_of_the_frame(severity):
    params = draw_params("cover", 7, None)
    mask = cover_mask(*SIZE, severity, params, 7)
    assert abs((mask > 127).mean() - COVER_SHARE[severity]) < 0.03


def test_a_bit_exact_freeze_repeats_the_last_frame():
    clip = spec(f"{SCENE}-freeze-high")
    camera = renderer(clip)
    onset = clip.onset_s or 0.0
    assert np.array_equal(camera.frame(onset + 1), camera.frame(onset + 9))


def test_a_frozen_picture_keeps_its_clock_ticking_at_medium():
    clip = spec(f"{SCENE}-freeze-medium")
    camera = renderer(clip)
    onset = clip.onset_s or 0.0
    a, b = camera.frame(onset + 1), camera.frame(onset + 5)
    assert a is not None and b is not None
    assert np.array_equal(a[60:], b[60:])  # below the OSD: stopped
    assert not np.array_equal(a[:30], b[:30])  # the clock: ticking


def test_a_frozen_picture_at_low_has_fresh_noise_but_no_motion():
    clip = spec(f"{SCENE}-freeze-low")
    camera, clean = renderer(clip), renderer(without_fault(clip))
    onset = clip.onset_s or 0.0
    a, b = camera.frame(onset + 1), camera.frame(onset + 5)
    assert a is not None and b is not None
    assert not np.array_equal(a[60:], b[60:])
    assert diff(a[60:], b[60:]) < 2 * max(clip.life.noise_luma, 1.0) + 1
    assert diff(clean.frame(onset + 1), clean.frame(onset + 9)) > diff(a, b)


def test_a_camera_turned_to_another_scene_shows_it():
    clip = spec(f"{SCENE}-turn-high")
    assert clip.fault_params is not None and clip.fault_params.turn_scene not in (None, SCENE)
    faulty, clean = renderer(clip), renderer(without_fault(clip))
    onset = clip.onset_s or 0.0
    assert diff(faulty.frame(onset + FRAME_S), clean.frame(onset + FRAME_S)) > 25


def test_the_stream_is_absent_during_its_gap_only():
    clip = spec(f"{SCENE}-signal_loss-low")
    assert clip.gap is not None and clip.gap[1] is not None
    camera = renderer(clip)
    start, end = clip.gap
    assert camera.frame(start - FRAME_S) is not None
    assert camera.frame(start) is None and camera.frame(end - FRAME_S) is None
    assert camera.frame(end) is not None
    assert end - start == 12.0
