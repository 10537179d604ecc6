"""Retention: personal data older than the retention period (30 days by default, like the platforms of 2021)
is deleted — check-ins, declarations, cases closed before the cut-off (with their notes), cleared follow-ups,
rate-limit logs, and people who have nothing left.

Every table of the schema is named here: in `_RULES` (counted) or `_UNCOUNTED` with the condition its rows are
deleted on, or in `KEPT` with why it has no retention rule (no personal data, or kept on purpose with its own
end). `tests/security/test_retention_rules.py` fails for a table that is in none of them.

The analytics keep what they need as non-personal hourly totals, which are made final before any check-in is
deleted. People in an open case (or one closed within the period), or with an open follow-up, are kept with
their data until that is over. Every purge is audited with its counts.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from lib.access import audit
from lib.analytics import hourly_totals
from lib.platform.db import scalar, transaction
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.times import local_day_sql, now_utc

# People still needed: in a case not closed before the cut-off, or with a follow-up that is not cleared.
_KEPT = (
    "SELECT person_id FROM cases WHERE status = 'open' OR closed_at >= $cutoff"
    " UNION SELECT person_id FROM risk_followups WHERE status <> 'cleared'"
)

# table -> condition (on that table's rows) for deletion
_RULES = {
    "checkins": f"checked_in_at < $cutoff AND person_id NOT IN ({_KEPT})",
    "declarations": f"declared_at < $cutoff AND person_id NOT IN ({_KEPT})"
    " AND declaration_id NOT IN (SELECT declaration_id FROM risk_followups"
    " WHERE declaration_id IS NOT NULL AND status <> 'cleared')",
    "cases": "status = 'closed' AND closed_at < $cutoff",  # the notes go with the case
    "risk_followups": "status = 'cleared' AND updated_at < $cutoff",
    "self_checkin_log": "logged_at < $cutoff",
    "household_lookups": "tried_at < $cutoff",
    # a mark still waiting for a second officer is kept while its case is open
    "exposure_marks": "requested_at < $cutoff"
    " AND (status <> 'pending' OR case_id NOT IN (SELECT case_id FROM cases WHERE status = 'open'))",
    "public_actions": "acted_at < $cutoff",
    "limit_counters": "window_start < $cutoff",
    "sign_in_failures": "updated_at < $cutoff AND (locked_until IS NULL OR locked_until < $cutoff)",
}
# Deleted with the rows above but not counted in the result (copies and records of other modules).
_UNCOUNTED = {
    "visits_by_person": _RULES["checkins"],  # tracing's copy (lib.checkins.storage_order), not counted twice
    # the door's row per person (lib.checkins.open_visits): goes when both its visits are past the period
    "open_visits": "coalesce(checked_in_at, left_in) < $cutoff AND coalesce(left_in, checked_in_at) < $cutoff",
    "door_decisions": "decided_at < $cutoff",  # the guard's choices for red people (lib.checkins.door)
    "door_scans": "scanned_at < $cutoff",  # the browser scanner's scan ids (lib.checkins.scans)
    "staff_sessions": "last_seen_at < $cutoff",  # sign-in records past use (lib.access.sessions)
}
# Tables without a retention rule, and why. A new table goes into a rule above or here, with its reason.
KEPT = {
    "schema_migrations": "no personal data: the migrations applied",
    "admin_units": "no personal data: the official administrative units",
    "ward_mapping": "no personal data: old ward to new ward",
    "users": "staff accounts, kept while the account exists (an administrator disables it); no resident's data",
    "venues": "the public register of venues; the registrant's name and phone are the venue's contact, kept while it is registered",
    "venue_staff": "no resident's data: which staff account may scan at which venue",
    "audit_log": "the accountability record the law asks for (who viewed or exported what, and why): ids, counts and"
    " masked or hashed search terms, never updated or deleted by the app",
    "code_checks": "no resident's data: which poster a staff account checked, and the result",
    "venue_hour_totals": "no personal data: visits per venue and local hour (lib.analytics.hourly_totals)",
    "totals_state": "no personal data: the progress of the day jobs",
    "expected_venues": "no personal data: venues expected per ward and category",
    "data_requests": "the proof that a household's request was answered in time (a household id, no personal"
    " values; the id names nobody once the household is erased)",
}


def purged_tables() -> set[str]:
    """The tables the purge deletes from, besides `people`."""
    return set(_RULES) | set(_UNCOUNTED) | {"people"}


# After the rows above: a person (whole households only) with nothing left and registered before the cut-off.
_PEOPLE = (
    "household_id IN (SELECT household_id FROM people GROUP BY household_id HAVING bool_and("
    " created_at < $cutoff"
    " AND person_id NOT IN (SELECT person_id FROM checkins)"
    " AND person_id NOT IN (SELECT person_id FROM declarations)"
    " AND person_id NOT IN (SELECT person_id FROM risk_followups)"
    f" AND person_id NOT IN ({_KEPT})))"
)


@dataclass(frozen=True)
class PurgeResult:
    cutoff: datetime
    checkins: int
    declarations: int
    cases: int
    risk_followups: int
    self_checkin_log: int
    household_lookups: int
    exposure_marks: int
    public_actions: int
    limit_counters: int
    sign_in_failures: int
    people: int


def cutoff_for(retention_days: int, now: datetime | None = None) -> datetime:
    """Rows older than this instant are past the retention period."""
    return (now or now_utc()) - timedelta(days=retention_days)


@parallel_work
def purge(cur: duckdb.DuckDBPyConnection, retention_days: int, now: datetime | None = None) -> PurgeResult:
    """Delete what is past retention in one transaction (all or nothing), after making the hourly totals of
    the days concerned final; audited as 'purge' with the counts."""
    now = now or now_utc()
    cutoff = cutoff_for(retention_days, now)
    hourly_totals.ensure_fresh(cur, now)
    counts: dict[str, int] = {}
    with transaction(cur):
        for table, condition in _RULES.items():
            counts[table] = _delete(cur, table, condition, cutoff)
        for table, condition in _UNCOUNTED.items():
            _delete(cur, table, condition, cutoff)
        counts["people"] = _delete(cur, "people", _PEOPLE, cutoff)
        result = PurgeResult(cutoff, **counts)
        audit.record(
            cur,
            None,
            "purge",
            target=f"{retention_days} days",
            row_count=sum(counts.values()),
            details={k: v for k, v in asdict(result).items() if k != "cutoff"} | {"cutoff": cutoff.isoformat()},
        )
    return result


def _delete(cur: duckdb.DuckDBPyConnection, table: str, condition: str, cutoff: datetime) -> int:
    params = {"cutoff": cutoff}
    return int(scalar(cur.execute(f"DELETE FROM {table} WHERE {condition}", params)))


def schedule(cur: duckdb.DuckDBPyConnection, retention_days: int, days: int = 7, now: datetime | None = None) -> pd.DataFrame:
    """What the next purges will delete: per local day in the coming `days`, the check-ins and declarations
    that pass the retention period that day (people kept by a case or an open follow-up excluded)."""
    now = now or now_utc()
    cutoff = cutoff_for(retention_days, now)
    until = cutoff + timedelta(days=days)
    rows = []
    for table, column in (("checkins", "checked_in_at"), ("declarations", "declared_at")):
        frame = frame_of(
            cur.execute(
                f"SELECT {local_day_sql(column)} + {int(retention_days)} AS day, count(*) AS n"  # no interval per row
                f" FROM {table} WHERE {column} < $until AND person_id NOT IN ({_KEPT}) GROUP BY day",
                {"until": until, "cutoff": cutoff},
            )
        )
        rows.append(frame.assign(kind=table))
    out = pd.concat(rows).pivot_table(index="day", columns="kind", values="n", aggfunc="sum", fill_value=0)
    return out.reindex(columns=["checkins", "declarations"], fill_value=0).reset_index()


def purge_history(cur: duckdb.DuckDBPyConnection, limit: int = 30) -> pd.DataFrame:
    """The last purges from the audit log: when, how many rows, and the counts per table (JSON)."""
    return frame_of(
        cur.execute(
            "SELECT occurred_at, row_count, details FROM audit_log WHERE action = 'purge' ORDER BY occurred_at DESC LIMIT ?", [limit]
        )
    )
