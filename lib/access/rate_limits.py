"""Rate limits, counted in the database so that no new browser session, tab or script resets them.

What is counted is a keyed hash of a client address, a phone or an account (`subject_key`), never the value
itself. Each count is one atomic statement (an upsert that adds one and returns the new total), so 20 parallel
requests are counted 20 times: a limit of 5 lets exactly 5 through. The count commits before the action it
guards runs, and a write-write conflict is retried (`atomic`), never shown to a person as a traceback.

Public pages are limited per client address (behind a trusted proxy: the forwarded address, see
`client_address`), per phone where one is given, per venue for self check-ins, and globally per minute. The
limits that stop abuse (client, phone, venue) are fixed here; the global one of self check-ins is sized for the
deployment (settings SELF_CHECKIN_PER_MINUTE and SELF_CHECKIN_PER_VENUE_MINUTE, passed as `sized`): a city and
a province's morning peak (80 a second) need limits two orders of magnitude apart.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import random
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.platform.config import SETTINGS
from lib.platform.errors import ConflictError
from lib.platform.times import now_utc


@dataclass(frozen=True)
class Limit:
    """At most `count` in each fixed window of `window`."""

    count: int
    window: timedelta


# action -> kind of subject -> limit. A family declaring for relatives fits; a script does not.
LIMITS: dict[str, dict[str, Limit]] = {
    "declare": {
        "client": Limit(10, timedelta(minutes=10)),
        "phone": Limit(5, timedelta(minutes=10)),
        "all": Limit(120, timedelta(minutes=1)),
    },
    # a household at one door fits the client and phone limits; the venue and global ones are the settings'
    # defaults here, and `sized` from the deployment's settings at run time
    "self_checkin": {
        "client": Limit(12, timedelta(minutes=10)),
        "phone": Limit(12, timedelta(minutes=10)),
        "venue": Limit(int(SETTINGS["SELF_CHECKIN_PER_VENUE_MINUTE"][0]), timedelta(minutes=1)),
        "all": Limit(int(SETTINGS["SELF_CHECKIN_PER_MINUTE"][0]), timedelta(minutes=1)),
    },
    # one client may try a phone 5 times; the phone from anywhere takes many clients to block
    "household_lookup": {
        "client": Limit(10, timedelta(minutes=15)),
        "phone_client": Limit(5, timedelta(minutes=15)),
        "phone": Limit(25, timedelta(minutes=15)),
        "all": Limit(120, timedelta(minutes=1)),
    },
    "staff_lookup": {"account": Limit(20, timedelta(hours=1))},
}
_RETRIES = 200
_TURNS = threading.Lock()


class LimitReached(ConflictError):
    """A rate limit refused the action; `kind` says whose (client, phone, venue, all...), so a page can tell a
    person "you sent too many" apart from "everybody is, right now"."""

    def __init__(self, kind: str, minutes: int) -> None:
        super().__init__("err.public_limited", minutes=minutes)
        self.kind = kind


@dataclass(frozen=True)
class Client:
    """Who is asking, as stored: the keyed hash of the client's address (never the address)."""

    key: str


def subject_key(secret: str, kind: str, value: str) -> str:
    """A keyed hash of what is counted (HMAC-SHA256, shortened): the table never holds an address or phone."""
    return hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def client_address(peer: str | None, forwarded_for: str | None, trusted_proxies: Iterable[str]) -> str:
    """The address to count: the connection's peer, unless that peer is a trusted proxy, in which case the
    right-most address of X-Forwarded-For that is not itself a trusted proxy (the left part is whatever the
    client wrote, so it is never believed). Streamlit reports a loopback peer as None."""
    trusted = [ipaddress.ip_network(p.strip(), strict=False) for p in trusted_proxies if p.strip()]

    def is_trusted(address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in network for network in trusted)

    address = (peer or "127.0.0.1").strip()
    if not is_trusted(address):
        return address
    hops = [h.strip() for h in (forwarded_for or "").split(",") if h.strip()]
    for hop in reversed(hops):
        if not is_trusted(hop):
            return hop
    return address


def client(secret: str, address: str) -> Client:
    return Client(subject_key(secret, "client", address))


_BUMP = "UPDATE limit_counters SET used = used + 1 WHERE bucket = ? AND window_start = ? RETURNING used"
_FIRST = "INSERT INTO limit_counters (bucket, window_start, used) VALUES (?, ?, 1) RETURNING used"


def count(cur: duckdb.DuckDBPyConnection, bucket: str, window: timedelta, now: datetime) -> int:
    """Add one to `bucket` in the current window and return the new total, atomically (retried on conflict,
    ConflictError if it never gets through). An UPDATE of the window's row, or its first INSERT when there is
    none, costs DuckDB about half the CPU of one INSERT ... ON CONFLICT DO UPDATE (issue 19: three of these
    run for every self check-in); an insert that loses the race to another writer conflicts and is retried,
    and then finds the row to update."""
    start = window_start(window, now)
    row = _retried(lambda: cur.execute(_BUMP, [bucket, start]).fetchone() or cur.execute(_FIRST, [bucket, start]).fetchone())
    assert row is not None, "an INSERT ... RETURNING returns its row"
    return int(row[0])


