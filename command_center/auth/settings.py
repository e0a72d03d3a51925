"""The `auth` section of the config."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class AuthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    login_hours: float = Field(default=12, gt=0, le=24 * 30, description="A login lasts this long")
    wall_days: float = Field(
        default=365, gt=0, le=3650, description="A paired wall display's credential lasts this long"
    )
    pairing_minutes: float = Field(
        default=10, gt=0, le=24 * 60, description="A display's pairing code is valid this long"
    )
    login_window_s: float = Field(default=900, gt=0, description="Failed logins are counted over")
    login_failures_per_user: int = Field(
        default=5, ge=1, description="... at most this many a user"
    )
    login_failures_per_address: int = Field(
        default=30, ge=1, description="... and this many from one address"
    )
    secure_cookie: bool = Field(
        default=False, description="Mark the session cookie Secure (set when served over HTTPS)"
    )
