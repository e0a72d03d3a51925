"""What a camera's checks carry from one sample to the next (checks.memory)."""

from camera_photos import clock, photo, sample

from stream_gateway.checks.memory import CameraMemory, remembered
from stream_gateway.checks.suite import check_frame
from stream_gateway.checks.thresholds import CheckThresholds

T = CheckThresholds()


def checked(memory: CameraMemory, seconds: int) -> tuple[CameraMemory, list]:
    gray, bgr = sample(clock(photo("coffee"), seconds))
    results = check_frame(gray, bgr, memory.previous, memory.reference, T, memory.earlier)
    return remembered(memory, gray, bgr, results), results


def test_the_first_sample_becomes_the_previous_one_and_the_reference():
    memory, _ = checked(CameraMemory(), 0)
    assert memory.previous is not None
    assert memory.reference is not None
    assert memory.earlier is memory.previous


def test_a_stalled_picture_keeps_the_first_sample_of_its_frozen_run_to_look_back_on():
    memory, _ = checked(CameraMemory(), 0)
    first_frozen = None
    for seconds in range(1, 5):
        memory, results = checked(memory, seconds)
        if any(r.failed for r in results) and first_frozen is None:
            first_frozen = memory.earlier
    assert first_frozen is not None, "a stalled picture with a live clock never read as frozen"
    assert memory.earlier is first_frozen


def test_a_renewed_memory_forgets_the_reference_only():
    memory, _ = checked(CameraMemory(), 0)
    renewed = memory.renewed()
    assert renewed.reference is None
    assert renewed.previous is memory.previous and renewed.earlier is memory.earlier
