import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from events.schema import CheckName, Verdict
from stream_gateway.checks import check_dark, check_frozen, check_signal, check_silence
from stream_gateway.checks.suite import check_frame
from stream_gateway.checks.thresholds import CheckThresholds

RNG = np.random.default_rng(7)
T = CheckThresholds()


def textured(seed: int = 0, shape: tuple[int, int] = (180, 320)) -> np.ndarray:
    return np.random.default_rng(seed).integers(40, 220, shape, dtype=np.uint8)


def test_a_black_frame_is_dark():
    result = check_dark(np.zeros((180, 320), np.uint8), T.dark_luma_max)
    assert result.verdict is Verdict.FAIL
    assert result.score == 0.0 and result.threshold == T.dark_luma_max


def test_a_dim_but_lit_scene_is_not_dark():
    gray = np.full((180, 320), 60, np.uint8)
    assert check_dark(gray, T.dark_luma_max).verdict is Verdict.PASS


def test_a_frame_just_below_the_threshold_is_dark():
    gray = np.full((180, 320), int(T.dark_luma_max) - 1, np.uint8)
    assert check_dark(gray, T.dark_luma_max).failed


def test_two_identical_textured_samples_are_frozen():
    frame = textured()
    result = check_frozen(frame, frame.copy(), T)
    assert result is not None and result.verdict is Verdict.FAIL


def test_a_picture_that_changes_is_not_frozen():
    result = check_frozen(textured(1), textured(2), T)
    assert result is not None and result.verdict is Verdict.PASS


def test_compression_noise_alone_still_counts_as_frozen():
    frame = textured()
    wobble = RNG.integers(-1, 2, frame.shape) * (RNG.random(frame.shape) < 0.2)
    noisy = np.clip(frame.astype(int) + wobble, 0, 255).astype(np.uint8)
    result = check_frozen(noisy, frame, T)
    assert result is not None and result.failed


def test_frozen_does_not_judge_a_uniform_frame():
    black = np.zeros((180, 320), np.uint8)
    assert check_frozen(black, black, T) is None


def test_frozen_needs_a_previous_sample_of_the_same_size():
    assert check_frozen(textured(), None, T) is None
    small = textured(shape=(90, 160))
    assert check_frozen(textured(), small, T) is None


def test_signal_is_lost_only_past_the_timeout():
    assert check_signal(5.9, 6.0).verdict is Verdict.PASS
    assert check_signal(6.1, 6.0).verdict is Verdict.FAIL


def test_packets_between_keyframes_are_not_silence():
    assert (
        check_silence(no_packet_s=0.1, no_keyframe_s=9.0, signal_timeout_s=3, keyframe_timeout_s=10)
        is None
    )


def test_no_packet_past_the_signal_timeout_is_signal_loss():
    lost = check_silence(
        no_packet_s=3.5, no_keyframe_s=3.5, signal_timeout_s=3, keyframe_timeout_s=10
    )
    assert lost is not None and lost.failed
    assert (lost.score, lost.threshold) == (3.5, 3)


def test_a_closed_link_is_signal_loss_at_once():
    lost = check_silence(
        no_packet_s=0.4, no_keyframe_s=0.4, signal_timeout_s=3, keyframe_timeout_s=10, link_up=False
    )
    assert lost is not None and lost.failed and lost.threshold == 0


def test_packets_without_a_decodable_keyframe_are_signal_loss_after_the_keyframe_timeout():
    lost = check_silence(
        no_packet_s=0.1, no_keyframe_s=12.0, signal_timeout_s=3, keyframe_timeout_s=10
    )
    assert lost is not None and lost.failed
    assert (lost.score, lost.threshold) == (12.0, 10)


def test_a_black_frame_fails_dark_only():
    black = np.zeros((180, 320), np.uint8)
    results = check_frame(black, np.zeros((180, 320, 3), np.uint8), black, None, T)
    assert [(r.check, r.verdict) for r in results] == [(CheckName.DARK, Verdict.FAIL)]


@given(
    arrays(np.uint8, st.tuples(st.integers(1, 64), st.integers(1, 64))),
    arrays(np.uint8, st.tuples(st.integers(1, 64), st.integers(1, 64))),
)
def test_frame_checks_give_a_verdict_for_any_frames(gray, previous):
    bgr = np.repeat(gray[:, :, None], 3, axis=2)
    for result in check_frame(gray, bgr, previous, None, T):
        assert result.verdict in (Verdict.PASS, Verdict.FAIL, Verdict.UNKNOWN)
        assert np.isfinite(result.score)


def test_a_threshold_of_an_earlier_release_is_refused_with_what_replaced_it():
    with pytest.raises(ValueError, match="scene_change_max was replaced by scene_agreement_min"):
        CheckThresholds(scene_change_max=0.5)
