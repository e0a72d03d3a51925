"""One error body for the whole API: `{"detail": message, "field": path or null}`.

`detail` stays a string so any client that shows FastAPI's usual `detail` keeps working; a
validation error names the first field at fault in `field` and lists every fault in `errors`.
The input that failed is never echoed: it may hold a password or a token.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException


class FieldError(BaseModel):
    field: str
    message: str


class ApiError(BaseModel):
    detail: str
    field: str | None = None
    errors: list[FieldError] = []


def error_response(description: str) -> dict[str, Any]:
    """A `responses=` entry for an error status, with the shared body."""
    return {"model": ApiError, "description": description}


# What a route may answer besides success, as FastAPI's `responses=` takes it.
Responses = dict[int | str, dict[str, Any]]

INVALID: Responses = {422: error_response("The request is not valid: `field` says where")}
BAD_BODY: Responses = {400: error_response("The body could not be read as JSON")}
DATABASE_ID_MAX = 2**63 - 1  # a BIGINT: a larger id would not reach the database as a number


def field_path(location: tuple[Any, ...] | list[Any]) -> str:
    """('body', 'readings', 0, 'value') -> 'body.readings[0].value'."""
    path = ""
    for part in location:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
    return path


def install(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        body = ApiError(detail=str(exc.detail))
        return JSONResponse(body.model_dump(), exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        faults = [FieldError(field=field_path(e["loc"]), message=e["msg"]) for e in exc.errors()]
        first = faults[0] if faults else FieldError(field="", message="invalid request")
        body = ApiError(detail=f"{first.field}: {first.message}", field=first.field, errors=faults)
        return JSONResponse(body.model_dump(), 422)
