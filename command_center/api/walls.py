from __future__ import annotations

from fastapi import APIRouter, HTTPException

from command_center.api.deps import ServicesDep
from command_center.config import WallConfig

router = APIRouter(prefix="/api/walls", tags=["walls"])


@router.get("")
def list_walls(services: ServicesDep) -> list[WallConfig]:
    return list(services.config.walls)


@router.get("/{wall_id}")
def get_wall(wall_id: str, services: ServicesDep) -> WallConfig:
    for wall in services.config.walls:
        if wall.id == wall_id:
            return wall
    raise HTTPException(404, f"unknown wall {wall_id!r}")
