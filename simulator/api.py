"""HTTP control API: list the cameras, inject or clear a fault, health."""

from __future__ import annotations

from fastapi import FastAPI, HTTPException
from pydantic import BaseModel, ConfigDict, Field

from simulator.faults import DEFAULT_SEVERITY, SEVERITY_STEPS, Fault, FaultKind
from simulator.registry import UnknownCameraError
from simulator.scenes import SceneKind
from simulator.sensors import SensorFeeder, UnknownSensorError
from simulator.service import CameraView, Simulator

STEPS = ", ".join(str(step) for step in SEVERITY_STEPS)


class FaultRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: FaultKind = Field(description="Fault to show; 'normal' clears any fault")
    severity: float = Field(
        default=DEFAULT_SEVERITY,
        ge=0.0,
        le=1.0,
        description=f"Strength 0..1, shown as the nearest of {STEPS}; ignored by kinds without one",
    )


class CameraPublic(BaseModel):
    id: str = Field(description="Camera id, also the RTSP path")
    url: str = Field(description="RTSP URL of the camera")
    fault: FaultKind = Field(description="Fault the camera shows now")
    severity: float | None = Field(
        description="Severity step shown (0.25..1), null for kinds without a strength"
    )
    scene: SceneKind = Field(description="What the camera looks at")

    @classmethod
    def of(cls, view: CameraView) -> CameraPublic:
        fault = view.fault
        return cls(
            id=view.id, url=view.url, fault=fault.kind, severity=fault.level, scene=view.scene
        )


class SensorFault(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: bool = Field(description="True pushes the sensor past its limit; false ends that")


class SensorPublic(BaseModel):
    id: str = Field(description="Sensor id, as configured in the command centre")
    fault: bool = Field(description="Pushed past its limit now")


class Health(BaseModel):
    ok: bool = Field(description="RTSP server listening and clips loaded")


def create_app(simulator: Simulator, sensors: SensorFeeder | None = None) -> FastAPI:
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

    if sensors is not None:
        _add_sensor_routes(app, sensors)
    return app


def _add_sensor_routes(app: FastAPI, sensors: SensorFeeder) -> None:
    @app.get("/sensors")
    def list_sensors() -> list[SensorPublic]:
        return [SensorPublic(id=i, fault=on) for i, on in sensors.faults().items()]

    @app.post("/sensors/{sensor_id}/fault")
    def set_sensor_fault(sensor_id: str, request: SensorFault) -> SensorPublic:
        try:
            sensors.set_fault(sensor_id, request.on)
        except UnknownSensorError:
            raise HTTPException(404, f"unknown sensor {sensor_id!r}") from None
        return SensorPublic(id=sensor_id, fault=request.on)
