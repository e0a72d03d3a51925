"""The reference view learns which of its blocks stay put (not traffic, not a clock) from the
samples that pass, and scene change is judged on those: a busy road does not read as another
scene, a turned camera still does."""

from dataclasses import replace

import cv2
import numpy as np
from photos import gray, noisy, view, with_traffic

from events.schema import CheckName, Verdict
from simulator.fault_effects import apply_fault, pan_px, scene_width
from simulator.faults import FaultKind
from simulator.scenes import SceneKind, build_scene, render
from stream_gateway.checks.alignment import (
    STABLE_MIN,
    Alignment,
    align,
    alignment_reference,
    learnt,
    restless,
)
from stream_gateway.checks.memory import CameraMemory, remembered
from stream_gateway.checks.reference import next_reference, reference_view
from stream_gateway.checks.result import CheckResult
from stream_gateway.checks.scene_change import check_scene_change
from stream_gateway.checks.suite import check_frame
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()
NAME = "china.jpg"


def busy_road(seed: int, share: float = 0.6) -> np.ndarray:
    """The view with traffic over its lower half only (boxes of other content come and go)."""
    picture = view(NAME)
    half = picture.shape[0] // 2
    picture[half:] = with_traffic(picture, share, seed)[half:]
    return noisy(picture, 3, seed=seed)


def learnt_over_traffic(samples: int = 12):
    reference = alignment_reference(gray(noisy(view(NAME), 3)))
    for seed in range(samples):
        reference = learnt(reference, gray(busy_road(seed)), 1.0, 0.0, 0.0)
    return reference


def test_blocks_under_traffic_are_learnt_unstable_and_the_rest_stable():
    stability = learnt_over_traffic().stability
    assert (stability[:2] >= STABLE_MIN).all()
    assert (stability[2:] < STABLE_MIN).mean() > 0.5


def test_a_fresh_reference_trusts_every_block():
    assert (alignment_reference(gray(view(NAME))).stability == 1).all()


def test_heavy_traffic_on_a_learnt_road_leaves_the_view_agreeing():
    jammed = gray(busy_road(99, share=2.5))
    fresh = align(jammed, alignment_reference(gray(noisy(view(NAME), 3))))
    learnt_road = align(jammed, learnt_over_traffic())
    assert fresh.agreement < 0.8 < 0.9 < learnt_road.agreement
    result = check_scene_change(learnt_road, T)
    assert result is not None and result.verdict is Verdict.PASS


def test_a_turned_camera_still_fails_once_the_road_is_learnt():
    result = check_scene_change(align(gray(view("coffee")), learnt_over_traffic()), T)
    assert result is not None and result.verdict is Verdict.FAIL


def test_a_pan_still_fails_once_the_road_is_learnt():
    panned = gray(view(NAME, -0.15, fill=0.45))
    result = check_scene_change(align(panned, learnt_over_traffic()), T)
    assert result is not None and result.verdict is Verdict.FAIL


def scene_result(verdict: Verdict) -> CheckResult:
    detail = {"dx": 0.0, "dy": 0.0, "scale": 1.0}
    return CheckResult(CheckName.SCENE_CHANGE, verdict, 0.0, 0.03, detail=detail)


def test_the_first_picture_worth_it_becomes_the_reference():
    picture = view(NAME)
    assert next_reference(None, gray(picture), picture, [scene_result(Verdict.PASS)]) is not None


def test_a_sample_that_passed_is_learnt_from():
    picture = view(NAME)
    reference = reference_view(gray(picture), picture)
    after = next_reference(reference, gray(busy_road(1)), picture, [scene_result(Verdict.PASS)])
    assert after is not None and after.alignment.seen == 1


def test_nothing_is_learnt_from_a_faulty_or_turned_sample():
    picture = view(NAME)
    reference = reference_view(gray(picture), picture)
    dark = CheckResult(CheckName.DARK, Verdict.FAIL, 10.0, 30.0)
    for results in ([scene_result(Verdict.FAIL)], [scene_result(Verdict.PASS), dark], []):
        assert next_reference(reference, gray(busy_road(1)), picture, results) is reference


def test_a_fresh_reference_does_not_call_a_half_changed_view_another_scene():
    # Half the view changed before the reference could learn that it moves (clouds, traffic):
    # the still part agrees, so it is too early to tell, not a turn.
    changed = gray(busy_road(99, share=4.0))
    result = check_scene_change(align(changed, alignment_reference(gray(view(NAME)))), T)
    assert result is not None and result.verdict is not Verdict.FAIL


def test_a_fresh_reference_still_fails_a_clear_turn():
    result = check_scene_change(
        align(gray(view("coffee")), alignment_reference(gray(view(NAME)))), T
    )
    assert result is not None and result.verdict is Verdict.FAIL


def placed(agreement: float, expected: float) -> Alignment:
    """A view placed within the drift tolerance, agreeing `agreement` where its stable blocks
    usually agree `expected`."""
    return Alignment(0.025, 0.0, 1.0, 0.025, 0.97, agreement, True, expected)


def test_a_steady_view_that_agrees_far_less_than_usual_is_another_scene():
    result = check_scene_change(placed(0.3, 0.97), T)
    assert result is not None and result.verdict is Verdict.FAIL


def test_a_busy_view_agreeing_as_little_as_usual_is_not():
    result = check_scene_change(placed(0.3, 0.55), T)
    assert result is not None and result.verdict is Verdict.PASS


