"""What happens when a code is presented at the door, whatever captured it (webcam, snapshot, manual entry):
recognise the code, refuse what is not a valid personal code with a clear reason, apply the door rules, and
say what the guard must see — the masked name, the status colour with its reason in words, and the event."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb

from lib.access.users import User
from lib.checkins import rules as rules
from lib.checkins import writer
from lib.codes import id_cards, tokens
from lib.people import households, identity
from lib.people.declarations import find_by_citizen_id
from lib.platform.errors import AppError, InvalidCodeError

REFUSED, UNKNOWN_CARD = "refused", "unknown_card"


@dataclass(frozen=True)
class DoorResult:
    kind: str  # a rules outcome, REFUSED or UNKNOWN_CARD
    message_key: str  # i18n key of the headline
    person_id: int | None = None
    masked_name: str = ""
    risk_level: str = ""  # green, yellow, red; "" when unknown
    reasons: tuple[str, ...] = ()
    outcome: rules.ScanOutcome | None = None
    card: id_cards.CardData | None = None
    relatives: tuple[tuple[int, str], ...] = ()  # (person_id, masked name) offered with a household owner


def status_of(cur: duckdb.DuckDBPyConnection, person_id: int) -> tuple[str, str, tuple[str, ...]]:
    """(masked name, risk level, reasons) from the latest declaration, raised to red by an open exposure flag."""
    row = cur.execute(
        "SELECT p.full_name, d.risk_level, d.risk_reasons FROM people p LEFT JOIN declarations d"
        " ON d.person_id = p.person_id AND d.declared_at = (SELECT max(declared_at) FROM declarations x"
        " WHERE x.person_id = p.person_id) WHERE p.person_id = ?",
        [person_id],
    ).fetchone()
    level, reasons = (row[1] or "", tuple(row[2] or ())) if row else ("", ())
    exposed = cur.execute(
        "SELECT 1 FROM risk_followups WHERE person_id = ? AND source = 'exposure' AND status <> 'cleared' LIMIT 1", [person_id]
    ).fetchone()
    if exposed:
        level, reasons = "red", (*reasons, "exposure")
    return (identity.mask_name(row[0]) if row else ""), level, reasons


def identify(cur: duckdb.DuckDBPyConnection, secret: str, payload: str) -> int | id_cards.CardData:
    """A person id for a personal code or a known ID card, the card data for an unknown card; InvalidCodeError else."""
    try:
        return households.verify_personal_code(cur, secret, payload)
    except InvalidCodeError as err:
        if err.key != "code.foreign":
            raise
    card = id_cards.parse_identity_qr(payload)
    person_id = find_by_citizen_id(cur, secret, card.id_number)
    return card if person_id is None else person_id


def handle_payload(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    venue_id: str,
    payload: str,
    mode: str = rules.AUTO,
    method: str = "staff_scan",
    window_seconds: int = 120,
) -> DoorResult:
    """One presented code, end to end. Never raises for a bad code: the refusal is the result."""
    try:
        if payload.strip().startswith(("http://", "https://")) or ".V." in payload[:6]:
            tokens.verify(secret, tokens.token_from_scan(payload))  # a valid poster: tell the guard what it is
            return DoorResult(REFUSED, "door.venue_code")
        who = identify(cur, secret, payload)
    except AppError as err:
        return DoorResult(REFUSED, err.key)
    if isinstance(who, id_cards.CardData):
        return DoorResult(UNKNOWN_CARD, "door.unknown_card", card=who)
    return record(cur, user, venue_id, who, mode, "id_card" if "|" in payload else method, window_seconds)


def record(
    cur: duckdb.DuckDBPyConnection,
    user: User | None,
    venue_id: str,
    person_id: int,
    mode: str,
    method: str,
    window_seconds: int = 120,
    now: datetime | None = None,
) -> DoorResult:
    """Apply the door rules for a known person and describe the result."""
    try:
        outcome = writer.record(cur, rules.ScanRequest(user, venue_id, person_id, mode, method, window_seconds, now))
    except AppError as err:
        return DoorResult(REFUSED, err.key, person_id)
    name, level, reasons = status_of(cur, person_id)
    relatives = ()
    if outcome.kind == rules.CHECKED_IN:
        # only a household owner's code offers the relatives (household_id is the owner's person_id)
        rows = cur.execute(
            "SELECT person_id, full_name FROM people WHERE household_id = $p AND person_id <> $p ORDER BY person_id", {"p": person_id}
        ).fetchall()
        relatives = tuple((r[0], identity.mask_name(r[1])) for r in rows)
    return DoorResult(outcome.kind, f"door.{outcome.kind}", person_id, name, level, reasons, outcome, relatives=relatives)


def find_without_code(
    cur: duckdb.DuckDBPyConnection, birth_year: object, phone: str = "", id_last4: str = "", limit: int = 10
) -> list[tuple[int, str]]:
    """People without their code at hand: phone plus birth year, or last four ID digits plus birth year.
    Returns (person_id, masked name) candidates for the guard to pick; birth year alone never matches."""
    from lib.platform.validation import normalize_phone

    year = identity.birth_year(birth_year)
    if str(phone).strip():
        number = normalize_phone(phone)
        rows = cur.execute(
            "SELECT person_id, full_name FROM people WHERE birth_year = ? AND (phone = ? OR"
            " (phone IS NULL AND owner_phone = ?)) ORDER BY person_id LIMIT ?",
            [year, number, number, limit],
        ).fetchall()
    elif len(str(id_last4).strip()) == 4 and str(id_last4).strip().isdigit():
        rows = cur.execute(
            "SELECT person_id, full_name FROM people WHERE birth_year = ? AND id_last4 = ? ORDER BY person_id LIMIT ?",
            [year, str(id_last4).strip(), limit],
        ).fetchall()
    else:
        return []
    return [(r[0], identity.mask_name(r[1])) for r in rows]
