"""Ward compliance and adoption: which venues registered, printed and really use their code, which are silent
(with the phone to call), which posters need checking, and registered against expected counts.

Reports are in one administrative scheme. In the 2025 scheme an old (2021) ward is rolled up into the new ward
the official mapping merges it into; an old ward split between several new wards goes to the one it merged
into fully, otherwise to the lowest code, so every venue is counted exactly once. Scope is part of the SQL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb
import pandas as pd

from lib.access.scope import VENUES, Scope, venue_clause
from lib.platform import admin_units
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.times import now_utc, to_local

ACTIVE_DAYS = 7
CHECK_EVERY_DAYS = 30


@dataclass(frozen=True)
class Options:
    """Report scheme ('2021' or '2025') and how many days without a scan make a venue silent."""

    scheme: str = "2025"
    silent_days: int = 7


# the ward a venue (v) or an expected count (e) is reported under: old wards roll up only in a 2025 report
_ROLLED_V = admin_units.ward_now_columns("v", only_when="$scheme = '2025'")
_ROLLED_E = admin_units.ward_now_columns("e", only_when="$scheme = '2025'")

# One row per registered (not closed) venue in scope with everything the compliance views count.
_VENUES = f"""
{admin_units.WARD_NOW_CTE},
last_scan AS (SELECT venue_id, max(day) AS last_day FROM venue_hour_totals WHERE checkins > 0 GROUP BY venue_id),
last_check AS (SELECT venue_id, arg_max(result, checked_at) AS result, max(checked_at) AS checked_at
               FROM code_checks WHERE venue_id IS NOT NULL GROUP BY venue_id),
vs AS (
    SELECT v.venue_id, v.name, v.category, v.address, v.registrant_name, v.registrant_phone, v.created_at,
           {_ROLLED_V}, v.code_printed_at IS NOT NULL AS printed, s.last_day,
           coalesce(s.last_day > $today - {ACTIVE_DAYS}, FALSE) AS active,
           v.created_at < $silent_since AND coalesce(s.last_day <= $today - $silent_days, TRUE) AS silent,
           v.code_printed_at IS NOT NULL AND coalesce(v.code_checked_at < $check_since, TRUE) AS needs_check,
           (v.code_version > 1 AND v.code_printed_at IS NULL)
             OR coalesce(k.result = 'outdated' AND k.checked_at > coalesce(v.code_printed_at, v.created_at), FALSE)
             AS outdated
    FROM venues v LEFT JOIN wmap m ON m.old_ward_code = v.ward_code LEFT JOIN last_scan s USING (venue_id)
    LEFT JOIN last_check k USING (venue_id)
    WHERE v.status <> 'closed' AND {{scope}})
