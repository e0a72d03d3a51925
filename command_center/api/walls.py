from __future__ import annotations

from fastapi import APIRouter, HTTPException

from command_center.api.deps import ServicesDep
from command_center.api.errors import INVALID, error_response
from command_center.config import WallConfig

router = APIRouter(prefix="/api/walls", tags=["walls"], responses=INVALID)


@router.get("")
def list_walls(services: ServicesDep) -> list[WallConfig]:
    return list(services.config.walls)


@router.get("/{wall_id}", responses={404: error_response("No such wall")})
def get_wall(wall_id: str, services: ServicesDep) -> WallConfig:
    for wall in services.config.walls:
        if wall.id == wall_id:
            return wall
    raise HTTPException(404, f"unknown wall {wall_id!r}")
