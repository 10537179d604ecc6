"""Applying the door rules (lib.checkins.rules) to scans: one scan, or a batch of them in one transaction of a
handful of statements, and a preview that records nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.access.scope import CITY, Scope, scope_for, venue_clause
from lib.access.users import User
from lib.checkins import open_visits, scan_log
from lib.checkins.rules import (
    ALREADY_IN,
    ALREADY_OUT,
    AUTO,
    CHECKED_IN,
    CHECKED_OUT,
    ENTRY,
    EXIT,
    NOT_INSIDE,
    Outcome,
    ScanMode,
    ScanOutcome,
    ScanRequest,
)
from lib.checkins.visits import MAX_STAY_HOURS
from lib.platform.db import reserve_ids, transaction
from lib.platform.errors import AppError, ConflictError, NotFoundError
from lib.platform.times import format_datetime, now_utc
from lib.venues.lookup import Venue, venue_columns
from lib.venues.posters import checkin_refusal


def record_scan(
    cur: duckdb.DuckDBPyConnection,
    user: User | None,
    venue_id: str,
    person_id: int,
    mode: ScanMode = AUTO,
    method: str = "staff_scan",
    window_seconds: int = 120,
    now: datetime | None = None,
) -> ScanOutcome:
    """Apply the door rules to one scan in its own transaction; raises NotFoundError (venue outside the
    user's scope) or ConflictError (venue not accepting check-ins now, with the reason)."""
    result = record_scans(cur, [ScanRequest(user, venue_id, person_id, mode, method, window_seconds, now)])[0]
    if isinstance(result, AppError):
        raise result
    return result


def record_scans(cur: duckdb.DuckDBPyConnection, requests: list[ScanRequest]) -> list[ScanOutcome | AppError]:
    """Apply the door rules to several scans, in order, in one transaction of a handful of statements
    whatever their number: a busy city's doors share one commit instead of paying one each. A refused scan
    yields its AppError in its place and does not stop the others."""
    with transaction(cur):
        return apply_scans(cur, requests)


def apply_scans(cur: duckdb.DuckDBPyConnection, requests: list[ScanRequest]) -> list[ScanOutcome | AppError]:
    """record_scans inside the caller's open transaction (lib.checkins.writer's group commit of a self check-in)."""
    return _Batch(cur, requests).run()


# The batch's new visits as parallel lists (ids reserved beforehand), in one statement.
_INSERT_VISITS = """
INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, method, recorded_by, checked_out_at, closed_by)
SELECT unnest($ids), unnest($people), unnest($venues), unnest($ins), unnest($methods), unnest($users::INTEGER[]),
       unnest($outs::TIMESTAMPTZ[]), unnest($hows::VARCHAR[])
"""

# The batch's closes, each filled once (a visit already closed stays as it is); the bounds on the check-in times
# of the visits closed let zone maps skip all but the row groups that hold them.
_CLOSE_VISITS = """
WITH closes AS (
    SELECT unnest($ids) AS id, unnest($outs::TIMESTAMPTZ[]) AS out_at, unnest($hows) AS how
)
UPDATE checkins c SET checked_out_at = u.out_at, closed_by = u.how
FROM closes u
WHERE c.checkin_id = u.id AND c.checked_out_at IS NULL AND c.checked_in_at >= $first AND c.checked_in_at <= $last
"""


@dataclass(frozen=True)
class _New:
    """A visit inserted by this batch, before its id is known."""

    index: int


_Ref = int | _New  # a visit of the batch: its id when stored already, its place among the inserts when new


@dataclass(frozen=True)
class _Outcome:
    """A ScanOutcome whose visit may still be a `_New` until the batch is written."""

    kind: Outcome
    ref: _Ref | None
    checked_in_at: datetime | None
    stayed_minutes: int | None = None

    def resolved(self, ids: list[int]) -> ScanOutcome:
        checkin_id = ids[self.ref.index] if isinstance(self.ref, _New) else self.ref
        return ScanOutcome(self.kind, checkin_id, self.checked_in_at, self.stayed_minutes)


class _Batch:
    """The state of one batch: venues checked per (user, venue), open and last left visits per person
    (lib.checkins.open_visits, updated as the batch's own scans open and close visits), and the rows to insert
    and close at the end."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, requests: list[ScanRequest]) -> None:
        self.cur = cur
        stamp = now_utc()
        self.scans = [(r, r.now or stamp) for r in requests]  # each request with the moment it happened
        # open visits older than the 24 h cap are closed at query time anyway; this bound lets zone maps skip them
        self.since = min(now for _, now in self.scans) - timedelta(hours=MAX_STAY_HOURS)
        self.inserts: list[list] = []  # [person, venue, in, method, user, out, closed_by]
        self.closes: dict[int, tuple[datetime, str, datetime]] = {}  # checkin_id -> (out, closed_by, its check-in)
        self.open: dict[int, tuple[_Ref, str, datetime]] = {}  # person -> (ref, venue, since)
        self.left_last: dict[int, tuple[_Ref, str, datetime, datetime, str] | None] = {}  # person -> latest check-out
        self.touched: set[int] = set()  # people whose open_visits row this batch rewrites
        self.stored: set[int] = set()  # people who have an open_visits row already
        self.left: dict[tuple[int, str], tuple[_Ref, datetime, datetime]] = {}  # checked out by this batch
        # (person, venue) -> the latest stored visit there: (checkin_id, in, out, closed_by)
        self.last_here: dict[tuple[int, str], tuple[int, datetime, datetime | None, str | None]] = {}

    def run(self) -> list[ScanOutcome | AppError]:
        venues = self._read()
        results: list[_Outcome | AppError] = []
        for request, now in self.scans:
            venue = venues[_pair(request)]
            try:
                results.append(venue if isinstance(venue, AppError) else self._apply(request, now, venue))
            except AppError as err:
                results.append(err)
        ids = self._write()
        outcomes = [r if isinstance(r, AppError) else r.resolved(ids) for r in results]
        scan_log.write_recorded(self.cur, [(*scan, outcome) for scan, outcome in zip(self.scans, outcomes, strict=True)])
        return outcomes

    def _read(self) -> dict[tuple, Venue | AppError]:
        """The two reads of a batch: its people's door rows, then its venues with those the people are in."""
        states = open_visits.load(self.cur, sorted({r.person_id for r, _ in self.scans}), self.since)
        venues, stays = self._venues([s.open[1] for s in states if s.open])
        self._open_visits(states, stays)
        return venues

    def _venues(self, also: list[str]) -> tuple[dict[tuple, Venue | AppError], dict[str, timedelta]]:
        """Each distinct (user, venue) checked in one statement, each with the user's scope in SQL: staff
        only at their venues, a self check-in (no user) at any venue of the city. The same statement brings
        the default stay, at most the 24 h cap, of the venues in `also` (where the batch's people are inside)."""
        pairs = list(dict.fromkeys(_pair(r) for r, _ in self.scans))
        users = {r.user.user_id: r.user for r, _ in self.scans if r.user}
        flags: list[str] = []
        params: dict[str, object] = {"venues": list(dict.fromkeys([venue_id for _, venue_id in pairs] + also))}
        for n, (user_id, _) in enumerate(pairs):
            scope = scope_for(users[user_id]) if user_id is not None else Scope(CITY)
            flags.append(venue_clause(scope, "v", str(n)))
            params.update(scope.params(str(n)))
        allowed = ", ".join(flags)  # one flag per pair: may this pair's user scan at the row's venue
        result = self.cur.execute(
            f"""
SELECT [{allowed}] AS allowed, {venue_columns("v")}
FROM venues v
WHERE v.venue_id IN (SELECT unnest($venues))
""",
            params,
        )
        rows = {row[1]: (row[0], Venue.of_row(row[1:])) for row in result.fetchall()}  # venue_id -> (flags, venue)
        found: dict[tuple, Venue | AppError] = {}
        for n, pair in enumerate(pairs):
            may, venue = rows.get(pair[1], ([], None))
            found[pair] = venue if venue and may[n] else NotFoundError("err.venue_unknown", venue_id=pair[1])
        return found, {v_id: timedelta(minutes=min(venue.default_stay_minutes, MAX_STAY_HOURS * 60)) for v_id, (_, venue) in rows.items()}

    def _open_visits(self, states: list[open_visits.DoorState], stays: dict[str, timedelta]) -> None:
        """The batch's people's open and last left visits within the 24 h cap; an open visit past its venue's
        default stay is closed at that moment (closed_by 'default_stay'), one at a deleted venue at the cap."""
        earliest = self.since + timedelta(hours=MAX_STAY_HOURS)
        for state in states:
            self.stored.add(state.person_id)
            self.left_last[state.person_id] = state.left
            if state.left:  # (checkin_id, venue, in, out, closed_by)
                self.last_here[(state.person_id, state.left[1])] = (state.left[0], *state.left[2:])
            if state.open:
                checkin_id, venue_id, since = state.open
                self.last_here[(state.person_id, venue_id)] = (checkin_id, since, None, None)
                if venue_id in stays and since + stays[venue_id] <= earliest:
                    self._close(state.person_id, (checkin_id, venue_id, since), since + stays[venue_id], "default_stay")
                else:
                    self.open[state.person_id] = (checkin_id, venue_id, since)

    def _apply(self, request: ScanRequest, now: datetime, venue: Venue) -> _Outcome:
        person = request.person_id
        refusal = checkin_refusal(venue, venue.code_version, now)
        if refusal and request.mode != EXIT:
            raise ConflictError(refusal, starts=format_datetime(venue.starts_at), ends=format_datetime(venue.ends_at))
        window = timedelta(seconds=request.window_seconds)
        visit = self.open.get(person)
        if visit and visit[1] == request.venue_id:
            ref, _, since = visit
            if now - since <= window or request.mode == ENTRY:
                return _Outcome(ALREADY_IN, ref, since)
            self._close(person, visit, now, "scan")
            del self.open[person]
            self.left[(person, request.venue_id)] = (ref, since, now)
            return _Outcome(CHECKED_OUT, ref, since, int((now - since).total_seconds() // 60))
        if request.mode == EXIT:
            return self._recent_checkout(request, now, window, any_close=True) or _Outcome(NOT_INSIDE, None, None)
        if request.mode == AUTO and (repeat := self._recent_checkout(request, now, window, any_close=False)):
            # the code still held in front of the camera after "ĐÃ RA": the same event, not a new visit
            return repeat
        if visit:
            self._close(person, visit, now, "checkin_elsewhere")
        ref = _New(len(self.inserts))
        self.inserts.append([person, request.venue_id, now, request.method, request.user.user_id if request.user else None, None, None])
        self.open[person] = (ref, request.venue_id, now)
        self.touched.add(person)
        return _Outcome(CHECKED_IN, ref, now)

    def _recent_checkout(self, request: ScanRequest, now: datetime, window: timedelta, any_close: bool) -> _Outcome | None:
        """ALREADY_OUT when the person's last visit here was checked out within the scan window: by a scan
        (automatic mode: a repeat of that scan), or by any means (exit mode); None otherwise."""
        left = self.left.get((request.person_id, request.venue_id))
        if left is None:
            last = self.last_here.get((request.person_id, request.venue_id))
            if last is None or last[1] <= now - timedelta(hours=MAX_STAY_HOURS):
                return None
            ref, since, out, how = last
            if ref in self.closes:
                out, how, _ = self.closes[ref]
            if out is None or not (any_close or how == "scan"):
                return None
            left = (ref, since, out)
        ref, since, out = left
        if timedelta(0) <= now - out <= window:
            return _Outcome(ALREADY_OUT, ref, since, int((out - since).total_seconds() // 60))
        return None

    def _close(self, person: int, visit: tuple[_Ref, str, datetime], at: datetime, how: str) -> None:
        """Close the person's visit (ref, venue, since) at `at`; it becomes their last left visit unless a
        later check-out is known."""
        ref, venue_id, since = visit
        if isinstance(ref, _New):
            self.inserts[ref.index][5:7] = [at, how]
        else:
            self.closes[ref] = (at, how, since)
        last = self.left_last.get(person)
        if last is None or last[3] <= at:
            self.left_last[person] = (ref, venue_id, since, at, how)
        self.touched.add(person)

    def _write(self) -> list[int]:
        """Two statements for the whole batch: the new visits, then every close."""
        first = reserve_ids(self.cur, "checkins_seq", len(self.inserts))
        ids = list(range(first, first + len(self.inserts)))
        if self.inserts:
            columns = list(zip(*self.inserts, strict=True))
            names = ("people", "venues", "ins", "methods", "users", "outs", "hows")  # the columns of self.inserts
            self.cur.execute(_INSERT_VISITS, {"ids": ids, **{name: list(column) for name, column in zip(names, columns, strict=True)}})
        if self.closes:  # (at, how, since) per closed visit; first/last bound the check-in times for zone maps
            refs, closes = zip(*self.closes.items(), strict=True)
            params = {"ids": list(refs), "outs": [c[0] for c in closes], "hows": [c[1] for c in closes]}
            self.cur.execute(_CLOSE_VISITS, {**params, "first": min(c[2] for c in closes), "last": max(c[2] for c in closes)})
        open_visits.save(self.cur, [self._state(person, ids) for person in sorted(self.touched)], self.stored)
        return ids

    def _state(self, person: int, ids: list[int]) -> open_visits.DoorState:
        """The person's open_visits row after this batch, with the new visits' ids."""

        def stored(ref: _Ref) -> int:
            return ids[ref.index] if isinstance(ref, _New) else ref

        visit, left = self.open.get(person), self.left_last.get(person)
        return open_visits.DoorState(
            person,
            (stored(visit[0]), visit[1], visit[2]) if visit else None,
            (stored(left[0]), *left[1:]) if left else None,
        )


def preview_scan(cur: duckdb.DuckDBPyConnection, request: ScanRequest) -> str:
    """The kind of outcome the scan would have, recording nothing: the door asks the guard before a red
    person's check-in. Raises what record_scan would raise."""
    batch = _Batch(cur, [request])
    request, now = batch.scans[0]
    venue = batch._read()[_pair(request)]
    if isinstance(venue, AppError):
        raise venue
    return batch._apply(request, now, venue).kind


def _pair(request: ScanRequest) -> tuple[int | None, str]:
    """(user id or None for a self check-in, venue): the unit of the scope check."""
    return (request.user.user_id if request.user else None, request.venue_id)
