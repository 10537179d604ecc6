"""The demo city's visits, generated in bulk SQL: draws of (venue, person) at each venue's hours, thinned by the
weekend factor, inserted in one pass sorted by local day and venue. Uses the seeded `rnd` macro and the
demo_venues / demo_people tables that lib.demo.city sets up first."""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from lib.checkins.visits import MAX_STAY_HOURS
from lib.platform.db import reserve_ids, scalar
from lib.platform.times import UTC_OFFSET_SECONDS

# The demo's visits, drawn: `draws` (venue, person) pairs, the venue by its pull (through demo_buckets), each at the
# venue's hours
# of a day within `days` (temporary venues on their event day), with a stay around the venue's default.
# Epoch-second arithmetic: adding day intervals to TIMESTAMPTZ goes through the calendar and is ~10x slower.
# Weekend factor w: busier at weekends (w > 1) thins weekdays by 1/w, quieter ones thin weekends by w; the local
# weekday is that of the local wall-clock seconds (Vietnam is UTC+7 all year, lib.platform.times).
_VISITS = f"""
WITH draws AS (
    SELECT k, b.vi, floor(rnd(k, 'p') * $people)::BIGINT AS pi
    FROM range($draws) t(k) JOIN demo_buckets b ON b.b = floor(rnd(k, 'v') * $buckets)::BIGINT
),
timed AS (
    SELECT g.k, g.pi, v.venue_id, v.vrank, v.stay, v.weekend, v.quiet_days,
           CASE WHEN v.temporary THEN v.event_day ELSE floor(rnd(g.k, 'd') * $days)::INTEGER END AS day_back,
           CASE WHEN v.second_h IS NOT NULL AND rnd(g.k, 'm') < 0.5 THEN v.second_h ELSE v.start_h END
             + v.span_h * (rnd(g.k, 'h1') + rnd(g.k, 'h2')) / 2 AS hour
    FROM draws g JOIN demo_venues v ON v.vi = g.vi
),
seconds AS (
    SELECT *, $today_s - day_back * 86400 + hour * 3600 AS in_s, (stay * (0.4 + 1.2 * rnd(k, 's')))::INTEGER * 60 AS stay_s
    FROM timed
)
SELECT k, pi, venue_id, vrank, day_back, in_s, stay_s
FROM seconds
WHERE in_s <= $now_s AND day_back >= quiet_days
  AND rnd(k, 'wk') < CASE WHEN dayofweek(to_timestamp(in_s + {UTC_OFFSET_SECONDS})) IN (0, 6)
                          THEN least(1.0, weekend) ELSE least(1.0, 1.0 / weekend) END
"""


def _pull_buckets(cur: duckdb.DuckDBPyConnection) -> int:
    """demo_buckets(b, vi): the unit interval cut into equal buckets, each given to the venue whose pull slice
    holds its middle, so a draw finds its venue with an equi-join on a small table (a range or ASOF join of
    millions of draws would sort them all). 256 buckets per venue on average: a venue drawing a small
    fraction of that (a household) may get none, which is what its pull says anyway."""
    buckets = max(1 << 16, 256 * int(scalar(cur.execute("SELECT count(*) FROM demo_venues"))))
    cur.execute(
        """
CREATE OR REPLACE TEMP TABLE demo_buckets AS
SELECT t.b, v.vi FROM range($buckets) t(b) ASOF JOIN demo_venues v ON (t.b + 0.5) / $buckets >= v.draw_lo
""",
        {"buckets": buckets},
    )
    return buckets


def generate_visits(cur: duckdb.DuckDBPyConnection, target: int, people: int, days: int, now: datetime, today: datetime) -> int:
    """About `target` visits over the last `days` days, in one pass sorted by local day and venue.

    Draws are thinned by the weekend factor and by "not in the future"; the share kept is measured on a
    sample first so the total lands near the target without a second pass over the data.
    """
    buckets = _pull_buckets(cur)
    params = {"people": people, "buckets": buckets, "days": days, "today_s": today.timestamp(), "now_s": now.timestamp()}
    sample = min(max(target, 1), 200_000)
    kept = scalar(cur.execute(f"SELECT count(*) FROM ({_VISITS})", {**params, "draws": sample}))
    draws = int(target * sample / max(kept, 1))
    first = reserve_ids(cur, "checkins_seq", draws)
    first_person = scalar(cur.execute("SELECT min(person_id) FROM demo_people"))
    # each local day's visits sorted by venue: row groups then cover few venues, so a venue's visits on a day
    # (contact tracing) are read from a row group or two, and time ranges still prune by day
    cur.execute(
        f"""
INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, checked_out_at, method, closed_by)
SELECT $first + k, $first_person + pi, venue_id, to_timestamp(in_s),
       CASE WHEN rnd(k, 'open') < 0.08 OR in_s + stay_s > $now_s THEN NULL ELSE to_timestamp(in_s + stay_s) END,
       CASE WHEN rnd(k, 'meth') < 0.75 THEN 'staff_scan' WHEN rnd(k, 'meth') < 0.95 THEN 'self_scan' ELSE 'id_card' END,
       CASE WHEN rnd(k, 'open') < 0.08 OR in_s + stay_s > $now_s THEN NULL ELSE 'scan' END
FROM ({_VISITS}) visits
ORDER BY day_back DESC, vrank, in_s, k
""",
        {**params, "draws": draws, "first": first, "first_person": first_person},
    )
    cur.execute("DROP TABLE demo_buckets")
    _close_left_open(cur, now - timedelta(hours=MAX_STAY_HOURS + 1))
    return int(scalar(cur.execute("SELECT count(*) FROM checkins WHERE checkin_id >= ?", [first])))


def _close_left_open(cur: duckdb.DuckDBPyConnection, since: datetime) -> None:
    """Close each open visit of the last day that its person followed with another visit, at that visit's start,
    as the door does ('checkin_elsewhere'). The draws are independent, so a person could be left "inside" twice
    at the same market: the door's list then said one more person inside than its counter (which counts people).
    Older open visits count nowhere (the door closes them at the venue's stay)."""
    cur.execute(
        """
        UPDATE checkins
        SET checked_out_at = later.next_in,
            closed_by = 'checkin_elsewhere'
        FROM (
            SELECT left_open.checkin_id, min(next_visit.checked_in_at) AS next_in
            FROM checkins AS left_open
            JOIN checkins AS next_visit
              ON next_visit.person_id = left_open.person_id
             AND next_visit.checked_in_at > left_open.checked_in_at
             AND next_visit.checked_in_at > $since  -- said again: the join then reads only the last day's visits
            WHERE left_open.checked_out_at IS NULL
              AND left_open.checked_in_at > $since
            GROUP BY left_open.checkin_id
        ) AS later
        WHERE checkins.checkin_id = later.checkin_id
        """,
        {"since": since},
    )
