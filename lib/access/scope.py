"""Data scope derived from the signed-in user, applied in SQL by every query that returns venues, people
or check-ins. A ward chair's query cannot return another ward's rows because the filter is part of the SQL,
not of the page.

- admin, office, health: the whole city (this server serves one city)
- ward: venues and residents of one ward; a 2025-scheme chair also covers the 2021 wards merged into theirs
- staff: their assigned venues only
"""

from __future__ import annotations

from dataclasses import dataclass

from lib.access.users import Role, User
from lib.platform.errors import PermissionDeniedError

CITY = "city"
WARD = "ward"
VENUES = "venues"


@dataclass(frozen=True)
class Scope:
    """What a user may see; build it with `scope_for(user)`, never by hand in pages."""

    kind: str
    ward_scheme: str | None = None
    ward_code: str | None = None
    venue_ids: tuple[str, ...] = ()

    def params(self, suffix: str = "") -> dict[str, object]:
        """Bound values for the clauses below; exactly those the clause of this kind uses (DuckDB refuses
        extra named parameters). A suffix names them apart when one statement applies several scopes."""
        if self.kind == WARD:
            return {f"scope_scheme{suffix}": self.ward_scheme, f"scope_ward{suffix}": self.ward_code}
        if self.kind == VENUES:
            return {f"scope_venues{suffix}": list(self.venue_ids)}
        return {}


def scope_for(user: User) -> Scope:
    """The scope of a signed-in user; raises PermissionDeniedError for a ward chair without a ward."""
    if user.role in (Role.ADMIN, Role.OFFICE, Role.HEALTH):
        return Scope(CITY)
    if user.role == Role.WARD:
        if not user.ward_code or not user.ward_scheme:
            raise PermissionDeniedError("err.forbidden")
        return Scope(WARD, user.ward_scheme, user.ward_code)
    if user.role == Role.STAFF:
        return Scope(VENUES, venue_ids=user.venue_ids)
    raise PermissionDeniedError("err.forbidden")


def _ward_match(alias: str, suffix: str = "") -> str:
    """Rows whose (scheme, ward_code) is the chair's ward, or an old ward merged into it."""
    scheme, ward = f"$scope_scheme{suffix}", f"$scope_ward{suffix}"
    return (
        f"(({alias}.scheme = {scheme} AND {alias}.ward_code = {ward})"
        f" OR ({scheme} = '2025' AND {alias}.scheme = '2021' AND {alias}.ward_code IN"
        f" (SELECT old_ward_code FROM ward_mapping WHERE new_ward_code = {ward})))"
    )


def ward_filter(ward: tuple[str, str] | None, alias: str, suffix: str = "_f") -> tuple[str, dict[str, object]]:
    """SQL condition and its bound values for a ward picked in a filter, (scheme, code): rows of that ward, and
    for a 2025 ward the rows still stored under an old ward merged into it; TRUE (no values) without a ward.
    The same match as a ward chair's scope, so a filter and a scope agree on which rows a ward holds."""
    if ward is None:
        return "TRUE", {}
    return _ward_match(alias, suffix), Scope(WARD, *ward).params(suffix)


def venue_clause(scope: Scope, alias: str = "v", suffix: str = "") -> str:
    """SQL condition on a venues alias; combine with AND and bind `scope.params(suffix)`."""
    if scope.kind == CITY:
        return "TRUE"
    if scope.kind == WARD:
        return _ward_match(alias, suffix)
    return f"list_contains($scope_venues{suffix}, {alias}.venue_id)"


def person_clause(scope: Scope, alias: str = "p") -> str:
    """SQL condition on a people alias: residents of the ward, or visitors of the staff member's venues."""
    if scope.kind == CITY:
        return "TRUE"
    if scope.kind == WARD:
        return _ward_match(alias)
    return f"{alias}.person_id IN (SELECT person_id FROM checkins WHERE list_contains($scope_venues, venue_id))"
