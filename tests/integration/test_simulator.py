"""The camera simulator end to end: real RTSP read by ffprobe and PyAV, faults set over HTTP."""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Callable, Generator, Iterator
from typing import TypeVar

import av
import cv2
import httpx
import numpy as np
import numpy.typing as npt
import pytest

from servers.simulator import SimulatorHandle, running_simulator

pytestmark = pytest.mark.integration

Gray = npt.NDArray[np.uint8]
T = TypeVar("T")

OPEN_TIMEOUT_S = 5.0  # socket timeout of a PyAV open/read
GOP_S = 2.0  # the simulator's default: a keyframe every 50 frames at 25 fps
FAULT_DEADLINE_S = 2.0 + GOP_S + 1.0  # fault applied within 2 s, then the next keyframe, + slack
BLACK_LUMA_MAX = 10.0
LIVE_LUMA_MIN = 60.0
LIVE_TEXTURE_MIN = 6.0  # the gateway's frozen check needs this much std to judge a picture
FROZEN_DIFF_MAX = 0.5  # a looped still decodes to the same picture; the gateway allows 0.8
FFPROBE_STREAM = (
    "ffprobe -v error -rtsp_transport tcp -of json -show_entries stream=codec_name,width,height"
)
MOVING_DIFF_MIN = 1.5  # two keyframes of the moving scene differ by ~3-6 mean abs luma
SHARP_MIN = 300.0  # Laplacian variance of the street below the caption: ~2000 when healthy
BLURRED_MAX = 20.0  # ... and ~1 under a full blur
CAPTION_ROWS = 40  # the caption is drawn on the picture; sharpness is judged below it
COVERED_LUMA_MAX = 40.0  # the covering object is ~ 22 luma; the street has nothing that dark


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorHandle]:
    scenes = {"cam-3": "corridor_night"}
    with running_simulator(cameras=3, faults={"cam-3": "black"}, scenes=scenes) as handle:
        yield handle


@pytest.fixture
def cam2(sim: SimulatorHandle) -> Iterator[str]:
    """cam-2, put back to normal after the test whatever the test did to it."""
    yield "cam-2"
    sim.set_fault("cam-2", "normal")


def keyframes(url: str) -> Generator[Gray, None, None]:
    """Decoded keyframes (gray) of a live RTSP stream, read over TCP, until the stream ends."""
    return (luma(frame) for frame in keyframe_frames(url))


def keyframe_frames(url: str) -> Generator[av.VideoFrame, None, None]:
    options = {"rtsp_transport": "tcp"}
    with av.open(url, options=options, timeout=OPEN_TIMEOUT_S) as container:
        stream = container.streams.video[0]
        stream.codec_context.skip_frame = "NONKEY"
        yield from container.decode(stream)


def mean_abs_diff(a: Gray, b: Gray) -> float:
    return float(np.abs(a.astype(np.int16) - b.astype(np.int16)).mean())


def luma(frame: av.VideoFrame) -> Gray:
    return np.asarray(frame.to_ndarray(format="gray"), dtype=np.uint8)


def sharpness(picture: Gray) -> float:
    return float(cv2.Laplacian(picture[CAPTION_ROWS:], cv2.CV_64F).var())


def first_within(frames: Iterator[T], deadline_s: float, good: Callable[[T], bool]) -> T | None:
    end = time.monotonic() + deadline_s
    for frame in frames:
        if good(frame):
            return frame
        if time.monotonic() > end:
            return None
    return None


def test_ffprobe_sees_h264_640x360_over_tcp(sim: SimulatorHandle) -> None:
    command = [*FFPROBE_STREAM.split(), sim.rtsp_url("cam-1")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=20, check=True)
    (stream,) = json.loads(result.stdout)["streams"]
    assert (stream["codec_name"], stream["width"], stream["height"]) == ("h264", 640, 360)


def test_normal_camera_is_bright_textured_and_moving(sim: SimulatorHandle) -> None:
    frames = keyframes(sim.rtsp_url("cam-1"))
    first, second = next(frames), next(frames)
    frames.close()
    assert first.shape == (360, 640)
    assert first.mean() > LIVE_LUMA_MIN
    assert first.std() > LIVE_TEXTURE_MIN
    assert mean_abs_diff(first, second) > MOVING_DIFF_MIN


def test_keyframes_come_every_gop_in_real_time_with_continuous_timestamps(
    sim: SimulatorHandle,
) -> None:
    frames = keyframe_frames(sim.rtsp_url("cam-1"))
    next(frames)  # may have waited in PyAV's probe buffer: not timed
    second = next(frames)
    arrived = time.monotonic()
    third = next(frames)
    elapsed = time.monotonic() - arrived
    frames.close()
    assert GOP_S - 0.6 < elapsed < GOP_S + 0.6  # paced: a burst would take ~0 s
    assert third.time - second.time == pytest.approx(GOP_S, abs=0.01)


