"""The area tree: province, city, county, township, village, grid. Every camera, sensor, wall,
alert and case lies in one area; every user sees one area and all below it.

Pure: built from the config, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from pydantic import Field, field_validator

from common.ids import AREA_CODE_PATTERN
from common.strict import StrictModel

ROOT_CODE = "root"  # the area of a config that declares none: everything lies in it
GEOMETRY_TYPES = ("Polygon", "MultiPolygon")


class AreaLevel(StrEnum):
    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"
    GRID = "grid"


class AreaConfig(StrictModel):
    code: str = Field(pattern=AREA_CODE_PATTERN, description="Stable area code, e.g. 3301")
    name: str = Field(min_length=1, max_length=120)
    level: AreaLevel
    parent: str | None = Field(default=None, description="Code of the enclosing area; none: root")
    geometry: dict[str, Any] | None = Field(
        default=None, description="GeoJSON Polygon or MultiPolygon ([lon, lat]) for the map"
    )

    @field_validator("geometry")
    @classmethod
    def _geojson(cls, value: dict[str, Any] | None) -> dict[str, Any] | None:
        if value is None:
            return None
        if value.get("type") not in GEOMETRY_TYPES:
            raise ValueError(f"geometry type must be one of {', '.join(GEOMETRY_TYPES)}")
        polygons = value.get("coordinates")
        if value["type"] == "Polygon":
            polygons = [polygons]
        if not isinstance(polygons, list) or not polygons:
            raise ValueError("geometry coordinates must be a list of rings")
        for polygon in polygons:
            _check_rings(polygon)
        return value


def _check_rings(polygon: Any) -> None:
    if not isinstance(polygon, list) or not polygon:
        raise ValueError("a polygon is a list of linear rings")
    for ring in polygon:
        if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
            raise ValueError("a linear ring has at least 4 positions and ends where it starts")
        for point in ring:
            if not (isinstance(point, list) and len(point) >= 2):
                raise ValueError("a position is [lon, lat]")
            lon, lat = point[0], point[1]
            if not (isinstance(lon, int | float) and isinstance(lat, int | float)):
                raise ValueError("a position is [lon, lat] in degrees")
            if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                raise ValueError(f"position {point[:2]} is not [lon, lat] in degrees")


class AreaTree:
    """Parent links checked at construction: every parent known, no cycle."""

    def __init__(self, areas: Iterable[AreaConfig]) -> None:
        declared = list(areas)
        self.areas = {a.code: a for a in declared}
        if not declared:
            root = AreaConfig(code=ROOT_CODE, name="All areas", level=AreaLevel.PROVINCE)
            self.areas = {ROOT_CODE: root}
        self._children: dict[str, list[str]] = {code: [] for code in self.areas}
        for area in self.areas.values():
            if area.parent is not None:
                self._children[area.parent].append(area.code)
        self._subtrees = {code: frozenset(self._walk(code)) for code in self.areas}

    @property
    def roots(self) -> list[str]:
        return [a.code for a in self.areas.values() if a.parent is None]

    @property
    def default_code(self) -> str:
        """Where something with no area lies: the single root (config validation keeps one)."""
        return self.roots[0]

    def subtree(self, code: str) -> frozenset[str]:
        """`code` and every area below it; empty for an unknown code."""
        return self._subtrees.get(code, frozenset())

    def _walk(self, code: str) -> list[str]:
        found, pending = [], [code]
        while pending:
            current = pending.pop()
            found.append(current)
            pending.extend(self._children[current])
        return found


def tree_problems(areas: list[AreaConfig]) -> list[str]:
    """What makes `areas` not a tree with one root: duplicates, unknown parents, cycles."""
    codes = [a.code for a in areas]
    problems = [
        f"area code {c!r} appears twice" for c in sorted({c for c in codes if codes.count(c) > 1})
    ]
    known = set(codes)
    parents = {a.code: a.parent for a in areas}
    for area in areas:
        if area.parent is not None and area.parent not in known:
            problems.append(f"area {area.code!r} names unknown parent {area.parent!r}")
    roots = [a.code for a in areas if a.parent is None]
    if areas and len(roots) != 1:
        problems.append(f"the area tree needs exactly one root, found {len(roots)}")
    for code in known:
        seen: set[str] = set()
        current: str | None = code
        while current is not None and current in parents:
            if current in seen:
                problems.append(f"area {code!r} is its own ancestor")
                break
            seen.add(current)
            current = parents[current]
    return problems
