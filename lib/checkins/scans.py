"""Scans sent by the browser scanner of the door (lib/ui/scanner): each carries the id the browser gave it when
it read the code, the decoded text, the venue and mode it was read for, and how long before sending it was
read. Received oldest first, each goes through the same door path as every other scan
(`door.handle_payload`: the rules, the held-code rule, households, ID cards, refusals) at the moment it was
read. A scan id seen before records nothing (the answer was lost, the queue was sent again after a reload, a
second tab sent it too); a scan read longer ago than the limit is refused with that reason, not recorded.

The moment of a scan is taken from the browser's own clock only as a difference (sent at - read at), so a
door laptop whose clock is wrong still records the right time."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta

import duckdb

from lib.access.users import User
from lib.checkins import door, door_status, rules, scan_log
from lib.platform.times import now_utc

MAX_BATCH = 200  # scans per message; a longer queue is sent in several
MAX_TEXT = 1_000  # characters of decoded text; a personal code or an ID card's QR is far shorter
SCAN_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")
VENUE_ID = re.compile(r"^[A-Za-z0-9]{1,16}$")
MODES = (rules.AUTO, rules.ENTRY, rules.EXIT)
TOO_OLD = "door.scan_too_old"


@dataclass(frozen=True)
class BrowserScan:
    scan_id: str
    text: str
    venue_id: str
    mode: str
    age: timedelta  # how long before it was sent the code was read (by the browser's clock), never negative


@dataclass(frozen=True)
class Receipt:
    """What became of one scan: its door result, or None when its id had been received before."""

    scan_id: str
    result: door.DoorResult | None
    scanned_at: datetime


def parse_batch(payload: object) -> tuple[list[BrowserScan], list[str]]:
    """The component's message `{"sent_at": ms, "scans": [{"id", "text", "at" (ms), "venue", "mode"}]}` as
    scans, and the ids of items that are not scans (acknowledged all the same, so the browser drops them).
    Anything sent by a browser is untrusted: types, sizes and formats are checked here."""
    if not isinstance(payload, dict) or not isinstance(payload.get("scans"), list):
        return [], []
    sent_at = payload.get("sent_at")
    if not isinstance(sent_at, int | float) or isinstance(sent_at, bool):
        return [], []
    scans: list[BrowserScan] = []
    malformed: list[str] = []
    for item in payload["scans"][:MAX_BATCH]:
        if not isinstance(item, dict) or not isinstance(item.get("id"), str) or not SCAN_ID.match(item["id"]):
            continue  # no id to acknowledge: the browser never makes such an item
        text, at, venue, mode = item.get("text"), item.get("at"), item.get("venue"), item.get("mode")
        if (
            not isinstance(text, str)
            or not 0 < len(text) <= MAX_TEXT
            or not isinstance(at, int | float)
            or isinstance(at, bool)
            or not isinstance(venue, str)
            or not VENUE_ID.match(venue)
            or mode not in MODES
        ):
            malformed.append(item["id"])
            continue
        scans.append(BrowserScan(item["id"], text, venue, str(mode), timedelta(milliseconds=max(0.0, float(sent_at) - float(at)))))
    return scans, malformed


def receive(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    scans: list[BrowserScan],
    window_seconds: int = 120,
    max_age_minutes: int = 120,
    now: datetime | None = None,
    public_url: str = "",
) -> list[Receipt]:
    """Record each scan once, oldest first, at the moment it was read; a receipt for every scan taken up.
    A scan another session of this process is recording at this very moment (two tabs sending one queue) gets
    no receipt: the browser sends it again and then learns it is on file. Never raises for a bad code, a venue
    outside the user's scope or an old scan: the refusal is the result.

    The id is written once, with the outcome: by the writer's batch, in the visit's transaction, when the door
    path records one (lib.checkins.scan_log), else here (a claim row first and an update after cost a second
    encrypted commit, half again the door path's own cost). Within one server process (the only writer of a
    DuckDB file) the in-flight set keeps two sessions from recording one id; the held-code rule makes a second
    entry within the scan window the same event."""
    now = now or now_utc()
    limit = timedelta(minutes=max_age_minutes)
    receipts = []
    for scan in sorted(scans, key=lambda s: s.age, reverse=True):
        with _lock:
            if scan.scan_id in _in_flight:
                continue
            _in_flight.add(scan.scan_id)
        try:
            receipt = _receive_one(cur, user, secret, scan, now - scan.age, (window_seconds, public_url), scan.age > limit, now)
        finally:
            with _lock:
                _in_flight.discard(scan.scan_id)
        receipts.append(receipt)
    return receipts


_in_flight: set[str] = set()
_lock = threading.Lock()


def _receive_one(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    scan: BrowserScan,
    at: datetime,
    door_settings: tuple[int, str],
    too_old: bool,
    now: datetime,
) -> Receipt:
    if cur.execute("SELECT 1 FROM door_scans WHERE scan_id = ?", [scan.scan_id]).fetchone():
        return Receipt(scan.scan_id, None, at)  # received before: its visit (if any) is already on file
    log = rules.ScanLog(scan.scan_id, now)
    if too_old:
        result = door.DoorResult(door.REFUSED, TOO_OLD)
    else:
        window_seconds, public_url = door_settings
        result = door.handle_payload(
            cur, user, secret, scan.venue_id, scan.text, scan.mode, window_seconds=window_seconds, public_url=public_url, now=at, log=log
        )
    if not result.logged:  # refused or held before the writer: the row on its own
        checkin_id = result.outcome.checkin_id if result.outcome else None
        row = scan_log.ScanRow(log, scan.venue_id, at, user.user_id, result.person_id, str(result.kind), result.message_key, checkin_id)
        scan_log.write(cur, [row])
    return Receipt(scan.scan_id, result, at)


_RECORDED = """
SELECT s.scan_id, s.person_id, s.outcome, s.message_key, s.checkin_id, c.checked_in_at, c.checked_out_at
FROM door_scans s
LEFT JOIN checkins c ON c.checkin_id = s.checkin_id
WHERE s.recorded_by = $user AND s.scan_id IN (SELECT unnest($ids))
"""


def recorded(cur: duckdb.DuckDBPyConnection, user: User, scan_ids: list[str]) -> dict[str, door.DoorResult]:
    """What the door said about scans received before (the answer was lost: a reload, a second tab), to show
    again without recording anything: the stored outcome, the visit's times and the person's colour now.
    Only this user's own scans; a scan id of another user's is not described."""
    if not scan_ids:
        return {}
    described = {}
    for scan_id, person_id, kind, key, checkin_id, checked_in_at, checked_out_at in cur.execute(
        _RECORDED, {"user": user.user_id, "ids": scan_ids}
    ).fetchall():
        outcome_kind = rules.Outcome(kind) if kind in set(rules.Outcome) else door.DoorVerdict(kind)
        stayed = int((checked_out_at - checked_in_at).total_seconds() // 60) if checked_in_at and checked_out_at else None
        outcome = rules.ScanOutcome(kind, checkin_id, checked_in_at, stayed) if checkin_id is not None else None
        status = door_status.status_of(cur, person_id) if person_id is not None else None
        if status is None or kind == door.REFUSED:
            described[scan_id] = door.DoorResult(outcome_kind, key, person_id)
            continue
        described[scan_id] = door.DoorResult(
            outcome_kind, key, person_id, status.masked_name, status.risk_level, outcome=outcome, instruction=status.door_instruction
        )
    return described
