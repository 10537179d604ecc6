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
from enum import StrEnum

import duckdb
import pandas as pd
import pyarrow as pa

from lib.access import audit
from lib.access.users import User
from lib.checkins import storage_order
from lib.checkins.visits import EFFECTIVE_OUT, MAX_STAY_HOURS, effective_out
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.times import local_timestamp_sql
from lib.platform.validation import clean_text
from lib.tracing import stays
from lib.tracing.cases import Case, default_window, get_case, require_tracer


class ContactLevel(StrEnum):
    """How a contact met the case: the `level` column of a trace, equal to the strings its SQL writes."""

    HOUSEHOLD = "household"  # lives with the case
    OVERLAP = "overlap"  # F1: at a venue with the case for at least the minimum overlap
    AFTER = "after"  # arrived within the after-window once the case had left


HOUSEHOLD, OVERLAP, AFTER = ContactLevel.HOUSEHOLD, ContactLevel.OVERLAP, ContactLevel.AFTER  # the names callers use
SUMMARY_COLUMNS = (
    "person_id",
    "full_name",
    "birth_year",
    "phone",
    "ward_scheme",
    "ward_code",
    "level",
    "overlap_minutes",
    "visits",
    "where",
    "has_followup",
)


@dataclass(frozen=True)
class TraceRules:
    min_overlap_minutes: int = 15
    after_minutes: int = 60


@dataclass(frozen=True)
class Trace:
    case: Case
    since: datetime
    until: datetime
    visits: pd.DataFrame  # the sources' visits in the window (venue, start, end)
    exposures: pd.DataFrame  # one row per (contact, source visit): their stay, overlap minutes, level
    contacts: pd.DataFrame  # one row per contact person, strongest exposure first


# The person-ordered copy of settled days (lib.checkins.storage_order) holds one person's visits in a row group per
# day: a case's own visits in about 25 ms instead of 55 ms at province size. Each further person adds row
# groups, and the copy's rows (venues in random order) cost more to decode than the venue-ordered check-ins:
# for F2's 200 people every row group is read and the check-ins alone are faster (0.3 s against 0.5 s).
COPY_SERVES_UP_TO = 4


# The visits of $people whose stay meets [$since, $until): days before $copied from the person-ordered copy, the
# rest from the check-ins. The person filter is written in each branch: the join's min/max filter on person_id
# reaches a scan (and its zone maps) only from there.
_VISITS_OF = f"""
WITH visits AS (
    SELECT {storage_order.COPY_COLUMNS} FROM visits_by_person
    WHERE checked_in_at < $copied AND person_id IN (SELECT unnest($people))
    UNION ALL
    SELECT {storage_order.COPY_COLUMNS} FROM checkins
    WHERE checked_in_at >= $copied AND person_id IN (SELECT unnest($people))
)
SELECT c.checkin_id AS visit_id, c.person_id AS source_id, c.venue_id, v.name AS venue_name, v.address,
       v.scheme AS ward_scheme, v.ward_code, v.default_stay_minutes AS stay, c.checked_in_at AS started, {EFFECTIVE_OUT} AS ended,
       c.closed_by
FROM visits c JOIN venues v ON v.venue_id = c.venue_id
WHERE c.checked_in_at < $until AND c.checked_in_at > $earliest AND {EFFECTIVE_OUT} > $since
ORDER BY c.checked_in_at
"""


def visits_of(cur: duckdb.DuckDBPyConnection, people: list[int], since: datetime, until: datetime) -> pd.DataFrame:
    """Visits of these people whose stay meets [since, until), with the venue's name, ward and default stay:
    settled days from the person-ordered copy for a few people, everything else from the check-ins."""
    copied = storage_order.copied_until(cur) if len(people) <= COPY_SERVES_UP_TO else storage_order.NOTHING_COPIED
    earliest = since - timedelta(hours=MAX_STAY_HOURS)
    return frame_of(cur.execute(_VISITS_OF, {"people": people, "since": since, "until": until, "earliest": earliest, "copied": copied}))


