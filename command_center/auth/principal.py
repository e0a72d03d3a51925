"""Who is asking: a user (or a paired wall display) and the areas they may see.

Pure: the routes and the websocket hub decide with it; the auth service builds it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    SUPERVISOR = "supervisor"
    DISPATCHER = "dispatcher"
    VIEWER = "viewer"
    WALL = "wall"  # a display device, bound to one wall


# What each role may do beyond looking: acknowledging alerts, handling cases.
ACTING_ROLES = frozenset({Role.ADMIN, Role.SUPERVISOR, Role.DISPATCHER})


@dataclass(frozen=True, slots=True)
class Principal:
    user_id: int
    username: str
    role: Role
    area_code: str
    areas: frozenset[str]  # area_code and every area below it
    token_id: str  # the token's public id
    expires_at: datetime
    wall_id: str | None = None

    def can_see(self, area_code: str) -> bool:
        return area_code in self.areas

    def is_expired(self, now: datetime) -> bool:
        return now >= self.expires_at


# The browser's credential: HttpOnly, SameSite=Strict, set by login and by wall pairing. API
# clients send the same token as `Authorization: Bearer`; the websocket takes either the cookie
# or the token in its first message, never in the URL.
SESSION_COOKIE = "cc_session"
