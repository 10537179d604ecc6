"""The signed-in user and the roles: plain data shared by auth, scope, audit and the UI."""

from __future__ import annotations

from dataclasses import dataclass, field

ROLES = ("admin", "office", "ward", "health", "staff")


@dataclass(frozen=True)
class User:
    """Who is signed in; `venue_ids` is filled for staff, `ward_*` for ward chairs."""

    user_id: int
    username: str
    full_name: str
    role: str
    ward_scheme: str | None = None
    ward_code: str | None = None
    venue_ids: tuple[str, ...] = field(default_factory=tuple)
    # set for the first admin and after a reset: the only page offered is the password change
    must_change_password: bool = False
