"""Applying the door rules (lib.checkins.rules) to scans: one scan, or a batch of them in one transaction of a
handful of statements, and a preview that records nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.access.scope import CITY, Scope, scope_for, venue_clause
from lib.access.users import User
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
        return _Batch(cur, requests).run()


# The batch's people's open visits within the 24 h cap, with the end of the venue's default stay.
_OPEN_VISITS = """
SELECT c.person_id, c.checkin_id, c.venue_id, c.checked_in_at,
       c.checked_in_at + to_minutes(least(v.default_stay_minutes, $cap)) AS stay_end
FROM checkins c JOIN venues v ON v.venue_id = c.venue_id
WHERE c.person_id IN (SELECT unnest($people)) AND c.checked_out_at IS NULL AND c.checked_in_at > $since
ORDER BY c.checked_in_at
"""

# A person's latest visit at a venue within the 24 h cap, and how it was closed (for a scan just after a check-out).
# The latest visit of each of the batch's people at each venue within the 24 h cap, read once per batch (a
# query per scan made 80,000 door scans take minutes): the held-code rule asks it after a check-out.
_LAST_VISITS = """
SELECT person_id, venue_id, checkin_id, checked_in_at, checked_out_at, closed_by
FROM checkins
WHERE list_contains($people, person_id) AND checked_in_at > $since
QUALIFY row_number() OVER (PARTITION BY person_id, venue_id ORDER BY checked_in_at DESC) = 1
"""

# The batch's new visits as parallel lists (ids reserved beforehand), in one statement.
_INSERT_VISITS = """
INSERT INTO checkins (checkin_id, person_id, venue_id, checked_in_at, method, recorded_by, checked_out_at, closed_by)
SELECT unnest($ids), unnest($people), unnest($venues), unnest($ins), unnest($methods), unnest($users::INTEGER[]),
       unnest($outs::TIMESTAMPTZ[]), unnest($hows::VARCHAR[])
"""

# The batch's closes, each filled once (a visit already closed stays as it is); $since lets zone maps skip old days.
_CLOSE_VISITS = """
WITH closes AS (
    SELECT unnest($ids) AS id, unnest($outs::TIMESTAMPTZ[]) AS out_at, unnest($hows) AS how
)
UPDATE checkins c SET checked_out_at = u.out_at, closed_by = u.how
FROM closes u
WHERE c.checkin_id = u.id AND c.checked_out_at IS NULL AND c.checked_in_at > $since
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
    """The state of one batch: venues checked per (user, venue), open visits per person (updated as the
    batch's own scans open and close visits), and the rows to insert and close at the end."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, requests: list[ScanRequest]) -> None:
        self.cur = cur
        stamp = now_utc()
        self.scans = [(r, r.now or stamp) for r in requests]  # each request with the moment it happened
        # open visits older than the 24 h cap are closed at query time anyway; this bound lets zone maps skip them
        self.since = min(now for _, now in self.scans) - timedelta(hours=MAX_STAY_HOURS)
        self.inserts: list[list] = []  # [person, venue, in, method, user, out, closed_by]
        self.closes: dict[int, tuple[datetime, str]] = {}
        self.open: dict[int, tuple[_Ref, str, datetime]] = {}  # person -> (ref, venue, since)
        self.left: dict[tuple[int, str], tuple[_Ref, datetime, datetime]] = {}  # checked out by this batch
        # (person, venue) -> the latest stored visit there: (checkin_id, in, out, closed_by)
        self.last_here: dict[tuple[int, str], tuple[int, datetime, datetime | None, str | None]] = {}

    def run(self) -> list[ScanOutcome | AppError]:
        venues = self._venues()
        self._load_open_visits()
        results: list[_Outcome | AppError] = []
        for request, now in self.scans:
            venue = venues[_pair(request)]
            try:
                results.append(venue if isinstance(venue, AppError) else self._apply(request, now, venue))
            except AppError as err:
                results.append(err)
        ids = self._write()
        return [r if isinstance(r, AppError) else r.resolved(ids) for r in results]

    def _venues(self) -> dict[tuple, dict | AppError]:
        """Each distinct (user, venue) checked in one statement, each with the user's scope in SQL: staff
        only at their venues, a self check-in (no user) at any venue of the city."""
        pairs = list(dict.fromkeys(_pair(r) for r, _ in self.scans))
        users = {r.user.user_id: r.user for r, _ in self.scans if r.user}
        flags: list[str] = []
        params: dict[str, object] = {"venues": [venue_id for _, venue_id in pairs]}
        for n, (user_id, _) in enumerate(pairs):
            scope = scope_for(users[user_id]) if user_id is not None else Scope(CITY)
            flags.append(venue_clause(scope, "v", str(n)))
            params.update(scope.params(str(n)))
        allowed = ",\n    ".join(flags)  # one flag per pair: may this pair's user scan at the row's venue
        result = self.cur.execute(
            f"""
