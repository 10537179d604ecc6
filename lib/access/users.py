"""The signed-in user and the roles: plain data shared by auth, scope, audit and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    """What an account may do; each equals the string stored in `users.role` (and used in SQL and messages)."""

    ADMIN = "admin"
    OFFICE = "office"  # the culture and information office: venues and their codes, city-wide
    WARD = "ward"  # a ward chair: their own ward only
    HEALTH = "health"  # the health service: risk queue and tracing
    STAFF = "staff"  # venue staff: the door of their venues


ROLES = tuple(Role)


@dataclass(frozen=True)
class User:
    """Who is signed in; `venue_ids` is filled for staff, `ward_*` for ward chairs."""

    user_id: int
    username: str
    full_name: str
    role: Role
    ward_scheme: str | None = None
    ward_code: str | None = None
    venue_ids: tuple[str, ...] = field(default_factory=tuple)
    # set for the first admin and after a reset: the only page offered is the password change
    must_change_password: bool = False