EXPOSURE_COLUMNS = ["visit_id", "source_id", "person_id", "venue_id", "venue_name", "started", "ended", "overlap_minutes", "level"]


def _exposures_query(visits: pd.DataFrame, exclude: list[int], rules: TraceRules) -> tuple[str, dict]:
    """SQL (and parameters) of the exposures: everyone else at the same venues whose stay overlapped a source
    visit by the threshold, or who came within `after_minutes` after it ended."""
    after = timedelta(minutes=rules.after_minutes)
    sources, params = stays.sources(visits)
    stays_sql, more = (stays.pruned_stays if len(visits) <= stays.PRUNED_SCANS_UP_TO else stays.day_joined_stays)(visits, after)
    sql = f"""
WITH {sources},
{stays_sql},
candidates AS (
    SELECT visit_id, source_id, s, e, person_id, venue_id, venue_name, checked_in_at AS started,
           {effective_out("stay")} AS ended
    FROM stays c
),
scored AS (
    SELECT *, (least(epoch_us(ended), epoch_us(e)) - greatest(epoch_us(started), epoch_us(s))) / 60e6 AS overlap
    FROM candidates
    WHERE person_id NOT IN (SELECT unnest($exclude))
)
SELECT visit_id, source_id, person_id, venue_id, venue_name, started, ended,
       CAST(floor(greatest(overlap, 0)) AS INTEGER) AS overlap_minutes,
       CASE WHEN overlap >= $min_overlap THEN 'overlap' ELSE 'after' END AS level
FROM scored
WHERE overlap >= $min_overlap OR (started >= e AND epoch_us(started) <= epoch_us(e) + $after_us)
"""
    return sql, {
        **params,
        **more,
        "exclude": exclude,
        "after_us": int(after.total_seconds()) * 1_000_000,
        "min_overlap": rules.min_overlap_minutes,
    }


def exposures_to(cur: duckdb.DuckDBPyConnection, visits: pd.DataFrame, exclude: list[int], rules: TraceRules) -> pd.DataFrame:
    """The exposures as rows (for the timeline): one per (contact, source visit)."""
    if visits.empty:
        return pd.DataFrame(columns=EXPOSURE_COLUMNS)
    sql, params = _exposures_query(visits, exclude, rules)
    return frame_of(cur.execute(f"{sql}ORDER BY person_id, started", params))


# One row per contact from a relation `exposures` (person_id, venue_name, started, overlap_minutes, level):
# aggregated first (small), then just those people fetched. Local times come from epoch arithmetic
# (lib.platform.times) rather than a per-row time-zone lookup. "Where" is a list sorted per person rather
# than an ordered string_agg, which DuckDB sorts group by group: 0.4 s instead of 3 s for F2's 400,000 people.
# Strongest first, then exposed at more places; ordering on integers only (a name as the last key cost F2
# 0.25 s of sorting).
_SUMMARY = f"""
agg AS (
    SELECT e.person_id,
           max(CASE e.level WHEN 'household' THEN 3 WHEN 'overlap' THEN 2 ELSE 1 END) AS rank,
           CAST(max(e.overlap_minutes) AS INTEGER) AS overlap_minutes,
           count(e.venue_name) AS visits,
           coalesce(array_to_string(list_transform(
               list_sort(list({{'t': e.started, 'v': e.venue_name}}) FILTER (e.venue_name IS NOT NULL)),
               x -> x.v || ' ' || strftime({local_timestamp_sql("x.t")}, '%d/%m/%Y %H:%M')
           ), '; '), '') AS "where"
    FROM exposures e
    GROUP BY e.person_id
)
SELECT a.person_id, p.full_name, p.birth_year, coalesce(p.phone, p.owner_phone) AS phone, p.scheme AS ward_scheme,
       p.ward_code,
       CASE a.rank WHEN 3 THEN 'household' WHEN 2 THEN 'overlap' ELSE 'after' END AS level,
       a.overlap_minutes, a.visits, a."where",
       a.person_id IN (SELECT person_id FROM risk_followups WHERE status <> 'cleared') AS has_followup
FROM agg a JOIN people p ON p.person_id = a.person_id
ORDER BY a.rank DESC, a.overlap_minutes DESC, a.visits DESC, a.person_id
"""


