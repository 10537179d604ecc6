"""The audit log: append-only record of who did what to which data, how many rows, and why.

The app never updates or deletes audit rows; a breach report (72 hours under Decree 356/2025) is written
from here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import datetime

import duckdb
import pandas as pd

from lib.access.users import Role, User
from lib.platform.errors import PermissionDeniedError
from lib.platform.validation import clean_text


def record(
    cur: duckdb.DuckDBPyConnection,
    user: User | None,
    action: str,
    target: str | None = None,
    row_count: int | None = None,
    reason: str | None = None,
    details: dict | None = None,
) -> None:
    """Append one audit row (details as JSON text)."""
    cur.execute(
        "INSERT INTO audit_log (user_id, username, action, target, row_count, reason, details) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            user.user_id if user else None,
            user.username if user else None,
            action,
            target,
            row_count,
            reason,
            json.dumps(details, ensure_ascii=False) if details else None,
        ],
    )


def term_key(secret: str, term: str) -> str:
    """Keyed hash (HMAC-SHA256 under the app's secret, shortened) of a normalised search term: the log can tell
    which searches looked for the same ID number or phone without holding it."""
    return hmac.new(secret.encode(), f"search-term:{term}".encode(), hashlib.sha256).hexdigest()[:24]


def search(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    text: str = "",
    action: str | None = None,
    username: str = "",
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int = 2000,
    term_keys: list[str] | None = None,
) -> pd.DataFrame:
    """Audit rows for the administrator, newest first; `text` matches target, reason and details, or a row
    whose search term has one of `term_keys` (`term_key`). Read-only: this module has no update or delete,
    so the log cannot be edited from the app."""
    if user.role != Role.ADMIN:
        raise PermissionDeniedError("err.forbidden")
    conditions: list[str] = ["TRUE"]
    params: dict[str, object] = {"limit": limit}
    optional = {
        "action": ("action = $action", action),
        "username": ("username = $username", username.strip() or None),
        "since": ("occurred_at >= $since", since),
        "until": ("occurred_at < $until", until),
        "text": (
            "(strpos(lower(concat_ws(' ', target, reason, details)), lower($text)) > 0"
            " OR list_contains($keys, json_extract_string(details, '$.term')))",
            text.strip() or None,
        ),
    }
    if text.strip():
        params["keys"] = list(term_keys or []) or [""]  # never empty: an empty list has no type to bind
    for name, (condition, value) in optional.items():
        if value is not None:
            conditions.append(condition)
            params[name] = value
    return cur.execute(
        "SELECT audit_id, occurred_at, username, action, target, row_count, reason, details FROM audit_log"
        f" WHERE {' AND '.join(conditions)} ORDER BY audit_id DESC LIMIT $limit",
        params,
    ).df()


def actions(cur: duckdb.DuckDBPyConnection) -> list[str]:
    """The kinds of action present in the log, for the filter."""
    return [r[0] for r in cur.execute("SELECT DISTINCT action FROM audit_log ORDER BY action").fetchall()]


def viewed(cur: duckdb.DuckDBPyConnection, user: User, page: str, rows: int, purpose: str) -> None:
    """Personal rows shown on screen: who, which page, how many rows and why. Raises InvalidInputError when
    the purpose is missing."""
    record(cur, user, "view_personal", target=page, row_count=rows, reason=clean_text(purpose, "purpose", 300))


def record_export(cur: duckdb.DuckDBPyConnection, user: User, action: str, target: str, rows: int, reason: str, fmt: str) -> None:
    """Personal data leaves the system only with a stated reason; who, when, what, how many rows and why are
    audited. Raises InvalidInputError when the reason is missing."""
    reason = clean_text(reason, "reason", 300)
    record(cur, user, action, target=target, row_count=rows, reason=reason, details={"format": fmt})


def exported_file(
    cur: duckdb.DuckDBPyConnection, user: User, action: str, target: str, rows: int, reason: str, fmt: str, make: Callable[[], bytes]
) -> bytes:
    """The bytes of a personal file, produced only after its audit row is written: the reason is checked
    (InvalidInputError when missing) and the export recorded before `make` runs, so no file with personal
    data exists without its row. Download buttons call this from the function that produces the file."""
    record_export(cur, user, action, target, rows, reason, fmt)
    return make()
