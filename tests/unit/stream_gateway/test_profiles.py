import datetime as dt

import numpy as np
import pytest
from pydantic import ValidationError

from composition.config import ConfigError, parse_config
from stream_gateway.checks.suite import check_frame
from stream_gateway.checks.thresholds import CheckThresholds
from stream_gateway.config import CameraConfig, GatewayConfig, NightConfig
from stream_gateway.profiles import IGNORED_FILL, is_night, mask_ignored, thresholds_for

T = dt.time
NIGHT = NightConfig(start=T(19), end=T(7))


@pytest.mark.parametrize(
    ("clock", "night"),
    [
        (T(18, 59), False),
        (T(19), True),
        (T(0, 30), True),
        (T(6, 59), True),
        (T(7), False),
        (T(12), False),
    ],
)
def test_a_night_window_can_span_midnight(clock, night):
    assert is_night(NIGHT, clock, mean_luma=120) is night


def test_a_dark_picture_is_night_whatever_the_clock():
    by_luma = NightConfig(luma_below=50)
    assert is_night(by_luma, T(12), mean_luma=40)
    assert not is_night(by_luma, T(12), mean_luma=60)


def config_with_profiles() -> GatewayConfig:
    return GatewayConfig(
        profiles={
            "indoor": CheckThresholds(dark_luma_max=50),
            "night": CheckThresholds(dark_luma_max=10),
        },
        night=NIGHT,
    )


def test_a_camera_gets_its_day_profile_by_day_and_its_night_profile_at_night():
    camera = CameraConfig(
        id="c", name="C", url="rtsp://h/s", profile="indoor", night_profile="night"
    )
    config = config_with_profiles()
    assert thresholds_for(camera, config, T(12), 120).dark_luma_max == 50
    assert thresholds_for(camera, config, T(23), 120).dark_luma_max == 10


def test_without_a_night_profile_the_day_profile_holds_all_day():
    camera = CameraConfig(id="c", name="C", url="rtsp://h/s", profile="indoor")
    assert thresholds_for(camera, config_with_profiles(), T(23), 20).dark_luma_max == 50


def test_an_ignored_clock_does_not_hide_a_frozen_picture():
    rng = np.random.default_rng(0)
    frame = rng.integers(40, 220, (180, 320), dtype=np.uint8)
    ticking = frame.copy()
    ticking[:20, :100] = rng.integers(0, 255, (20, 100), dtype=np.uint8)  # the clock moved on
    bgr = np.repeat(frame[:, :, None], 3, axis=2)
    clock = [(0.0, 0.0, 0.32, 0.12)]
    seen = check_frame(ticking, bgr, frame, None, CheckThresholds())
    masked = check_frame(
        mask_ignored(ticking, clock), bgr, mask_ignored(frame, clock), None, CheckThresholds()
    )
    assert not any(r.failed for r in seen if r.check == "frozen")
    assert any(r.failed for r in masked if r.check == "frozen")


def test_masking_fills_the_region_and_leaves_the_rest():
    image = np.zeros((100, 200), np.uint8)
    masked = mask_ignored(image, [(0.5, 0.5, 0.5, 0.5)])
    assert (masked[50:, 100:] == IGNORED_FILL).all() and (masked[:50] == 0).all()
    assert (image == 0).all()


def test_a_region_outside_the_frame_is_refused():
    with pytest.raises(ValidationError, match="inside the frame"):
        CameraConfig(id="c", name="C", url="rtsp://h/s", ignore=[(0.8, 0.0, 0.5, 0.1)])


def test_a_camera_naming_an_unknown_profile_is_refused():
    text = "cameras:\n  - {id: c, name: C, url: 'rtsp://h/s', profile: tunnel}\n"
    with pytest.raises(ConfigError, match="unknown profile 'tunnel'"):
        parse_config(text, "x.yaml")


def test_night_needs_a_window_or_a_brightness():
    with pytest.raises(ValidationError, match="start and end"):
        NightConfig(start=T(19))
