"""Contact tracing: from a confirmed case to the people who were with them.

For every visit of the case in the window, everyone whose stay at the same venue overlapped it by at least
`min_overlap_minutes` is an F1 contact ("overlap"); those who arrived within `after_minutes` after the case
left are a lower level ("after"). The case's own household are contacts whatever the visits say. Stays use
the door's rules: the recorded check-out, else the venue's default stay capped at 24 h (EFFECTIVE_OUT), so
open visits and visits closed by a check-in elsewhere need nothing special. The next ring (F2) is the same
computation from the F1 people's visits, never repeating an F1 person or the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from lib import audit
from lib.auth_types import User
from lib.cases import default_window, get_case, require_tracer
from lib.checkins import EFFECTIVE_OUT, MAX_STAY_HOURS

HOUSEHOLD, OVERLAP, AFTER = "household", "overlap", "after"
RANK = {HOUSEHOLD: 3, OVERLAP: 2, AFTER: 1}
SUMMARY_COLUMNS = ("person_id", "full_name", "birth_year", "phone", "ward_code", "level", "overlap_minutes", "visits",
                   "where", "has_followup")


@dataclass(frozen=True)
class TraceRules:
    min_overlap_minutes: int = 15
    after_minutes: int = 60


@dataclass(frozen=True)
class Trace:
    case: dict
    since: datetime
    until: datetime
    visits: pd.DataFrame      # the sources' visits in the window (venue, start, end)
    exposures: pd.DataFrame   # one row per (contact, source visit): their stay, overlap minutes, level
    contacts: pd.DataFrame    # one row per contact person, strongest exposure first


def visits_of(cur: duckdb.DuckDBPyConnection, people: list[int], since: datetime, until: datetime) -> pd.DataFrame:
    """Visits of these people whose stay meets [since, until), with the venue's name and ward."""
    return cur.execute(
        "SELECT c.checkin_id AS visit_id, c.person_id AS source_id, c.venue_id, v.name AS venue_name, v.address,"
        f" v.ward_code, c.checked_in_at AS started, {EFFECTIVE_OUT} AS ended, c.closed_by"
        " FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        " WHERE list_contains($people, c.person_id) AND c.checked_in_at < $until"
        f" AND c.checked_in_at > $earliest AND {EFFECTIVE_OUT} > $since ORDER BY c.checked_in_at",
        {"people": people, "since": since, "until": until, "earliest": since - timedelta(hours=MAX_STAY_HOURS)},
    ).df()


def exposures_to(cur: duckdb.DuckDBPyConnection, visits: pd.DataFrame, exclude: list[int], rules: TraceRules) -> pd.DataFrame:
    """Everyone else at the same venues whose stay overlapped a source visit by the threshold, or who came
    within `after_minutes` after it ended. One statement; the constant time bounds let DuckDB skip the
    row groups outside the window."""
    if visits.empty:
        return pd.DataFrame(columns=["visit_id", "source_id", "person_id", "venue_id", "started", "ended",
                                     "overlap_minutes", "level"])
    after = timedelta(minutes=rules.after_minutes)
    return cur.execute(
        "WITH src AS (SELECT unnest($ids) AS visit_id, unnest($sources) AS source_id, unnest($venues) AS venue_id,"
        " unnest($starts::TIMESTAMPTZ[]) AS s, unnest($ends::TIMESTAMPTZ[]) AS e),"
        " stays AS (SELECT src.visit_id, src.source_id, c.person_id, c.venue_id, c.checked_in_at AS started,"
        f" {EFFECTIVE_OUT} AS ended, src.s, src.e FROM checkins c JOIN venues v ON v.venue_id = c.venue_id"
        " JOIN src ON src.venue_id = c.venue_id"
        " WHERE list_contains($venue_list, c.venue_id) AND c.checked_in_at >= $lo AND c.checked_in_at <= $hi"
        " AND NOT list_contains($exclude, c.person_id)"
        " AND c.checked_in_at <= src.e + $after AND c.checked_in_at > src.s - INTERVAL 24 HOUR),"
        " scored AS (SELECT *, epoch(least(ended, e) - greatest(started, s)) / 60.0 AS overlap FROM stays)"
        " SELECT visit_id, source_id, person_id, venue_id, started, ended,"
        " CAST(floor(greatest(overlap, 0)) AS INTEGER) AS overlap_minutes,"
        " CASE WHEN overlap >= $min_overlap THEN 'overlap' ELSE 'after' END AS level FROM scored"
        " WHERE overlap >= $min_overlap OR (started >= e AND started <= e + $after)"
        " ORDER BY person_id, started",
        {"ids": visits["visit_id"].tolist(), "sources": visits["source_id"].tolist(),
         "venues": visits["venue_id"].tolist(), "starts": visits["started"].tolist(), "ends": visits["ended"].tolist(),
         "venue_list": sorted(set(visits["venue_id"])), "exclude": exclude, "after": after,
         "lo": visits["started"].min().to_pydatetime() - timedelta(hours=MAX_STAY_HOURS),
         "hi": visits["ended"].max().to_pydatetime() + after, "min_overlap": rules.min_overlap_minutes},
    ).df()