"""


def _params(scope: Scope, options: Options, now: datetime) -> dict[str, object]:
    today = to_local(now).date()
    return {
        **scope.params(),
        "scheme": options.scheme,
        "today": today,
        "silent_days": options.silent_days,
        "silent_since": now - timedelta(days=options.silent_days),
        "check_since": now - timedelta(days=CHECK_EVERY_DAYS),
    }


def _run(
    cur: duckdb.DuckDBPyConnection,
    scope: Scope,
    options: Options,
    now: datetime | None,
    select: str,
    extra: dict[str, object] | None = None,
) -> pd.DataFrame:
    sql = "WITH " + _VENUES.format(scope=venue_clause(scope)) + select
    return frame_of(cur.execute(sql, {**_params(scope, options, now or now_utc()), **(extra or {})}))


def _expected(scope: Scope) -> str:
    """CTE `expected`: the expected counts rolled up like venues, limited to the scope's wards (the ward clause
    reads scheme and ward_code); venue staff, who have no ward, get none."""
    where = "FALSE" if scope.kind == VENUES else venue_clause(scope, "e")
    return (
        f"expected AS (SELECT {_ROLLED_E}, e.category, e.expected FROM expected_venues e"
        f" LEFT JOIN wmap m ON m.old_ward_code = e.ward_code WHERE {where})"
    )


@parallel_work
def ward_summary(cur: duckdb.DuckDBPyConnection, scope: Scope, options: Options, now: datetime | None = None) -> pd.DataFrame:
    """Per ward, ranked by adoption: registered, printed, active, silent, posters to check, outdated,
    expected and adoption rate (registered / expected, None when nothing is expected). A ward the office
    expects venues in but where none registered is listed too, with 0 registered: the first to call."""
    select = f""", {_expected(scope)},
    w AS (SELECT rscheme, rward, count(*) AS registered, count(*) FILTER (printed) AS printed,
                 count(*) FILTER (active) AS active, count(*) FILTER (silent) AS silent,
                 count(*) FILTER (needs_check) AS needs_check, count(*) FILTER (outdated) AS outdated
          FROM vs GROUP BY ALL),
    x AS (SELECT rscheme, rward, sum(expected) AS expected FROM expected GROUP BY ALL),
    j AS (SELECT rscheme, rward, coalesce(w.registered, 0) AS registered, coalesce(w.printed, 0) AS printed,
                 coalesce(w.active, 0) AS active, coalesce(w.silent, 0) AS silent,
                 coalesce(w.needs_check, 0) AS needs_check, coalesce(w.outdated, 0) AS outdated, x.expected
          FROM w FULL OUTER JOIN x USING (rscheme, rward))
    SELECT j.rward AS ward_code, coalesce(u.name, j.rward) AS ward_name, j.registered, j.printed, j.active,
           j.silent, j.needs_check, j.outdated, j.expected,
           round(j.registered / nullif(j.expected, 0), 3) AS adoption,
           coalesce(round(j.active / nullif(j.registered, 0), 3), 0) AS active_share
    FROM j LEFT JOIN admin_units u ON u.scheme = j.rscheme AND u.level = 'ward' AND u.code = j.rward
    ORDER BY adoption DESC NULLS LAST, active_share DESC, ward_code"""
    frame = _run(cur, scope, options, now, select)
    frame.insert(0, "rank", range(1, len(frame) + 1))
    return frame


@dataclass(frozen=True)
class Adoption:
    """Registered against expected, counted only over the wards the office gave expected counts for (a
    ward without a target would otherwise add its venues to the numerator alone: "321 %")."""

    rate: float | None  # None when no ward in the summary has a target
    wards_with_targets: int
    wards: int
    registered: int  # in the wards with targets
    expected: int


def adoption(summary: pd.DataFrame) -> Adoption:
    """The overall adoption of a `ward_summary` with its coverage (how many of its wards have targets)."""
    with_target = summary["expected"].fillna(0).to_numpy() > 0
    registered = int(summary["registered"].to_numpy()[with_target].sum())
    expected = int(summary["expected"].to_numpy()[with_target].sum())
    rate = round(registered / expected, 3) if expected else None
    return Adoption(rate, int(with_target.sum()), len(summary), registered, expected)


@parallel_work
def by_category(cur: duckdb.DuckDBPyConnection, scope: Scope, options: Options, now: datetime | None = None) -> pd.DataFrame:
    """Per ward and category: registered, active and expected."""
    select = f""", {_expected(scope)},
    c AS (SELECT rscheme, rward, category, count(*) AS registered, count(*) FILTER (active) AS active FROM vs GROUP BY ALL),
    x AS (SELECT rscheme, rward, category, sum(expected) AS expected FROM expected GROUP BY ALL)
    SELECT c.rward AS ward_code, c.category, c.registered, c.active, x.expected
    FROM c LEFT JOIN x USING (rscheme, rward, category) ORDER BY ward_code, category"""
    return _run(cur, scope, options, now, select)


@parallel_work
def follow_up(cur: duckdb.DuckDBPyConnection, scope: Scope, options: Options, now: datetime | None = None) -> pd.DataFrame:
    """Venues a ward should call: silent, poster not checked for 30 days, or outdated poster — with the
    registrant's phone and the last day anyone checked in."""
    select = """
    SELECT venue_id, name, category, rward AS ward_code, address, registrant_name, registrant_phone, last_day,
           silent, needs_check, outdated
    FROM vs WHERE silent OR needs_check OR outdated ORDER BY rward, silent DESC, outdated DESC, last_day NULLS FIRST, venue_id"""
    return _run(cur, scope, options, now, select)


@parallel_work
def weekly_trend(
    cur: duckdb.DuckDBPyConnection, scope: Scope, options: Options, weeks: int = 12, now: datetime | None = None
) -> pd.DataFrame:
    """Per ward and ISO week (Monday): venues with at least one check-in that week, of those registered now."""
    select = """,
    weekly AS (SELECT venue_id, date_trunc('week', day) AS week FROM venue_hour_totals
               WHERE day >= $first_day AND checkins > 0 GROUP BY ALL),
    reg AS (SELECT rscheme, rward, count(*) AS registered FROM vs GROUP BY ALL)
    SELECT weekly.week, vs.rward AS ward_code, coalesce(any_value(u.name), vs.rward) AS ward_name, count(*) AS active,
           any_value(reg.registered) AS registered
    FROM weekly JOIN vs USING (venue_id) JOIN reg USING (rscheme, rward)
    LEFT JOIN admin_units u ON u.scheme = vs.rscheme AND u.level = 'ward' AND u.code = vs.rward
    GROUP BY weekly.week, vs.rward ORDER BY week, ward_code"""
    now = now or now_utc()
    first = to_local(now).date() - timedelta(weeks=weeks)
    frame = _run(cur, scope, options, now, select, {"first_day": first - timedelta(days=first.weekday())})
    frame["active_share"] = (frame["active"] / frame["registered"]).round(3)
    return frame