# The exposures' columns _SUMMARY reads, as the Arrow table it scans: DuckDB reads Arrow columns in place, where
# a registered pandas frame has each of its string cells converted (F1's 7,000 exposures at the `default` size:
# 22 ms of CPU to register and scan as pandas, 5 ms as Arrow, plus 1 ms for the conversion).
_SUMMARISED = pa.schema(
    [
        ("person_id", pa.int64()),
        ("venue_name", pa.string()),
        ("started", pa.timestamp("us", tz="UTC")),
        ("overlap_minutes", pa.int32()),
        ("level", pa.string()),
    ]
)


def summarise(cur: duckdb.DuckDBPyConnection, exposures: pd.DataFrame, household: list[int]) -> pd.DataFrame:
    """One row per contact: strongest level, longest overlap, where and when (local time), phone, and whether
    a follow-up is already open; the household members join as contacts whatever the visits say."""
    extra = pd.DataFrame({"person_id": household, "level": HOUSEHOLD, "overlap_minutes": 0})
    frame = pd.concat([exposures, extra], ignore_index=True) if household else exposures
    if frame.empty:  # nothing to group (and an empty frame has no column types for SQL)
        return pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    cur.register("trace_exposures", pa.Table.from_pandas(frame[list(_SUMMARISED.names)], schema=_SUMMARISED, preserve_index=False))
    try:
        return frame_of(cur.execute(f"WITH exposures AS (SELECT * FROM trace_exposures), {_SUMMARY}"))
    finally:
        cur.unregister("trace_exposures")


@parallel_work
def trace_case(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    case_id: int,
    rules: TraceRules,
    since: datetime | None = None,
    until: datetime | None = None,
    now: datetime | None = None,
    *,
    reason: str,
) -> Trace:
    """The F1 list of a case (audited: who traced which case, why, how many contacts came out). Raises
    InvalidInputError without a reason: a trace shows personal rows (Decree 356/2025: who looked, and why)."""
    reason = clean_text(reason, "reason", 300)
    case = get_case(cur, user, case_id)
    default_since, default_until = default_window(case, now)
    since, until = since or default_since, until or default_until
    person = int(case.person_id)
    household = [
        r[0]
        for r in cur.execute(
            "SELECT person_id FROM people WHERE household_id = ? AND person_id <> ?", [case.household_id, person]
        ).fetchall()
    ]
    visits = visits_of(cur, [person], since, until)
    exposures = exposures_to(cur, visits, [person], rules)
    contacts = summarise(cur, exposures, household)
    audit.record(
        cur,
        user,
        "trace_case",
        target=str(case_id),
        row_count=len(contacts),
        reason=reason,
        details={"since": since.isoformat(), "until": until.isoformat(), "min_overlap": rules.min_overlap_minutes},
    )
    return Trace(case, since, until, visits, exposures, contacts)


@parallel_work
def second_ring(cur: duckdb.DuckDBPyConnection, user: User, trace: Trace, f1: list[int], rules: TraceRules) -> pd.DataFrame:
    """F2: contacts of the given F1 people over the same window, without the case or any F1 person."""
    require_tracer(user)
    visits = visits_of(cur, f1, trace.since, trace.until)
    if visits.empty:
        contacts = pd.DataFrame(columns=list(SUMMARY_COLUMNS))
    else:  # hundreds of thousands of exposure rows at province scale: aggregated where they are, in SQL
        sql, params = _exposures_query(visits, [int(trace.case.person_id), *f1], rules)
        contacts = frame_of(cur.execute(f"WITH exposures AS ({sql}), {_SUMMARY}", params))
    audit.record(cur, user, "trace_second_ring", target=str(trace.case.case_id), row_count=len(contacts), details={"f1": len(f1)})
    return contacts
