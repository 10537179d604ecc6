"""Confirmed cases (F0) registered by health officers: who, when tested, symptom onset, when isolated.
Only roles that may open the tracing page may read or write them (checked here, not by hiding buttons),
and every change is audited."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime, time, timedelta
from enum import StrEnum

import duckdb
import pandas as pd

from lib.access import audit
from lib.access.permissions import may_open
from lib.access.users import User
from lib.platform.db import scalar
from lib.platform.errors import FormErrors, InvalidInputError, NotFoundError, PermissionDeniedError
from lib.platform.frames import frame_of
from lib.platform.times import LOCAL_TZ, now_utc, to_local
from lib.platform.validation import clean_text


class CaseStatus(StrEnum):
    """A confirmed case's state, equal to `cases.status`: a closed case's contacts stay traceable."""

    OPEN = "open"
    CLOSED = "closed"


WINDOW_DAYS_BEFORE = 2  # contacts are sought from 2 days before onset (or the test, if earlier)


@dataclass(frozen=True)
class CaseInput:
    person_id: int
    test_date: date
    onset_date: date | None = None
    isolated_at: datetime | None = None
    notes: str = ""


@dataclass(frozen=True)
class Case:
    """One confirmed case as the tracing page and the trace read it: the `cases` row with the person's name
    and household."""

    case_id: int
    person_id: int
    test_date: date
    onset_date: date | None
    isolated_at: datetime | None
    status: str  # a CaseStatus
    notes: str | None
    created_by: int | None
    created_at: datetime
    closed_at: datetime | None
    full_name: str
    household_id: int


# the select list of a Case: the row of `cases` (k), then the person's name and household (p)
_CASE_COLUMNS = ", ".join(f"p.{f.name}" if f.name in ("full_name", "household_id") else f"k.{f.name}" for f in fields(Case))


def require_tracer(user: User) -> None:
    """Cases and contacts are for health officers (and the admin); a ward chair gets nothing at all."""
    if not may_open(user, "tracing"):
        raise PermissionDeniedError("err.forbidden")


def validate(data: CaseInput, now: datetime | None = None) -> CaseInput:
    """Dates not in the future, onset at most 30 days before the test, isolation not before the window."""
    today = to_local(now or now_utc()).date()
    errors: dict[str, InvalidInputError] = {}
    if data.test_date > today:
        errors["test_date"] = InvalidInputError("val.future_date", field="test_date")
    if data.onset_date and data.onset_date > today:
        errors["onset_date"] = InvalidInputError("val.future_date", field="onset_date")
    elif data.onset_date and data.onset_date < data.test_date - timedelta(days=30):
        errors["onset_date"] = InvalidInputError("val.onset_too_early", field="onset_date")
    if data.isolated_at and data.isolated_at > (now or now_utc()):
        errors["isolated_at"] = InvalidInputError("val.future_date", field="isolated_at")
    try:
        notes = clean_text(data.notes, "notes", 1000, required=False)
    except InvalidInputError as err:
        errors["notes"], notes = err, ""
    if errors:
        raise FormErrors(errors)
    return CaseInput(data.person_id, data.test_date, data.onset_date, data.isolated_at, notes)


def create_case(cur: duckdb.DuckDBPyConnection, user: User, data: CaseInput, now: datetime | None = None) -> int:
    """Register a confirmed case; NotFoundError for an unknown person."""
    require_tracer(user)
    data = validate(data, now)
    if not cur.execute("SELECT 1 FROM people WHERE person_id = ?", [data.person_id]).fetchone():
        raise NotFoundError("err.household_not_found")
    case_id = int(
        scalar(
            cur.execute(
                "INSERT INTO cases (case_id, person_id, test_date, onset_date, isolated_at, notes, created_by)"
                " VALUES (nextval('cases_seq'), ?, ?, ?, ?, ?, ?) RETURNING case_id",
                [data.person_id, data.test_date, data.onset_date, data.isolated_at, data.notes, user.user_id],
            )
        )
    )
    audit.record(cur, user, "create_case", target=str(case_id), row_count=1, details={"person_id": data.person_id})
    return case_id


def update_case(cur: duckdb.DuckDBPyConnection, user: User, case_id: int, data: CaseInput, now: datetime | None = None) -> None:
    """Correct the dates or notes of a case (the person stays the same)."""
    get_case(cur, user, case_id)
    data = validate(data, now)
    cur.execute(
        "UPDATE cases SET test_date = ?, onset_date = ?, isolated_at = ?, notes = ? WHERE case_id = ?",
        [data.test_date, data.onset_date, data.isolated_at, data.notes, case_id],
    )
    audit.record(cur, user, "update_case", target=str(case_id), row_count=1)


def close_case(cur: duckdb.DuckDBPyConnection, user: User, case_id: int, now: datetime | None = None) -> None:
    """Close a case (recovered, transferred); its contacts stay traceable for the record."""
    get_case(cur, user, case_id)
    cur.execute("UPDATE cases SET status = ?, closed_at = ? WHERE case_id = ?", [CaseStatus.CLOSED, now or now_utc(), case_id])
    audit.record(cur, user, "close_case", target=str(case_id), row_count=1)


def get_case(cur: duckdb.DuckDBPyConnection, user: User, case_id: int) -> Case:
    """One case with the person's name; NotFoundError if there is none."""
    require_tracer(user)
    row = cur.execute(
        f"SELECT {_CASE_COLUMNS} FROM cases k JOIN people p ON p.person_id = k.person_id WHERE k.case_id = ?", [case_id]
    ).fetchone()
    if row is None:
        raise NotFoundError("err.case_unknown")
    return Case(*row)


def list_cases(cur: duckdb.DuckDBPyConnection, user: User, status: str | None = None) -> pd.DataFrame:
    """Cases, newest test first, optionally only open or closed ones."""
    require_tracer(user)
    return frame_of(
        cur.execute(
            "SELECT k.case_id, k.person_id, p.full_name, p.birth_year, k.test_date, k.onset_date, k.isolated_at, k.status"
            " FROM cases k JOIN people p USING (person_id) WHERE $status IS NULL OR k.status = $status"
            " ORDER BY k.test_date DESC, k.case_id DESC",
            {"status": status},
        )
    )


def default_window(case: Case, now: datetime | None = None) -> tuple[datetime, datetime]:
    """From local midnight two days before onset (or the test, if earlier) until isolation (or now)."""
    first = min(d for d in (case.test_date, case.onset_date) if d is not None)
    if isinstance(first, datetime):
        first = first.date()
    since = datetime.combine(first - timedelta(days=WINDOW_DAYS_BEFORE), time(0), tzinfo=LOCAL_TZ)
    until = case.isolated_at or case.closed_at or now or now_utc()
    return since, until
