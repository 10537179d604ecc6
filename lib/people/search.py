"""Health officers' look-up of a person and their epidemiological history. Every search and every history
view is audited with the officer's stated reason (Decree 356/2025: who looked at what, and why)."""

from __future__ import annotations

import contextlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import duckdb
import pandas as pd

from lib.access import audit
from lib.access.scope import person_clause, scope_for
from lib.access.users import User
from lib.codes import tokens
from lib.people import households
from lib.people.identity import id_hash, mask_name
from lib.platform.errors import InvalidCodeError, InvalidInputError, NotFoundError
from lib.platform.frames import frame_of
from lib.platform.threads import parallel_work
from lib.platform.validation import clean_text, normalize_phone

COLUMNS = "p.person_id, p.household_id, p.full_name, p.birth_year, p.gender, p.phone, p.owner_phone, p.ward_code, p.id_last4"


def _reason(reason: str) -> str:
    return clean_text(reason, "reason", 300)


@dataclass(frozen=True)
class SearchTerm:
    """What a search looked for: the SQL condition and value, and what the audit log keeps instead of the
    term itself (`shown`: the kind and a masked form, e.g. "CCCD …1234"; `key`: a keyed hash of the
    normalised term, so an administrator who types the same number finds the search again)."""

    condition: str
    value: object
    shown: str
    key: str


def search_term(secret: str, query: str) -> SearchTerm:
    """Classify a typed search (personal code, 12-digit citizen ID, phone, part of a name) and normalise it;
    InvalidInputError when empty or not a valid phone."""
    text = unicodedata.normalize("NFC", str(query or "")).strip()
    if not text:
        raise InvalidInputError("val.required", field="query")
    digits = re.sub(r"[\s.+-]", "", text)
    if text.startswith("C1."):
        try:
            token = tokens.verify(secret, text)
        except InvalidCodeError:
            token = None
        person = int(token.subject) if token and token.kind == tokens.PERSON else -1
        kind, normalised, shown, condition, value = "code", str(person), "mã cá nhân", "p.person_id = $v", person
    elif digits.isdigit() and len(digits) == 12:
        kind, normalised, shown = "cccd", digits, f"CCCD …{digits[-4:]}"
        condition, value = "p.id_hash = $v", id_hash(secret, digits)
    elif digits.isdigit() and len(digits) >= 9:
        normalised = normalize_phone(text, "query")
        kind, shown, condition, value = "phone", mask_phone(normalised), "(p.phone = $v OR p.owner_phone = $v)", normalised
    else:
        normalised = " ".join(text.upper().split())
        kind, shown, condition, value = "name", mask_name(normalised), "contains(p.full_name, $v)", text.upper()
    return SearchTerm(condition, value, f"{kind}: {shown}"[:64], audit.term_key(secret, f"{kind}:{normalised}"))


def mask_phone(phone: str) -> str:
    """'0912345678' -> '091****678': enough to tell two searches apart on screen, not to call anyone."""
    return phone[:3] + "*" * max(len(phone) - 6, 1) + phone[-3:] if len(phone) > 6 else "*" * len(phone)


@parallel_work
def search_people(cur: duckdb.DuckDBPyConnection, user: User, secret: str, query: str, reason: str, limit: int = 200) -> pd.DataFrame:
    """By phone, personal code, 12-digit citizen ID (matched by its keyed hash) or part of the name. The audit
    row keeps the kind, a masked form and a keyed hash of the term, never the number, phone or name typed."""
    reason = _reason(reason)
    term = search_term(secret, query)
    scope = scope_for(user)
    frame = frame_of(
        cur.execute(
            f"SELECT {COLUMNS} FROM people p WHERE {term.condition} AND {person_clause(scope)} ORDER BY p.full_name LIMIT $limit",
            {**scope.params(), "v": term.value, "limit": limit},
        )
    )
    audit.record(cur, user, "search_people", target=term.shown, row_count=len(frame), reason=reason, details={"term": term.key})
    return frame


def audit_search(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    secret: str,
    text: str = "",
    action: str | None = None,
    username: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
) -> pd.DataFrame:
    """The administrator's audit search (`audit.search`), where a typed ID number, phone or name also finds
    the searches for it through their keyed hash (the log keeps no term in clear)."""
    keys: list[str] = []
    if text.strip():
        with contextlib.suppress(InvalidInputError):  # not a valid phone: the text search alone
            keys.append(search_term(secret, text).key)
    return audit.search(cur, user, text, action, username, since, until, term_keys=keys)


@parallel_work
def person_history(cur: duckdb.DuckDBPyConnection, user: User, person_id: int, reason: str) -> pd.DataFrame:
    """A person's declarations and visits, most recent first; NotFoundError outside the officer's scope."""
    reason = _reason(reason)
    scope = scope_for(user)
    found = cur.execute(
        f"SELECT 1 FROM people p WHERE p.person_id = $id AND {person_clause(scope)}", {**scope.params(), "id": person_id}
    ).fetchone()
    if not found:
        raise NotFoundError("err.household_not_found")
    frame = households.history(cur, person_id)
    audit.record(cur, user, "view_history", target=str(person_id), row_count=len(frame), reason=reason)
    return frame
