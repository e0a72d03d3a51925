"""HTTP control API: list the cameras, inject or clear a fault, health."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from simulator.faults import Fault, FaultKind
from simulator.registry import UnknownCameraError
from simulator.service import CameraView, Simulator


class FaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FaultKind = Field(description="Fault to show; 'normal' clears any fault")
    severity: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Strength 0..1, for kinds that have one"
    )


class CameraPublic(BaseModel):
    id: str = Field(description="Camera id, also the RTSP path")
    url: str = Field(description="RTSP URL of the camera")
    fault: FaultKind = Field(description="Fault the camera shows now")

    @classmethod
    def of(cls, view: CameraView) -> CameraPublic:
        return cls(id=view.id, url=view.url, fault=view.fault.kind)


class Health(BaseModel):
    ok: bool = Field(description="RTSP server listening and clips loaded")


def create_app(simulator: Simulator) -> FastAPI:
    app = FastAPI(title="Camera simulator", version="1")

    @app.get("/healthz")
    def healthz() -> Health:
        if not simulator.ready:
            raise HTTPException(503, "starting: clips or RTSP server not ready")
        return Health(ok=True)

    @app.get("/cameras")
    def cameras() -> list[CameraPublic]:
        return [CameraPublic.of(view) for view in simulator.cameras()]

    @app.post("/cameras/{camera_id}/fault")
    def set_fault(camera_id: str, request: FaultRequest) -> CameraPublic:
        try:
            view = simulator.set_fault(camera_id, Fault(request.kind, request.severity))
        except UnknownCameraError as error:
            raise HTTPException(404, str(error)) from None
        return CameraPublic.of(view)

    return app