def test_fault_given_at_start_is_listed_and_streamed(sim: SimulatorHandle) -> None:
    faults = {camera["id"]: camera["fault"] for camera in sim.cameras()}
    assert faults == {"cam-1": "normal", "cam-2": "normal", "cam-3": "black"}
    frames = keyframes(sim.rtsp_url("cam-3"))
    assert next(frames).mean() < BLACK_LUMA_MAX
    frames.close()


def test_black_fault_reaches_a_connected_reader_within_deadline(
    sim: SimulatorHandle, cam2: str
) -> None:
    frames = keyframe_frames(sim.rtsp_url(cam2))
    next(frames)  # the first frame read over RTSP has no timestamp yet
    before = next(frames)
    assert luma(before).mean() > LIVE_LUMA_MIN
    assert sim.set_fault(cam2, "black")["fault"] == "black"
    black = first_within(frames, FAULT_DEADLINE_S, lambda f: luma(f).mean() < BLACK_LUMA_MAX)
    frames.close()
    assert black is not None
    # the switch starts the black clip at once, on a keyframe, without restarting the timestamps
    assert 0 < black.time - before.time <= FAULT_DEADLINE_S


def test_freeze_fault_repeats_one_picture(sim: SimulatorHandle, cam2: str) -> None:
    frames = keyframes(sim.rtsp_url(cam2))
    before = next(frames)
    sim.set_fault(cam2, "freeze")
    frozen = first_within(frames, FAULT_DEADLINE_S, lambda f: mean_abs_diff(f, before) > 0)
    assert frozen is not None
    after = next(frames)
    frames.close()
    assert mean_abs_diff(frozen, after) < FROZEN_DIFF_MAX
    assert after.std() > LIVE_TEXTURE_MIN  # a still picture, not a blank one


def test_disconnect_closes_readers_and_refuses_until_normal(
    sim: SimulatorHandle, cam2: str
) -> None:
    frames = keyframes(sim.rtsp_url(cam2))
    next(frames)
    sim.set_fault(cam2, "disconnect")
    started = time.monotonic()
    with pytest.raises((StopIteration, av.error.FFmpegError)):
        while time.monotonic() - started < FAULT_DEADLINE_S:
            next(frames)
    with pytest.raises(av.error.FFmpegError):
        next(keyframes(sim.rtsp_url(cam2)))
    sim.set_fault(cam2, "normal")
    frames = keyframes(sim.rtsp_url(cam2))
    assert next(frames).mean() > LIVE_LUMA_MIN
    frames.close()


def test_unknown_camera_is_404(sim: SimulatorHandle) -> None:
    response = httpx.post(f"{sim.api_base}/cameras/cam-99/fault", json={"kind": "black"})
    assert response.status_code == 404
    assert response.json() == {"detail": "unknown camera 'cam-99'"}


def test_bad_fault_kind_is_422_naming_field_and_kinds(sim: SimulatorHandle) -> None:
    response = httpx.post(f"{sim.api_base}/cameras/cam-1/fault", json={"kind": "melt"})
    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "kind"]
    assert all(kind in error["msg"] for kind in ("normal", "black", "freeze", "disconnect"))


def test_health_and_camera_list(sim: SimulatorHandle) -> None:
    assert httpx.get(f"{sim.api_base}/healthz").json() == {"ok": True}
    first, _, third = sim.cameras()
    assert first == {
        "id": "cam-1",
        "url": sim.rtsp_url("cam-1"),
        "fault": "normal",
        "severity": None,
        "scene": "street",
    }
    assert third["scene"] == "corridor_night"


def test_blur_fault_reaches_a_connected_reader_and_leaves_nothing_sharp(
    sim: SimulatorHandle, cam2: str
) -> None:
    frames = keyframes(sim.rtsp_url(cam2))
    assert sharpness(next(frames)) > SHARP_MIN
    asked = time.monotonic()
    assert sim.set_fault(cam2, "blur")["severity"] == 1.0  # full strength when not given
    blurred = first_within(frames, FAULT_DEADLINE_S, lambda f: sharpness(f) < BLURRED_MAX)
    assert blurred is not None, "no blurred keyframe in time"
    assert time.monotonic() - asked < FAULT_DEADLINE_S
    later = next(frames)
    frames.close()
    assert sharpness(later) < BLURRED_MAX
    assert later.mean() > LIVE_LUMA_MIN  # blurred, not dark


def test_cover_fault_hides_its_share_of_the_picture_from_the_bottom(
    sim: SimulatorHandle, cam2: str
) -> None:
    frames = keyframes(sim.rtsp_url(cam2))
    next(frames)
    assert sim.set_fault(cam2, "cover", severity=0.55)["severity"] == 0.5  # nearest step

    def half_covered(picture: Gray) -> bool:
        return bool(picture[-40:].mean() < COVERED_LUMA_MAX)

    covered = first_within(frames, FAULT_DEADLINE_S, half_covered)
    frames.close()
    assert covered is not None, "no covered keyframe in time"
    share = float((covered < COVERED_LUMA_MAX).mean())
    assert 0.4 < share < 0.6
    assert covered[CAPTION_ROWS : covered.shape[0] // 3].mean() > LIVE_LUMA_MIN  # top still seen
