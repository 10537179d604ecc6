"""The follow-up queue of health officers (and of ward chairs for their residents): items created by risky
declarations and by F1 marks, with reasons, status, assignee and notes. Reads are scoped to the people the
user may see; every change is checked against the same scope and audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import duckdb
import pandas as pd

from lib.access import audit, permissions
from lib.access.scope import Scope, person_clause, scope_for, ward_filter
from lib.access.users import User
from lib.platform import admin_units
from lib.platform.db import scalar
from lib.platform.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.times import day_start, local_day_sql, now_utc


class FollowupStatus(StrEnum):
    """Where a risk follow-up stands, equal to `risk_followups.status`; every status but cleared is open."""

    NEW = "new"
    CONTACTED = "contacted"
    REFERRED = "referred"
    CLEARED = "cleared"


class FollowupSource(StrEnum):
    """Why the item is in the queue, equal to `risk_followups.source`."""

    DECLARATION = "declaration"  # a yellow or red declaration
    EXPOSURE = "exposure"  # marked F1 of a case


STATUSES = tuple(FollowupStatus)
OPEN_STATUSES = tuple(s for s in FollowupStatus if s != FollowupStatus.CLEARED)
SOURCES = tuple(FollowupSource)
NOTES_MAX = 2000


@dataclass(frozen=True)
class QueueFilters:
    """Which items to list: statuses, source, the resident's ward as (scheme, code) of `wards` (a 2025 ward also
    holds the residents still stored under an old ward merged into it), assignee (0: nobody), created since."""

    statuses: tuple[str, ...] = OPEN_STATUSES
    source: str | None = None
    ward: tuple[str, str] | None = None
    assignee: int | None = None
    since: date | None = None


def _where(scope: Scope, filters: QueueFilters) -> tuple[str, dict[str, object]]:
    sql = f" WHERE {person_clause(scope)} AND list_contains($statuses, f.status)"
    ward_sql, ward_params = ward_filter(filters.ward, "p")
    sql += f" AND {ward_sql}"
    params: dict[str, object] = {**scope.params(), **ward_params, "statuses": list(filters.statuses)}
    optional = {
        "source": ("f.source = $source", filters.source),
        "since": ("f.created_at >= $since", day_start(filters.since) if filters.since else None),
    }
    for name, (condition, value) in optional.items():
        if value is not None:
            sql += f" AND {condition}"
            params[name] = value
    if filters.assignee is not None:
        sql += " AND coalesce(f.assignee, 0) = $assignee"
        params["assignee"] = filters.assignee
    return sql, params


_FROM = " FROM risk_followups f JOIN people p ON p.person_id = f.person_id"


@parallel_work
def queue(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: QueueFilters, limit: int = 2000) -> pd.DataFrame:
    """Items oldest new first: who (name, birth year, phone, ward), why (reason codes), status, assignee, notes."""
    where, params = _where(scope, filters)
    sql = (
        "SELECT f.followup_id, f.created_at, f.source, f.reasons, f.status, f.assignee, u.full_name AS assignee_name,"
        " f.notes, f.case_id, f.updated_at, p.person_id, p.full_name, p.birth_year, p.phone, p.ward_code,"
        " coalesce(w.name, p.ward_code) AS ward_name"
        f"{_FROM} LEFT JOIN users u ON u.user_id = f.assignee"
        " LEFT JOIN admin_units w ON w.scheme = p.scheme AND w.level = 'ward' AND w.code = p.ward_code"
        f"{where} ORDER BY array_position($order, f.status), f.created_at, f.followup_id LIMIT $limit"
    )
    return frame_of(cur.execute(sql, {**params, "order": list(STATUSES), "limit": limit}))


@parallel_work
def counts(cur: duckdb.DuckDBPyConnection, scope: Scope, filters: QueueFilters) -> pd.DataFrame:
    """Items per local day created, resident's ward and status (for the chart and the table by ward)."""
    where, params = _where(scope, filters)
    sql = (
        f"SELECT {local_day_sql('f.created_at')} AS day, p.ward_code, f.status, count(*) AS items"
        f"{_FROM}{where} GROUP BY ALL ORDER BY day, p.ward_code, f.status"
    )
    return frame_of(cur.execute(sql, params))


def wards(cur: duckdb.DuckDBPyConnection, scope: Scope) -> dict[tuple[str, str], str]:
    """(scheme, code) -> name of today's wards whose residents have items in scope, for the ward filter: a
    resident stored under a 2021 ward is offered under the 2025 ward it went into (admin_units.wards_now)."""
    rows = f"SELECT DISTINCT p.scheme, p.ward_code{_FROM} WHERE {person_clause(scope)}"
    return {(scheme, code): name for scheme, code, name in admin_units.wards_now(cur, rows, scope.params())}


def assignees(cur: duckdb.DuckDBPyConnection, scope: Scope) -> list[tuple[int, str]]:
    """Active accounts an item can be given to: health officers, and the ward chair of the scope's ward."""
    rows = cur.execute(
        "SELECT user_id, full_name FROM users WHERE active AND (role = 'health' OR (role = 'ward'"
        " AND ward_scheme = $scheme AND ward_code = $ward)) ORDER BY full_name",
        {"scheme": scope.ward_scheme, "ward": scope.ward_code},
    ).fetchall()
    return [(int(r[0]), str(r[1])) for r in rows]


def update(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    followup_id: int,
    status: str,
    assignee: int | None,
    notes: str | None,
    now: datetime | None = None,
) -> None:
    """Change an item's status, assignee and notes; refused outside the user's scope; audited with the
    previous and new status."""
    if not permissions.may_open(user, "risk"):
        raise PermissionDeniedError("err.forbidden")
    if status not in STATUSES:
        raise InvalidInputError("risk.bad_status", field="status")
    notes = (notes or "").strip() or None
    if notes is not None and len(notes) > NOTES_MAX:
        raise InvalidInputError("val.too_long", field="notes", max=NOTES_MAX)
    scope = scope_for(user)
    row = cur.execute(
        f"SELECT f.status, f.person_id{_FROM} WHERE f.followup_id = $id AND {person_clause(scope)}", {**scope.params(), "id": followup_id}
    ).fetchone()
    if row is None:
        raise NotFoundError("risk.unknown_item")
    if assignee is not None and assignee not in {uid for uid, _ in assignees(cur, scope)}:
        raise InvalidInputError("risk.bad_assignee", field="assignee")
    cur.execute(
        "UPDATE risk_followups SET status = ?, assignee = ?, notes = ?, updated_at = ? WHERE followup_id = ?",
        [status, assignee, notes, now or now_utc(), followup_id],
    )
    audit.record(
        cur,
        user,
        "update_followup",
        target=str(followup_id),
        row_count=1,
        details={"person_id": int(row[1]), "from": row[0], "to": status, "assignee": assignee},
    )


def open_count(
    cur: duckdb.DuckDBPyConnection, scope: Scope, status: str = "new", days: int | None = None, now: datetime | None = None
) -> int:
    """Items with this status in scope (created in the last `days` days when given), for home pages."""
    since = (now or now_utc()) - timedelta(days=days) if days else None
    where, params = _where(scope, QueueFilters(statuses=(status,)))
    if since is not None:
        where += " AND f.created_at >= $since_at"
        params["since_at"] = since
    return int(scalar(cur.execute(f"SELECT count(*){_FROM}{where}", params)))
