"""The peer benchmark's PostgreSQL statements (bench/peer.py), each returning exactly what the project's side
returns: F1 and F2 contacts (lib.tracing.contacts) row for row in the same order, the door's check-in
transaction (find the open visit, close it, insert the check-in), and the raw check-ins per day per ward.
"""

from __future__ import annotations

from lib.checkins.visits import MAX_STAY_HOURS
from lib.platform.times import local_day_sql

# lib.tracing.contacts in one statement: the sources' visits meeting the window, everyone else's stays at the
# same venue that started from 24 h before a visit to `after` past its end (index on venue_id, checked_in_at),
# scored like _exposures_query, the household added (F1), and summarised like _SUMMARY: strongest first, "where"
# in local time sorted by (time, name) in byte order as DuckDB sorts strings.
CONTACTS = f"""
WITH visits AS (
    SELECT c.venue_id, v.name AS venue_name, least(v.default_stay_minutes, {MAX_STAY_HOURS * 60}) AS stay,
           c.checked_in_at AS s,
           coalesce(c.checked_out_at, c.checked_in_at + make_interval(mins => least(v.default_stay_minutes, {MAX_STAY_HOURS * 60}))) AS e
    FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
    WHERE c.person_id = ANY(%(sources)s) AND c.checked_in_at < %(until)s AND c.checked_in_at > %(earliest)s
),
stays AS (
    SELECT o.person_id, x.venue_name, x.s, x.e, o.checked_in_at AS started,
           coalesce(o.checked_out_at, o.checked_in_at + make_interval(mins => x.stay)) AS ended
    FROM visits x JOIN checkins o ON o.venue_id = x.venue_id
     AND o.checked_in_at > x.s - INTERVAL '{MAX_STAY_HOURS} hours' AND o.checked_in_at <= x.e + %(after)s
    WHERE x.e > %(since)s AND o.person_id <> ALL(%(exclude)s)
),
scored AS (
    SELECT *, extract(epoch FROM least(ended, e) - greatest(started, s)) / 60 AS overlap FROM stays
),
exposures AS (
    SELECT person_id, venue_name, started, floor(greatest(overlap, 0))::integer AS overlap_minutes,
           CASE WHEN overlap >= %(min_overlap)s THEN 2 ELSE 1 END AS rank
    FROM scored
    WHERE overlap >= %(min_overlap)s OR (started >= e AND started <= e + %(after)s)
    UNION ALL
    SELECT person_id, NULL, NULL, 0, 3 FROM people WHERE household_id = %(household)s AND person_id <> ALL(%(exclude)s)
),
agg AS (
    SELECT person_id, max(rank) AS rank, max(overlap_minutes) AS overlap_minutes, count(venue_name) AS visits,
           coalesce(string_agg(venue_name || ' ' || to_char(started AT TIME ZONE 'Asia/Ho_Chi_Minh', 'DD/MM/YYYY HH24:MI'), '; '
                               ORDER BY started, venue_name COLLATE "C"), '') AS "where"
    FROM exposures
    GROUP BY person_id
)
SELECT a.person_id, p.full_name, p.birth_year, coalesce(p.phone, p.owner_phone) AS phone, p.scheme AS ward_scheme, p.ward_code,
       CASE a.rank WHEN 3 THEN 'household' WHEN 2 THEN 'overlap' ELSE 'after' END AS level,
       a.overlap_minutes, a.visits, a."where",
       a.person_id IN (SELECT person_id FROM risk_followups WHERE status <> 'cleared') AS has_followup
FROM agg a JOIN people p ON p.person_id = a.person_id
ORDER BY a.rank DESC, a.overlap_minutes DESC, a.visits DESC, a.person_id
"""

# One door scan moving a person to another venue, as one transaction: the open visit of the last 24 h closed
# (index on person_id, checked_in_at), the check-in inserted.
DOOR_SCAN = f"""
WITH closed AS (
    UPDATE checkins SET checked_out_at = now(), closed_by = 'checkin_elsewhere'
    WHERE person_id = %(person)s AND checked_out_at IS NULL AND checked_in_at > now() - INTERVAL '{MAX_STAY_HOURS} hours'
    RETURNING checkin_id
)
INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, method, recorded_by)
VALUES (nextval('checkins_seq'), %(person)s, %(venue)s, now(), 'staff_scan', %(user)s)
"""

# Check-ins per local day per ward from the raw rows, on each side.
WARD_DAYS_PG = """
SELECT (c.checked_in_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date AS day, v.ward_code, count(*) AS checkins
FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
GROUP BY 1, 2
ORDER BY 1, 2
"""
WARD_DAYS_DUCKDB = f"""
SELECT {local_day_sql("c.checked_in_at")} AS day, v.ward_code, count(*) AS checkins
FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
GROUP BY 1, 2
ORDER BY 1, 2
"""


def contacts_params(trace, sources: list[int], exclude: list[int], rules, household: int | None) -> dict:
    """The parameters of CONTACTS for a trace's window and rules; `household` None for F2."""
    from datetime import timedelta

    return {
        "sources": sources,
        "exclude": exclude,
        "since": trace.since,
        "until": trace.until,
        "earliest": trace.since - timedelta(hours=MAX_STAY_HOURS),
        "after": timedelta(minutes=rules.after_minutes),
        "min_overlap": rules.min_overlap_minutes,
        "household": household,
    }