def window_start(window: timedelta, now: datetime) -> datetime:
    seconds = int(window.total_seconds())
    return datetime.fromtimestamp(int(now.timestamp()) // seconds * seconds, tz=now.tzinfo)


class Tally:
    """The counts of one transaction that several actions share (the self check-ins of one group commit,
    lib.checkins.writer): each bucket is read once, counted in memory, and written once by `flush` before the
    commit. DuckDB cannot update one row twice in a transaction (the commit then fails with a write-write
    conflict on the key), and one write per bucket instead of one per action is what lets a crowd of phones
    share the "all" and venue counters. Exact as long as one thread counts these buckets: the writer is the
    only one that counts self check-ins, and one process owns the DuckDB file."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self.cur = cur
        self.used: dict[tuple[str, datetime], list[int]] = {}  # (bucket, window start) -> [stored, added]

    def add(self, bucket: str, window: timedelta, now: datetime) -> int:
        key = (bucket, window_start(window, now))
        if key not in self.used:
            row = self.cur.execute("SELECT used FROM limit_counters WHERE bucket = ? AND window_start = ?", list(key)).fetchone()
            self.used[key] = [int(row[0]) if row else -1, 0]  # -1: no row yet
        counted = self.used[key]
        counted[1] += 1
        return max(counted[0], 0) + counted[1]

    def flush(self) -> None:
        """Write what was added: one UPDATE for the buckets that had a row, one INSERT for the new ones."""
        old = [(b, s, added) for (b, s), (stored, added) in self.used.items() if stored >= 0 and added]
        new = [(b, s, added) for (b, s), (stored, added) in self.used.items() if stored < 0 and added]
        if old:
            self.cur.execute(_BUMP_MANY, _columns(old))
        if new:
            self.cur.execute(_INSERT_MANY, _columns(new))
        self.used.clear()


_BUMP_MANY = """
UPDATE limit_counters AS l SET used = l.used + t.added
FROM (SELECT unnest($buckets) AS bucket, unnest($starts::TIMESTAMPTZ[]) AS window_start, unnest($added) AS added) AS t
WHERE l.bucket = t.bucket AND l.window_start = t.window_start
"""
_INSERT_MANY = """
INSERT INTO limit_counters (bucket, window_start, used)
SELECT unnest($buckets), unnest($starts::TIMESTAMPTZ[]), unnest($added)
"""


def _columns(rows: list[tuple[str, datetime, int]]) -> dict[str, list]:
    return {"buckets": [r[0] for r in rows], "starts": [r[1] for r in rows], "added": [r[2] for r in rows]}


def allow(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    action: str,
    client: Client | None = None,
    phone: str | None = None,
    account: int | None = None,
    now: datetime | None = None,
    venue: str | None = None,
    sized: Mapping[str, int] | None = None,
    tally: Tally | None = None,
) -> None:
    """Count this action for each subject given (and globally), or raise LimitReached naming the wait when any
    of them is over its limit. Subjects are counted narrowest first and an attempt refused for one subject is
    not counted for the wider ones, so one client hammering a phone does not lock that phone for its owner.
    `sized` replaces the count of some kinds (same window) with the deployment's own. `tally`: counted in
    the caller's open transaction (written by its `flush`, committed whether or not the action goes on: the
    self check-ins of one group commit in lib.checkins.writer) instead of one committed statement each."""
    now = now or now_utc()
    phone_key = subject_key(secret, "phone", phone) if phone else None
    subjects = {
        "client": client.key if client else None,
        "phone": phone_key,
        "phone_client": f"{phone_key}:{client.key}" if phone_key and client else None,
        "account": subject_key(secret, "account", str(account)) if account is not None else None,
        "venue": venue,
        "all": "*",
    }
    for kind, limit in LIMITS[action].items():  # narrowest first: a client over its limit adds nothing further
        key, most = subjects[kind], (sized or {}).get(kind, limit.count)
        bucket = f"{action}:{kind}:{key}"
        if key is not None and (tally.add(bucket, limit.window, now) if tally else count(cur, bucket, limit.window, now)) > most:
            raise LimitReached(kind, max(int(limit.window.total_seconds() // 60), 1))


def atomic(cur: duckdb.DuckDBPyConnection, sql: str, params: list | dict) -> tuple:
    """Run one counting statement and return its row. Call it outside a transaction, so the count commits at
    once (even when the action it guards then fails). Within this process the counters take turns (a lock:
    parallel upserts of one row would otherwise conflict and retry many times over); a write-write conflict
    with another process is retried with a short random back-off, and ConflictError("err.try_again") ends it
    cleanly. (The statement runs on the caller's cursor: opening a cursor per attempt while other threads
    count deadlocked DuckDB's client.)"""
    row = _retried(lambda: cur.execute(sql, params).fetchone())
    return tuple(row) if row is not None else ()


def _retried(statements: Callable[[], tuple | None]) -> tuple | None:
    """Run counting statements in this process's turn, retrying a write-write conflict with another process
    after a short random back-off; ConflictError("err.try_again") if it never gets through."""
    for attempt in range(_RETRIES):
        try:
            with _TURNS:
                return statements()
        except (duckdb.TransactionException, duckdb.ConstraintException):
            time.sleep(random.uniform(0, 0.002 * min(attempt + 1, 10)))  # the other writer commits meanwhile
    raise ConflictError("err.try_again")