def street_samples(pan: float, count: int, start: int = 0) -> list[np.ndarray]:
    """The simulator's street (repeating facades), a keyframe every 2 s, panned by `pan`."""
    width, height, fps, gop = 640, 360, 25, 50
    scene = build_scene(1, scene_width(width), height, SceneKind.STREET)
    kind = FaultKind.SHIFT if pan else FaultKind.NORMAL
    frames = []
    for i in range(start, start + count):
        frame = render(scene, i * gop, 10 * gop, fps, pan_px(kind, pan, width))
        frames.append(apply_fault(frame, kind, pan, i * gop, width))
    return [cv2.resize(f, (320, 180), interpolation=cv2.INTER_AREA) for f in frames]


def test_a_street_turned_to_a_look_alike_stretch_keeps_failing_and_is_not_learnt():
    reference, previous = None, None
    for bgr in street_samples(0.0, 10):
        results = check_frame(gray(bgr), bgr, previous, reference, T)
        reference, previous = next_reference(reference, gray(bgr), bgr, results), gray(bgr)
    verdicts = []
    for bgr in street_samples(1.0, 8, start=10):
        results = check_frame(gray(bgr), bgr, previous, reference, T)
        scene = next(r for r in results if r.check is CheckName.SCENE_CHANGE)
        verdicts.append(scene.verdict)
        reference, previous = next_reference(reference, gray(bgr), bgr, results), gray(bgr)
    assert verdicts == [Verdict.FAIL] * 8


def all_but_the_top(seed: int, rows: float = 0.25) -> np.ndarray:
    """The view with traffic everywhere but its top `rows` (the steady part of the scene)."""
    picture = view(NAME)
    top = int(picture.shape[0] * rows)
    picture[top:] = with_traffic(picture, 4.0, seed)[top:]
    return noisy(picture, 3, seed=seed)


def test_a_fresh_reference_does_not_call_a_view_still_in_place_at_its_top_another_scene():
    # Traffic over three quarters of a fresh view: the quarter still in place says the
    # camera has not turned (a turn moves every part of the view).
    found = align(gray(all_but_the_top(7)), alignment_reference(gray(view(NAME))))
    assert found.settling
    result = check_scene_change(found, T)
    assert result is not None and result.verdict is Verdict.UNKNOWN


def test_a_settling_view_that_fails_is_not_judged_and_one_that_passes_is():
    weak = replace(placed(0.1, 1.0), settling=True)
    good = replace(placed(0.9, 1.0), settling=True)
    assert (verdict_of(weak), verdict_of(good)) == (Verdict.UNKNOWN, Verdict.PASS)
    assert verdict_of(replace(weak, settling=False)) is Verdict.FAIL


def verdict_of(alignment: Alignment) -> Verdict:
    result = check_scene_change(alignment, T)
    assert result is not None
    return result.verdict


def restless_reference():
    """A reference whose every block came and went in the samples seen (traffic all over)."""
    reference = alignment_reference(gray(noisy(view(NAME), 3)))
    for seed in range(12):
        reference = learnt(reference, gray(all_but_the_top(seed, rows=0.0)), 1.0, 0.0, 0.0)
    return reference


def test_a_view_whose_blocks_never_hold_still_is_not_judged():
    found = align(gray(all_but_the_top(99, rows=0.0)), restless_reference())
    assert restless(found.expected) and not found.judgeable
    assert verdict_of(found) is Verdict.UNKNOWN


def test_a_view_whose_blocks_hold_still_is_judged_and_a_turn_fails():
    turned = align(gray(view("coffee")), learnt_over_traffic())
    assert not restless(turned.expected) and turned.judgeable
    assert verdict_of(turned) is Verdict.FAIL


def test_a_restless_reference_learns_from_what_it_could_not_judge():
    picture = all_but_the_top(5, rows=0.0)
    unknown = CheckResult(
        CheckName.SCENE_CHANGE, Verdict.UNKNOWN, 0.0, 0.2, detail=describe_restless()
    )
    reference = replace(reference_view(gray(picture), picture), alignment=restless_reference())
    after = next_reference(reference, gray(picture), picture, [unknown])
    assert after is not None and after.alignment.seen == reference.alignment.seen + 1


def describe_restless() -> dict[str, float]:
    return {"dx": 0.3, "dy": 0.0, "scale": 1.0, "expected": 0.3}


def test_a_camera_turned_back_right_after_its_new_view_was_accepted_fails_and_is_not_learnt():
    # An operator accepted the panned street; the camera goes back to its old view at once,
    # while the new reference is still fresh. Two blocks of the old view agree in place (the
    # street's look-alike stretch): not enough to call it the same scene settling.
    memory = CameraMemory()
    for bgr in street_samples(1.0, 2):
        results = check_frame(gray(bgr), bgr, memory.previous, memory.reference, T)
        memory = remembered(memory, gray(bgr), bgr, results)
    verdicts = []
    for bgr in street_samples(0.0, 6, start=2):
        results = check_frame(gray(bgr), bgr, memory.previous, memory.reference, T)
        verdicts.append(next(r for r in results if r.check is CheckName.SCENE_CHANGE).verdict)
        memory = remembered(memory, gray(bgr), bgr, results)
    assert verdicts == [Verdict.FAIL] * 6
