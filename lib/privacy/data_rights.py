"""People's rights over their data: a household that proved who it is (lib.people.households.find_household) can
download everything held about it at once, and ask for its deletion, which an administrator carries out within
2 working days (Decree 356/2025). Requests and their handling are audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb
import pandas as pd

from lib.access import audit
from lib.access.users import Role, User
from lib.platform import spreadsheets
from lib.platform.db import scalar, transaction
from lib.platform.errors import ConflictError, NotFoundError, PermissionDeniedError
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.times import now_utc, to_local

ANSWER_WITHIN_WORKING_DAYS = 2
HANDLERS = (Role.ADMIN,)

# sheet -> query of the household's rows ($h: household id)
_SHEETS = {
    "nguoi": "SELECT person_id, relationship, full_name, birth_year, gender, nationality, scheme, province_code,"
    " district_code, ward_code, address, phone, id_last4, insurance_last4, created_at FROM people WHERE household_id = $h",
    "khai_bao": "SELECT d.* EXCLUDE (reviewed_by) FROM declarations d JOIN people p USING (person_id) WHERE p.household_id = $h",
    "check_in": "SELECT c.person_id, v.name AS venue, v.address, c.checked_in_at, c.checked_out_at, c.method, c.closed_by"
    " FROM checkins c JOIN people p USING (person_id) JOIN venues v USING (venue_id) WHERE p.household_id = $h",
    "theo_doi": "SELECT f.person_id, f.source, f.reasons, f.status, f.created_at, f.updated_at FROM risk_followups f"
    " JOIN people p USING (person_id) WHERE p.household_id = $h",
    "ca_benh": "SELECT c.person_id, c.test_date, c.onset_date, c.isolated_at, c.status FROM cases c"
    " JOIN people p USING (person_id) WHERE p.household_id = $h",
}


def working_days_after(moment: datetime, days: int) -> datetime:
    """The same local time `days` working days (Monday to Friday) later."""
    local = to_local(moment)
    while days > 0:
        local += timedelta(days=1)
        if local.weekday() < 5:
            days -= 1
    return local


def household_data(cur: duckdb.DuckDBPyConnection, household_id: int) -> dict[str, pd.DataFrame]:
    """Everything held about the household, one table per kind of data."""
    return {sheet: frame_of(cur.execute(sql, {"h": household_id})) for sheet, sql in _SHEETS.items()}


@parallel_work
def access(cur: duckdb.DuckDBPyConnection, household_id: int, now: datetime | None = None) -> bytes:
    """The household's own data as an Excel workbook, answered at once; recorded and audited."""
    now = now or now_utc()
    data = household_data(cur, household_id)
    if data["nguoi"].empty:
        raise NotFoundError("err.household_not_found")
    rows = sum(len(frame) for frame in data.values())
    cur.execute(
        "INSERT INTO data_requests (household_id, kind, requested_at, due_at, status, handled_at) VALUES (?, 'access', ?, ?, 'done', ?)",
        [household_id, now, now, now],
    )
    audit.record(cur, None, "data_access", target=f"household {household_id}", row_count=rows)
    return spreadsheets.xlsx_workbook(data)


def request_deletion(cur: duckdb.DuckDBPyConnection, household_id: int, now: datetime | None = None) -> datetime:
    """Record a deletion request (one open request per household); returns its deadline."""
    now = now or now_utc()
    open_one = cur.execute(
        "SELECT due_at FROM data_requests WHERE household_id = ? AND kind = 'deletion' AND status = 'open'", [household_id]
    ).fetchone()
    if open_one:
        return open_one[0]
    due = working_days_after(now, ANSWER_WITHIN_WORKING_DAYS)
    cur.execute(
        "INSERT INTO data_requests (household_id, kind, requested_at, due_at, status) VALUES (?, 'deletion', ?, ?, 'open')",
        [household_id, now, due],
    )
    audit.record(cur, None, "data_deletion_requested", target=f"household {household_id}")
    return due


def list_requests(cur: duckdb.DuckDBPyConnection, user: User, now: datetime | None = None) -> pd.DataFrame:
    """Requests for the administrator, open ones first by deadline, with whether they are overdue."""
    _require_handler(user)
    return frame_of(
        cur.execute(
            "SELECT request_id, household_id, kind, requested_at, due_at, status, handled_at, note,"
            " status = 'open' AND due_at < $now AS overdue FROM data_requests"
            " ORDER BY status <> 'open', due_at, request_id",
            {"now": now or now_utc()},
        )
    )


def carry_out_deletion(cur: duckdb.DuckDBPyConnection, user: User, request_id: int, now: datetime | None = None) -> int:
    """Delete the household's personal data (people, declarations, visits, follow-ups, closed cases with their
    notes) for an open request; refused while a member is a case under follow-up, which the law lets the health
    service keep. Returns rows."""
    _require_handler(user)
    row = cur.execute(
        "SELECT household_id FROM data_requests WHERE request_id = ? AND kind = 'deletion' AND status = 'open'", [request_id]
    ).fetchone()
    if row is None:
        raise NotFoundError("rights.unknown_request")
    household = {"h": int(row[0])}
    if cur.execute(
        "SELECT 1 FROM cases c JOIN people p USING (person_id) WHERE p.household_id = $h AND c.status = 'open'", household
    ).fetchone():
        raise ConflictError("rights.open_case")
    deleted = 0
    with transaction(cur):
        for table in ("checkins", "declarations", "risk_followups", "self_checkin_log", "door_decisions", "door_scans", "cases"):
            deleted += int(
                scalar(
                    cur.execute(f"DELETE FROM {table} WHERE person_id IN (SELECT person_id FROM people WHERE household_id = $h)", household)
                )
            )
        for copy in ("visits_by_person", "open_visits"):  # tracing's copy of their check-ins, the door's row per person
            cur.execute(f"DELETE FROM {copy} WHERE person_id IN (SELECT person_id FROM people WHERE household_id = $h)", household)
        deleted += int(scalar(cur.execute("DELETE FROM people WHERE household_id = $h", household)))
        cur.execute(
            "UPDATE data_requests SET status = 'done', handled_by = ?, handled_at = ? WHERE request_id = ?",
            [user.user_id, now or now_utc(), request_id],
        )
        audit.record(cur, user, "data_deleted", target=f"household {household['h']}", row_count=deleted)
    return deleted


def _require_handler(user: User) -> None:
    if user.role not in HANDLERS:
        raise PermissionDeniedError("err.forbidden")
