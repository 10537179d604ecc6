"""The figures of the weekly report a ward chair takes to the People's Committee meeting and the culture and
information office sends to the city: adoption (registered, printed, using their code, silent), footfall per
day of the week against the week before, the busiest venues, the risk queue's counts and the venues to call.
Every figure comes from the scoped queries of compliance, footfall and the risk queue, so a ward chair's
report holds their ward only; an office may narrow its report to one ward.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import duckdb
import pandas as pd

from lib.access.scope import CITY, WARD, Scope, scope_for
from lib.access.users import User
from lib.analytics import compliance, footfall
from lib.platform import admin_units
from lib.platform.errors import PermissionDeniedError
from lib.platform.threads import parallel_work
from lib.platform.times import LOCAL_TZ, now_utc, to_local
from lib.tracing import risk_queue

MAX_TO_CALL = 40  # the list printed; the compliance page has the whole of it


@dataclass(frozen=True)
class WeeklyFigures:
    """What one report says, for the week [since, until] (Monday to Sunday, Vietnam days)."""

    ward: tuple[str, str, str] | None  # (scheme, code, name) of a ward report; None for the city
    since: date
    until: date
    made_at: datetime
    registered: int
    printed: int
    active: int
    silent: int
    expected: int | None
    needs_check: int
    outdated: int
    checkins: int
    checkins_before: int
    per_day: list[tuple[date, int]]
    top_venues: list[tuple[str, str, int]]  # (venue id, name, check-ins)
    risk_new: dict[str, int]  # status -> items created this week
    risk_open: int
    wards: pd.DataFrame  # per ward: ward_name, registered, printed, active, silent, expected, adoption
    to_call: pd.DataFrame  # venue_id, name, ward_name, registrant_phone, silent, needs_check, outdated
    to_call_total: int


def report_scope(cur: duckdb.DuckDBPyConnection, user: User, ward: tuple[str, str] | None) -> Scope:
    """The user's own scope; a city-wide user may narrow it to one ward (scheme, code). A ward chair always
    gets their own ward, whatever is asked."""
    scope = scope_for(user)
    if ward is None or scope.kind != CITY:
        if scope.kind not in (CITY, WARD):
            raise PermissionDeniedError("err.forbidden")
        return scope
    admin_units.unit_name(cur, ward[0], "ward", ward[1])  # NotFoundError for an unknown ward
    return Scope(WARD, ward[0], ward[1])


def week_of(day: date) -> tuple[date, date]:
    """Monday and Sunday of the week holding `day`."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


@parallel_work
def gather(
    cur: duckdb.DuckDBPyConnection, user: User, week_day: date, ward: tuple[str, str] | None = None, now: datetime | None = None
) -> WeeklyFigures:
    """The report's figures for the week holding `week_day`, scoped to the user (and `ward`, for the office)."""
    scope = report_scope(cur, user, ward)
    since, until = week_of(week_day)
    made = now or now_utc()
    as_of = min(made, datetime.combine(until + timedelta(days=1), time(0), LOCAL_TZ))  # adoption as at the week's end
    scheme = scope.ward_scheme or "2025"
    options = compliance.Options(scheme)
    wards = compliance.ward_summary(cur, scope, options, as_of)
    follow = compliance.follow_up(cur, scope, options, as_of)
    names = dict(zip(wards["ward_code"], wards["ward_name"], strict=True))
    follow.insert(3, "ward_name", [names.get(w, w) for w in follow["ward_code"]])
    week = footfall.per_day(cur, scope, footfall.Filters(since, until))
    before = footfall.per_day(cur, scope, footfall.Filters(since - timedelta(days=7), since - timedelta(days=1)))
    top = footfall.top_venues(cur, scope, footfall.Filters(since, until), limit=5)
    risk = risk_queue.counts(cur, scope, risk_queue.QueueFilters(statuses=risk_queue.STATUSES, since=since))
    risk = risk[pd.to_datetime(risk["day"]).dt.date <= until] if len(risk) else risk
    ward_named = None
    if scope.kind == WARD and scope.ward_scheme and scope.ward_code:
        ward_named = (scope.ward_scheme, scope.ward_code, admin_units.unit_name(cur, scope.ward_scheme, "ward", scope.ward_code))
    expected = wards["expected"].dropna()
    return WeeklyFigures(
        ward=ward_named,
        since=since,
        until=until,
        made_at=to_local(made),
        registered=int(wards["registered"].to_numpy().sum()),
        printed=int(wards["printed"].to_numpy().sum()),
        active=int(wards["active"].to_numpy().sum()),
        silent=int(wards["silent"].to_numpy().sum()),
        expected=int(expected.to_numpy().sum()) if len(expected) else None,
        needs_check=int(wards["needs_check"].to_numpy().sum()),
        outdated=int(wards["outdated"].to_numpy().sum()),
        checkins=int(week["checkins"].to_numpy().sum()),
        checkins_before=int(before["checkins"].to_numpy().sum()),
        per_day=[(d, int(n)) for d, n in zip(week["day"], week["checkins"], strict=True)],
        top_venues=[(str(v), str(n), int(c)) for v, n, c in zip(top["venue_id"], top["name"], top["checkins"], strict=True)],
        risk_new={s: int(risk.loc[risk["status"] == s, "items"].sum()) if len(risk) else 0 for s in risk_queue.STATUSES},
        risk_open=sum(risk_queue.open_count(cur, scope, s) for s in risk_queue.OPEN_STATUSES),
        wards=wards,
        to_call=follow.head(MAX_TO_CALL),
        to_call_total=len(follow),
    )
