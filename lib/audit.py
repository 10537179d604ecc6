"""The audit log: append-only record of who did what to which data, how many rows, and why.

The app never updates or deletes audit rows; a breach report (72 hours under Decree 356/2025) is written
from here.
"""

from __future__ import annotations

import json

import duckdb

from lib.auth_types import User


def record(cur: duckdb.DuckDBPyConnection, user: User | None, action: str, target: str | None = None,
           row_count: int | None = None, reason: str | None = None, details: dict | None = None) -> None:
    """Append one audit row (details as JSON text)."""
    cur.execute(
        "INSERT INTO audit_log (user_id, username, action, target, row_count, reason, details)"
        " VALUES (?, ?, ?, ?, ?, ?, ?)",
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