def summarise(cur: duckdb.DuckDBPyConnection, exposures: pd.DataFrame, household: list[int]) -> pd.DataFrame:
    """One row per contact: strongest level, longest overlap, where and when (local time), phone, and whether
    a follow-up is already open; in SQL over the exposures frame (thousands of F2 rows, no Python loop)."""
    extra = pd.DataFrame({"person_id": household, "level": HOUSEHOLD, "overlap_minutes": 0})
    frame = pd.concat([exposures, extra], ignore_index=True) if household else exposures
    if frame.empty:   # nothing to group (and an empty frame has no column types for SQL)
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    frame = frame.assign(person_id=frame["person_id"].astype("int64"), rank=frame["level"].map(RANK).astype("int64"))
    cur.register("trace_exposures", frame[["person_id", "venue_id", "started", "overlap_minutes", "rank"]])
    try:
        return cur.execute(
            "SELECT e.person_id, p.full_name, p.birth_year, coalesce(p.phone, p.owner_phone) AS phone, p.ward_code,"
            " CASE max(e.rank) WHEN 3 THEN 'household' WHEN 2 THEN 'overlap' ELSE 'after' END AS level,"
            " CAST(max(e.overlap_minutes) AS INTEGER) AS overlap_minutes, count(e.venue_id) AS visits,"
            " coalesce(string_agg(v.name || ' ' || strftime(timezone('Asia/Ho_Chi_Minh', e.started), '%d/%m/%Y %H:%M'),"
            " '; ' ORDER BY e.started), '') AS \"where\", bool_or(f.person_id IS NOT NULL) AS has_followup"
            " FROM trace_exposures e JOIN people p ON p.person_id = e.person_id"
            " LEFT JOIN venues v ON v.venue_id = e.venue_id"
            " LEFT JOIN (SELECT DISTINCT person_id FROM risk_followups WHERE status <> 'cleared') f"
            " ON f.person_id = e.person_id"
            " GROUP BY e.person_id, p.full_name, p.birth_year, p.phone, p.owner_phone, p.ward_code"
            " ORDER BY max(e.rank) DESC, overlap_minutes DESC, p.full_name").df()
    finally:
        cur.unregister("trace_exposures")


def trace_case(cur: duckdb.DuckDBPyConnection, user: User, case_id: int, rules: TraceRules,
               since: datetime | None = None, until: datetime | None = None, now: datetime | None = None) -> Trace:
    """The F1 list of a case (audited: who traced which case, how many contacts came out)."""
    case = get_case(cur, user, case_id)
    default_since, default_until = default_window(case, now)
    since, until = since or default_since, until or default_until
    person = int(case["person_id"])
    household = [r[0] for r in cur.execute("SELECT person_id FROM people WHERE household_id = ? AND person_id <> ?",
                                           [case["household_id"], person]).fetchall()]
    visits = visits_of(cur, [person], since, until)
    exposures = exposures_to(cur, visits, [person], rules)
    contacts = summarise(cur, exposures, household)
    audit.record(cur, user, "trace_case", target=str(case_id), row_count=len(contacts),
                 details={"since": since.isoformat(), "until": until.isoformat(), "min_overlap": rules.min_overlap_minutes})
    return Trace(case, since, until, visits, exposures, contacts)


def second_ring(cur: duckdb.DuckDBPyConnection, user: User, trace: Trace, f1: list[int], rules: TraceRules) -> pd.DataFrame:
    """F2: contacts of the given F1 people over the same window, without the case or any F1 person."""
    require_tracer(user)
    visits = visits_of(cur, f1, trace.since, trace.until)
    exposures = exposures_to(cur, visits, [int(trace.case["person_id"]), *f1], rules)
    contacts = summarise(cur, exposures, [])
    audit.record(cur, user, "trace_second_ring", target=str(trace.case["case_id"]), row_count=len(contacts),
                 details={"f1": len(f1)})
    return contacts
