"""ONVIF options of the simulator: ports per camera, the password only from the environment."""

import argparse

import pytest
from pydantic import ValidationError

from simulator.cli import add_arguments, settings_from
from simulator.registry import CameraRegistry
from simulator.settings import ONVIF_PASSWORD_ENV, SimulatorSettings

CANARY = "canary-pw-7f3a"


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_onvif_is_off_unless_a_base_port_is_given():
    assert SimulatorSettings().onvif_ports() == {}


def test_each_camera_gets_the_next_port_and_the_password_comes_from_the_environment(
    monkeypatch,
):
    monkeypatch.setenv(ONVIF_PASSWORD_ENV, CANARY)
    settings = settings_from(parse("--cameras", "3", "--onvif-port", "9000"))
    assert settings.onvif_ports() == {"cam-1": 9000, "cam-2": 9001, "cam-3": 9002}
    assert settings.onvif_password is not None
    assert settings.onvif_password.get_secret_value() == CANARY
    assert CANARY not in repr(settings) and CANARY not in str(settings)


def test_onvif_without_a_password_is_refused_naming_the_variable(monkeypatch):
    monkeypatch.delenv(ONVIF_PASSWORD_ENV, raising=False)
    with pytest.raises(ValidationError, match=ONVIF_PASSWORD_ENV):
        settings_from(parse("--onvif-port", "9000"))


@pytest.mark.parametrize(
    ("base", "reason"), [(8550, "overlap the RTSP or API port"), (65535, "go past 65535")]
)
def test_onvif_ports_that_collide_or_overflow_are_refused(base, reason):
    with pytest.raises(ValidationError, match=reason):
        SimulatorSettings(cameras=8, onvif_port=base, onvif_password=CANARY)


def test_a_camera_pan_is_kept_within_0_and_1_and_starts_home():
    registry = CameraRegistry(["cam-1"])
    assert registry.pan("cam-1") == 0.0
    registry.set_pan("cam-1", 0.5)
    assert registry.wanted_clip("cam-1") == "shift-050"
    with pytest.raises(ValueError, match="is outside"):
        registry.set_pan("cam-1", 1.5)
