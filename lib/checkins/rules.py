"""The door's rules of the directive's era, and their vocabulary (modes, outcomes, a scan and what it did):

- the same person scanned again at the same venue within a short window (default 2 minutes) is the same
  event ("already checked in at 08:14"), not a new visit;
- in automatic mode a later scan at the same venue checks the person out, and a scan within the window after
  that check-out is the same event ("already checked out"): a code held in front of the camera after "ĐÃ RA"
  never checks the person back in;
- checking in elsewhere closes the person's open visit (closed_by 'checkin_elsewhere');
- a visit left open longer than its venue's default stay (capped at 24 h) is closed at that time
  (closed_by 'default_stay') when the person is next seen;
- "close the day" checks everyone still inside out at closing time (closed_by 'close_day').

lib.checkins.batch applies the rules to scans (one or a batch in one transaction); lib.checkins.closing closes
the day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from lib.access.users import User


class ScanMode(StrEnum):
    """What a scan at the door means: automatic (in, then out) or a door that only lets in or only lets out."""

    AUTO = "auto"
    ENTRY = "in"
    EXIT = "out"


class Outcome(StrEnum):
    """What a scan did; each also names its message (`door.<outcome>`)."""

    CHECKED_IN = "checked_in"
    ALREADY_IN = "already_in"  # the same person again within the window: the same event
    CHECKED_OUT = "checked_out"
    ALREADY_OUT = "already_out"  # a repeat of a recent check-out
    NOT_INSIDE = "not_inside"  # an exit scan with nobody to check out


AUTO, ENTRY, EXIT = ScanMode.AUTO, ScanMode.ENTRY, ScanMode.EXIT  # the names callers use
CHECKED_IN, ALREADY_IN, CHECKED_OUT, ALREADY_OUT, NOT_INSIDE = tuple(Outcome)


@dataclass(frozen=True)
class ScanOutcome:
    kind: str  # an Outcome; the door also describes its own verdicts (turned away) with one
    checkin_id: int | None
    checked_in_at: datetime | None
    stayed_minutes: int | None = None


@dataclass(frozen=True)
class ScanLog:
    """The browser scanner's id of a scan and when the server received it (lib.checkins.scan_log)."""

    scan_id: str
    received_at: datetime


@dataclass(frozen=True)
class ScanRequest:
    """One scan to record: who scanned (None for a self check-in) where, whom, and how; `log`: the browser
    scanner's scan, whose `door_scans` row the batch writes with the outcome."""

    user: User | None
    venue_id: str
    person_id: int
    mode: ScanMode = AUTO
    method: str = "staff_scan"
    window_seconds: int = 120
    now: datetime | None = None
    log: ScanLog | None = None
