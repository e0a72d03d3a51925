import argparse

import pytest
from pydantic import ValidationError

from simulator.cli import add_arguments, settings_from
from simulator.scenes import SceneKind


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_scenes_are_given_per_camera_and_default_to_nothing():
    settings = settings_from(parse("--cameras", "4", "--scene", "cam-3=corridor_night"))
    assert settings.scenes == {"cam-3": SceneKind.CORRIDOR_NIGHT}
    assert not settings.prebuild_faults
    assert settings_from(parse("--prebuild-faults")).prebuild_faults


def test_a_scene_for_an_unknown_camera_is_refused():
    with pytest.raises(ValidationError, match="scene for unknown camera"):
        settings_from(parse("--cameras", "2", "--scene", "cam-9=rain"))


def test_an_unknown_scene_names_the_scenes(capsys):
    with pytest.raises(SystemExit):
        parse("--scene", "cam-1=lava")
    assert "allowed: street, square" in capsys.readouterr().err
