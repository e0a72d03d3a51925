"""Where the scenes come from: pictures loaded at a width the renderer can use, and an error
that says what to install."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bench.vqd_set.life import world_size
from bench.vqd_set.sources import MAX_SOURCE_WIDTH, SCENES, SceneSource, load, shrunk

REPO = Path(__file__).resolve().parents[3]


def test_a_picture_wider_than_the_largest_world_is_shrunk_once_with_its_aspect_kept():
    wide = np.zeros((3391, 6028, 3), np.uint8)
    small = shrunk(wide)
    assert small.shape == (1440, MAX_SOURCE_WIDTH, 3)
    assert world_size(1280) <= MAX_SOURCE_WIDTH


def test_a_picture_no_wider_than_the_limit_is_left_as_it_is():
    picture = np.zeros((1920, MAX_SOURCE_WIDTH, 3), np.uint8)
    assert shrunk(picture) is picture


def test_a_missing_debian_picture_names_the_package_to_install(tmp_path):
    source = SceneSource(
        "x", "debian:plasma-workspace-wallpapers", str(tmp_path / "no.jpg"), "heldout", 2
    )
    with pytest.raises(
        FileNotFoundError, match=r"ensure-system-packages\.sh plasma-workspace-wallpapers"
    ):
        load(source)


def test_make_vqd_set_installs_every_debian_package_a_scene_comes_from():
    target = (REPO / "Makefile").read_text().split("\nvqd-set:", 1)[1].split("\n\n", 1)[0]
    for package in {s.package.removeprefix("debian:") for s in SCENES if "debian:" in s.package}:
        assert package in target
