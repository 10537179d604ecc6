"""Health officers' look-up of a person and their epidemiological history. Every search and every history
view is audited with the officer's stated reason (Decree 356/2025: who looked at what, and why)."""

from __future__ import annotations

import re
import unicodedata

import duckdb
import pandas as pd

from lib.access import audit
from lib.access.scope import person_clause, scope_for
from lib.access.users import User
from lib.codes import tokens
from lib.people import households
from lib.people.identity import id_hash
from lib.platform.errors import InvalidCodeError, InvalidInputError, NotFoundError
from lib.platform.frames import frame_of
from lib.platform.validation import clean_text, normalize_phone

COLUMNS = "p.person_id, p.household_id, p.full_name, p.birth_year, p.gender, p.phone, p.owner_phone, p.ward_code, p.id_last4"


def _reason(reason: str) -> str:
    return clean_text(reason, "reason", 300)


def search_people(cur: duckdb.DuckDBPyConnection, user: User, secret: str, query: str, reason: str, limit: int = 200) -> pd.DataFrame:
    """By phone, personal code, 12-digit citizen ID (matched by its keyed hash) or part of the name."""
    reason = _reason(reason)
    text = unicodedata.normalize("NFC", str(query or "")).strip()
    if not text:
        raise InvalidInputError("val.required", field="query")
    digits = re.sub(r"[\s.+-]", "", text)
    if text.startswith("C1."):
        try:
            token = tokens.verify(secret, text)
        except InvalidCodeError:
            token = None
        condition, value = "p.person_id = $v", int(token.subject) if token and token.kind == tokens.PERSON else -1
    elif digits.isdigit() and len(digits) == 12:
        condition, value = "p.id_hash = $v", id_hash(secret, digits)
    elif digits.isdigit() and len(digits) >= 9:
        condition, value = "(p.phone = $v OR p.owner_phone = $v)", normalize_phone(text, "query")
    else:
        condition, value = "contains(p.full_name, $v)", text.upper()
    scope = scope_for(user)
    frame = frame_of(
        cur.execute(
            f"SELECT {COLUMNS} FROM people p WHERE {condition} AND {person_clause(scope)} ORDER BY p.full_name LIMIT $limit",
            {**scope.params(), "v": value, "limit": limit},
        )
    )
    audit.record(cur, user, "search_people", target=text[:64], row_count=len(frame), reason=reason)
    return frame


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
