"""`/api/areas`: the area tree a user may see, as GeoJSON for the map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from command_center.api.deps import UNAUTHENTICATED, PrincipalDep, ServicesDep
from command_center.api.errors import INVALID

router = APIRouter(prefix="/api/areas", tags=["areas"], responses={**INVALID, **UNAUTHENTICATED})


@router.get("", response_model=dict[str, Any])
def list_areas(principal: PrincipalDep, services: ServicesDep) -> dict[str, Any]:
    """A FeatureCollection: one feature per area (geometry null where none is configured)."""
    features = [
        {
            "type": "Feature",
            "id": area.code,
            "geometry": area.geometry,
            "properties": {
                "code": area.code,
                "name": area.name,
                "level": area.level.value,
                "parent": area.parent,
            },
        }
        for area in services.areas.areas.values()
        if principal.can_see(area.code)
    ]
    return {"type": "FeatureCollection", "features": features}
