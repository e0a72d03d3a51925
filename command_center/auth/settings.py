"""The `auth` section of the config."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

DAY_S = 24 * 3600


class AuthConfig(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    login_hours: float = Field(default=12, gt=0, le=24 * 30, description="A login lasts this long")
    wall_days: float = Field(
        default=365, gt=0, le=3650, description="A paired wall display's credential lasts this long"
    )
    pairing_minutes: float = Field(
        default=10, gt=0, le=24 * 60, description="A display's pairing code is valid this long"
    )
    login_window_s: float = Field(
        default=900,
        gt=0,
        le=DAY_S,
        description="Failed logins are counted over this many seconds (a sliding window)",
    )
    login_failures_per_user_address: int = Field(
        default=5,
        ge=1,
        le=1000,
        description="Failed logins allowed in the window for one user name from one address",
    )
    login_failures_per_user: int = Field(
        default=50,
        ge=1,
        le=1_000_000,
        description="Failed logins allowed in the window for one user name from all addresses "
        "together: looser than per address, so that locking a user out takes many addresses",
    )
    login_failures_per_address: int = Field(
        default=30,
        ge=1,
        le=1_000_000,
        description="Failed logins allowed in the window from one address, whatever the name",
    )
    secure_cookie: bool = Field(
        default=False, description="Mark the session cookie Secure (set when served over HTTPS)"
    )

    @model_validator(mode="after")
    def _user_ceiling_is_looser(self) -> AuthConfig:
        if self.login_failures_per_user < self.login_failures_per_user_address:
            raise ValueError(
                "login_failures_per_user must be at least login_failures_per_user_address"
            )
        return self
