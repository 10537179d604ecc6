"""Coming back: a returning person finds their household by phone number plus a check only they can pass
(their personal code, or the last four ID digits and the birth year) — never by phone alone — with attempts
rate-limited per client, per phone at a client and per phone (lib.access.rate_limits). Also the household's
codes and the epidemiological history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from lib.access import audit, rate_limits
from lib.access.rate_limits import Client
from lib.access.users import User
from lib.codes import tokens
from lib.people import identity
from lib.platform.errors import ConflictError, InvalidCodeError, NotFoundError
from lib.platform.frames import frame_of
from lib.platform.times import now_utc
from lib.platform.validation import normalize_phone

MAX_FAILURES = rate_limits.LIMITS["household_lookup"]["phone_client"].count  # tries of one phone from one client
WINDOW = rate_limits.LIMITS["household_lookup"]["phone_client"].window


@dataclass(frozen=True)
class Member:
    person_id: int
    masked_name: str
    relationship: str
    token: str
    last_declared_at: datetime | None
    risk_level: str | None


def find_household(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    phone: str,
    personal_code: str = "",
    id_last4: str = "",
    birth_year: object = "",
    now: datetime | None = None,
    client: Client | None = None,
) -> int:
    """The household id for a phone and a passing check; NotFoundError (same message whatever failed) or
    ConflictError when the client, the phone at this client, the phone from anywhere or everybody together is
    over its limit (lib.access.rate_limits, counted atomically before anything is compared)."""
    now = now or now_utc()
    phone = normalize_phone(phone)
    try:
        rate_limits.allow(cur, secret, "household_lookup", client=client, phone=phone, now=now)
    except ConflictError:
        raise ConflictError("err.lookup_limited", minutes=int(WINDOW.total_seconds() // 60)) from None
    members = cur.execute(
        "SELECT person_id, household_id, code_version, id_last4, birth_year FROM people"
        " WHERE owner_phone = ? OR phone = ? ORDER BY person_id",
        [phone, phone],
    ).fetchall()
    household = None
    for person_id, household_id, version, last4, year in members:
        if personal_code.strip():
            try:
                token = tokens.verify(secret, tokens.token_from_scan(personal_code))
            except InvalidCodeError:
                break
            if token.kind == tokens.PERSON and token.subject == str(person_id) and token.version == version:
                household = household_id
                break
        elif last4 and str(id_last4).strip() == str(last4) and str(birth_year).strip() == str(year):
            household = household_id
            break
    if household is None:
        raise NotFoundError("err.household_not_found")
    return int(household)


def members(cur: duckdb.DuckDBPyConnection, secret: str, household_id: int) -> list[Member]:
    """Everyone in the household with their code and latest declaration."""
    rows = cur.execute(
        "SELECT p.person_id, p.full_name, p.relationship, p.code_version, d.declared_at, d.risk_level"
        " FROM people p LEFT JOIN (SELECT person_id, max_by(declared_at, declared_at) AS declared_at,"
        "   max_by(risk_level, declared_at) AS risk_level FROM declarations GROUP BY person_id) d USING (person_id)"
        " WHERE p.household_id = ? ORDER BY p.person_id",
        [household_id],
    ).fetchall()
    return [
        Member(r[0], identity.mask_name(r[1]), r[2], tokens.sign(secret, tokens.PERSON, str(r[0]), int(r[3])), r[4], r[5]) for r in rows
    ]


def history(cur: duckdb.DuckDBPyConnection, person_id: int) -> pd.DataFrame:
    """Lịch sử dịch tễ: declarations and visits with times, most recent first."""
    return frame_of(
        cur.execute(
            "SELECT * FROM ("
            " SELECT declared_at AS moment, 'declaration' AS kind, risk_level AS detail, NULL AS venue, NULL AS left_at"
            " FROM declarations WHERE person_id = $p"
            " UNION ALL SELECT c.checked_in_at, 'visit', v.venue_id, v.name, c.checked_out_at"
            " FROM checkins c JOIN venues v USING (venue_id) WHERE c.person_id = $p"
            ") ORDER BY moment DESC",
            {"p": person_id},
        )
    )


def revoke_code(cur: duckdb.DuckDBPyConnection, person_id: int, actor: User | None = None) -> int:
    """Bump a person's code version: the old personal QR stops working. Audited like every change of codes."""
    row = cur.execute(
        "UPDATE people SET code_version = code_version + 1, updated_at = now() WHERE person_id = ? RETURNING code_version", [person_id]
    ).fetchone()
    if row is None:
        raise NotFoundError("err.household_not_found")
    audit.record(cur, actor, "revoke_personal_code", target=str(person_id), details={"version": int(row[0])})
    return int(row[0])


def verify_personal_code(cur: duckdb.DuckDBPyConnection, secret: str, text: str) -> int:
    """The person behind a scanned personal code; InvalidCodeError for foreign, forged, venue or revoked codes."""
    token = tokens.verify(secret, tokens.token_from_scan(text))
    if token.kind != tokens.PERSON:
        raise InvalidCodeError("code.venue_not_personal")
    row = cur.execute("SELECT code_version FROM people WHERE person_id = ?", [int(token.subject)]).fetchone()
    if row is None:
        raise InvalidCodeError("code.foreign")
    if int(row[0]) != token.version:
        raise InvalidCodeError("code.revoked")
    return int(token.subject)


def code_holders(cur: duckdb.DuckDBPyConnection, secret: str, codes: list[str]) -> list[tuple[int, str]]:
    """(person id, masked name) for each valid personal code among `codes` (kept on a phone), once per person
    and in the order given; forged, foreign, venue and revoked codes are left out. The names come from the
    database, never from the phone, so nothing typed on a phone is shown as a label."""
    holders: dict[int, str] = {}
    for code in codes:
        try:
            person_id = verify_personal_code(cur, secret, code)
        except InvalidCodeError:
            continue
        if person_id not in holders:
            row = cur.execute("SELECT full_name FROM people WHERE person_id = ?", [person_id]).fetchone()
            if row is not None:
                holders[person_id] = identity.mask_name(row[0])
    return list(holders.items())
