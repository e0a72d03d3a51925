"""The area tree from config: subtrees, one root, GeoJSON checked, items placed in known areas."""

from __future__ import annotations

import pytest

from command_center.areas.tree import ROOT_CODE, AreaConfig, AreaTree, tree_problems
from composition.config import ConfigError, parse_config

SQUARE = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
AREAS = [
    {"code": "33", "name": "Province", "level": "province"},
    {"code": "3301", "name": "City", "level": "city", "parent": "33", "geometry": SQUARE},
    {"code": "330102", "name": "East county", "level": "county", "parent": "3301"},
    {"code": "330103", "name": "West county", "level": "county", "parent": "3301"},
    {"code": "330102-g1", "name": "Grid 1", "level": "grid", "parent": "330102"},
]


def tree() -> AreaTree:
    return AreaTree(AreaConfig.model_validate(a) for a in AREAS)


def test_a_subtree_holds_the_area_and_everything_below_it() -> None:
    areas = tree()
    assert areas.subtree("330102") == {"330102", "330102-g1"}
    assert areas.subtree("33") == {a["code"] for a in AREAS}
    assert areas.subtree("330103") == {"330103"}
    assert areas.subtree("nowhere") == frozenset()
    assert areas.default_code == "33"


def test_no_areas_means_one_root_holding_everything() -> None:
    areas = AreaTree([])
    assert areas.default_code == ROOT_CODE and areas.subtree(ROOT_CODE) == {ROOT_CODE}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"code": "3301", "parent": "nope"}, "unknown parent 'nope'"),
        ({"code": "33", "parent": "330102"}, "its own ancestor"),
        ({"code": "330103", "parent": None}, "exactly one root, found 2"),
    ],
)
def test_a_broken_tree_is_named(change: dict, problem: str) -> None:
    areas = [dict(a) for a in AREAS]
    next(a for a in areas if a["code"] == change["code"]).update(change)
    assert any(problem in p for p in tree_problems([AreaConfig.model_validate(a) for a in areas]))


@pytest.mark.parametrize(
    ("geometry", "reason"),
    [
        ({"type": "Point", "coordinates": [0, 0]}, "geometry type must be one of"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [0, 0]]]}, "at least 4 positions"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 2]]]}, "ends where"),
        ({"type": "Polygon", "coordinates": [[[0, 0], [1, 99], [1, 1], [0, 0]]]}, "not [lon, lat]"),
    ],
)
def test_bad_geojson_is_refused_with_its_line(geometry: dict, reason: str) -> None:
    import yaml

    areas = [dict(AREAS[0], geometry=geometry)]
    with pytest.raises(ConfigError, match="areas") as refused:
        parse_config(yaml.safe_dump({"areas": areas}), "c.yaml")
    assert reason in str(refused.value)


def test_cameras_sensors_and_walls_must_name_known_areas() -> None:
    import yaml

    config = {
        "areas": AREAS,
        "cameras": [{"id": "cam-1", "name": "Gate", "url": "rtsp://h/1", "area": "330199"}],
    }
    with pytest.raises(ConfigError, match="camera 'cam-1' names unknown area '330199'"):
        parse_config(yaml.safe_dump(config), "c.yaml")
    config["cameras"][0]["area"] = "330102-g1"
    assert parse_config(yaml.safe_dump(config), "c.yaml").cameras[0].area == "330102-g1"
