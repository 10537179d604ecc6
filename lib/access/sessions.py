"""Staff sign-in sessions: a server-side record per sign-in behind a signed, HttpOnly cookie.

Why a record and not the browser session: a Streamlit session id travels in URLs and websocket messages, so
it cannot be the credential (a websocket that names it would join the signed-in session). The credential is a
random token that only ever lives in an HttpOnly cookie; the database keeps its SHA-256, who it belongs to,
when it was made and last used, and whether it was revoked. Every script run (fragment reruns included) turns
the cookie back into a user through `user_for_token`, so an idle, revoked or disabled session stops at once.

Sign-in happens on the websocket, where no cookie can be set; `open_session` therefore stores a one-time
ticket (valid `TICKET_SECONDS`) that the browser exchanges over HTTP (`claim_ticket`) for the cookie. A new
record is made at every sign-in, and the cookie's previous record is revoked then.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import duckdb

from lib.access import accounts, audit
from lib.access.users import User
from lib.platform.errors import AuthError, NotFoundError
from lib.platform.times import now_utc

TICKET_SECONDS = 60
# last_seen_at is written at most once a minute per session: the door page reruns several times a second.
TOUCH_SECONDS = 60
COOKIE_NAME = "qrcheckin_session"


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def seal(secret: str, token: str) -> str:
    """The cookie value: the token with its HMAC-SHA256 under the server secret (tamper-evident)."""
    mac = hmac.new(secret.encode(), b"session:" + token.encode(), hashlib.sha256).hexdigest()
    return f"{token}.{mac}"


def unseal(secret: str, value: str | None) -> str | None:
    """The token inside a cookie value, or None when it is missing or its signature does not match."""
    if not value or value.count(".") != 1:
        return None
    token, _ = value.split(".")
    return token if hmac.compare_digest(seal(secret, token), value) else None


def open_session(cur: duckdb.DuckDBPyConnection, user: User, now: datetime | None = None) -> str:
    """Record a new sign-in of `user` and return its one-time ticket (the browser trades it for the cookie)."""
    now = now or now_utc()
    ticket = secrets.token_urlsafe(32)
    cur.execute(
        "INSERT INTO staff_sessions (user_id, ticket_hash, ticket_until, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
        [user.user_id, _digest(ticket), now + timedelta(seconds=TICKET_SECONDS), now, now],
    )
    return ticket


def claim_ticket(cur: duckdb.DuckDBPyConnection, ticket: str, previous_token: str | None = None, now: datetime | None = None) -> str:
    """Exchange a sign-in ticket for the session token (once, within TICKET_SECONDS); the session the browser
    held before, if any, is revoked. Raises AuthError for an unknown, used or expired ticket."""
    now = now or now_utc()
    token = secrets.token_urlsafe(32)
    try:
        row = cur.execute(
            "UPDATE staff_sessions SET token_hash = ?, ticket_hash = NULL, ticket_until = NULL, last_seen_at = ?"
            " WHERE ticket_hash = ? AND ticket_until >= ? AND token_hash IS NULL AND revoked_at IS NULL RETURNING session_id",
            [_digest(token), now, _digest(ticket), now],
        ).fetchone()
    except duckdb.TransactionException:  # the same ticket claimed twice at once: one of them wins
        row = None
    if row is None:
        raise AuthError("err.session_ticket")
    if previous_token:
        cur.execute(
            "UPDATE staff_sessions SET revoked_at = ?, revoked_reason = 'new_sign_in'"
            " WHERE token_hash = ? AND revoked_at IS NULL AND session_id <> ?",
            [now, _digest(previous_token), row[0]],
        )
    return token


def user_for_token(cur: duckdb.DuckDBPyConnection, token: str, idle_minutes: int, now: datetime | None = None) -> User:
    """The signed-in user of a session token, read from the database now.

    Raises AuthError("err.session_ended") for an unknown or revoked token, AuthError("signin.expired") after
    `idle_minutes` without a run (the record is then revoked), and NotFoundError("err.disabled") when the
    account was disabled (its sessions are revoked).
    """
    now = now or now_utc()
    row = cur.execute(
        "SELECT session_id, user_id, last_seen_at, revoked_at FROM staff_sessions WHERE token_hash = ?", [_digest(token)]
    ).fetchone()
    if row is None or row[3] is not None:
        raise AuthError("err.session_ended")
    session_id, user_id, last_seen, _ = row
    if accounts.session_expired(last_seen, idle_minutes, now):
        _revoke(cur, session_id, "idle", now)
        raise AuthError("signin.expired", minutes=idle_minutes)
    try:
        user = accounts.load_user(cur, user_id)
    except NotFoundError:
        end_user_sessions(cur, user_id, "disabled", now)
        raise
    if now - last_seen > timedelta(seconds=TOUCH_SECONDS):
        # another tab of the same session may touch it at the same moment: either write is as good
        with contextlib.suppress(duckdb.TransactionException):
            cur.execute("UPDATE staff_sessions SET last_seen_at = ? WHERE session_id = ? AND last_seen_at < ?", [now, session_id, now])
    return user


def end_session(cur: duckdb.DuckDBPyConnection, token: str, reason: str = "sign_out", now: datetime | None = None) -> None:
    """Revoke the session of a token (sign-out); audited. An unknown token is ignored."""
    now = now or now_utc()
    row = cur.execute(
        "UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE token_hash = ? AND revoked_at IS NULL"
        " RETURNING session_id, user_id",
        [now, reason, _digest(token)],
    ).fetchone()
    if row is not None:
        audit.record(cur, None, "sign_out", target=str(row[1]), details={"session": int(row[0]), "reason": reason})


def end_user_sessions(cur: duckdb.DuckDBPyConnection, user_id: int, reason: str, now: datetime | None = None) -> int:
    """Revoke every live session of an account (disabled, password reset or changed); returns how many."""
    rows = cur.execute(
        "UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL RETURNING session_id",
        [now or now_utc(), reason, user_id],
    ).fetchall()
    return len(rows)


def end_other_sessions(cur: duckdb.DuckDBPyConnection, user_id: int, keep_token: str, reason: str, now: datetime | None = None) -> int:
    """Revoke every session of an account but the one of `keep_token` (after a password change)."""
    rows = cur.execute(
        "UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL"
        " AND coalesce(token_hash, '') <> ? RETURNING session_id",
        [now or now_utc(), reason, user_id, _digest(keep_token)],
    ).fetchall()
    return len(rows)


def _revoke(cur: duckdb.DuckDBPyConnection, session_id: int, reason: str, now: datetime) -> None:
    cur.execute(
        "UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE session_id = ? AND revoked_at IS NULL",
        [now, reason, session_id],
    )