SELECT [
    {allowed}
] AS allowed, v.*
FROM venues v
WHERE list_contains($venues, v.venue_id)
""",
            params,
        )
        columns = [d[0] for d in result.description][1:]
        rows = {row[columns.index("venue_id") + 1]: row for row in result.fetchall()}
        found: dict[tuple, dict | AppError] = {}
        for n, pair in enumerate(pairs):
            row = rows.get(pair[1])
            found[pair] = (
                dict(zip(columns, row[1:], strict=True)) if row and row[0][n] else NotFoundError("err.venue_unknown", venue_id=pair[1])
            )
        return found

    def _load_open_visits(self) -> None:
        """Open visits of the batch's people within the 24 h cap; those past their default stay are closed
        at that moment (closed_by 'default_stay'), the latest other one is the person's open visit."""
        people = sorted({r.person_id for r, _ in self.scans})
        earliest = self.since + timedelta(hours=MAX_STAY_HOURS)
        rows = self.cur.execute(_OPEN_VISITS, {"people": people, "cap": MAX_STAY_HOURS * 60, "since": self.since}).fetchall()
        for person, venue_id, checkin_id, since, out, how in self.cur.execute(
            _LAST_VISITS, {"people": people, "since": self.since}
        ).fetchall():
            self.last_here[(person, venue_id)] = (checkin_id, since, out, how)
        for person, checkin_id, venue_id, since, stay_end in rows:
            if stay_end <= earliest:
                self.closes[checkin_id] = (stay_end, "default_stay")
            else:
                self.open[person] = (checkin_id, venue_id, since)

    def _apply(self, request: ScanRequest, now: datetime, venue: dict) -> _Outcome:
        person = request.person_id
        refusal = checkin_refusal(venue, int(venue["code_version"]), now)
        if refusal and request.mode != EXIT:
            raise ConflictError(refusal, starts=format_datetime(venue["starts_at"]), ends=format_datetime(venue["ends_at"]))
        window = timedelta(seconds=request.window_seconds)
        visit = self.open.get(person)
        if visit and visit[1] == request.venue_id:
            ref, _, since = visit
            if now - since <= window or request.mode == ENTRY:
                return _Outcome(ALREADY_IN, ref, since)
            self._close(ref, now, "scan")
            del self.open[person]
            self.left[(person, request.venue_id)] = (ref, since, now)
            return _Outcome(CHECKED_OUT, ref, since, int((now - since).total_seconds() // 60))
        if request.mode == EXIT:
            return self._recent_checkout(request, now, window, any_close=True) or _Outcome(NOT_INSIDE, None, None)
        if request.mode == AUTO and (repeat := self._recent_checkout(request, now, window, any_close=False)):
            # the code still held in front of the camera after "ĐÃ RA": the same event, not a new visit
            return repeat
        if visit:
            self._close(visit[0], now, "checkin_elsewhere")
        ref = _New(len(self.inserts))
        self.inserts.append([person, request.venue_id, now, request.method, request.user.user_id if request.user else None, None, None])
        self.open[person] = (ref, request.venue_id, now)
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
                out, how = self.closes[ref]
            if out is None or not (any_close or how == "scan"):
                return None
            left = (ref, since, out)
        ref, since, out = left
        if timedelta(0) <= now - out <= window:
            return _Outcome(ALREADY_OUT, ref, since, int((out - since).total_seconds() // 60))
        return None

    def _close(self, ref: _Ref, at: datetime, how: str) -> None:
        if isinstance(ref, _New):
            self.inserts[ref.index][5:7] = [at, how]
        else:
            self.closes[ref] = (at, how)

    def _write(self) -> list[int]:
        """Two statements for the whole batch: the new visits, then every close."""
        first = reserve_ids(self.cur, "checkins_seq", len(self.inserts))
        ids = list(range(first, first + len(self.inserts)))
        if self.inserts:
            columns = list(zip(*self.inserts, strict=True))
            self.cur.execute(
                _INSERT_VISITS,
                {
                    "ids": ids,
                    "people": list(columns[0]),
                    "venues": list(columns[1]),
                    "ins": list(columns[2]),
                    "methods": list(columns[3]),
                    "users": list(columns[4]),
                    "outs": list(columns[5]),
                    "hows": list(columns[6]),
                },
            )
        if self.closes:
            closing = list(self.closes.items())
            self.cur.execute(
                _CLOSE_VISITS,
                {
                    "ids": [c[0] for c in closing],
                    "outs": [c[1][0] for c in closing],
                    "hows": [c[1][1] for c in closing],
                    "since": self.since,
                },
            )
        return ids


def preview_scan(cur: duckdb.DuckDBPyConnection, request: ScanRequest) -> str:
    """The kind of outcome the scan would have, recording nothing: the door asks the guard before a red
    person's check-in. Raises what record_scan would raise."""
    batch = _Batch(cur, [request])
    request, now = batch.scans[0]
    venue = batch._venues()[_pair(request)]
    if isinstance(venue, AppError):
        raise venue
    batch._load_open_visits()
    return batch._apply(request, now, venue).kind


def _pair(request: ScanRequest) -> tuple[int | None, str]:
    """(user id or None for a self check-in, venue): the unit of the scope check."""
    return (request.user.user_id if request.user else None, request.venue_id)
