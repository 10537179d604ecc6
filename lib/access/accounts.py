"""Accounts and sign-in: argon2 password hashes, lock-out after repeated failures, idle timeout.

Failed attempts are counted in the database, not the browser session, so opening a new tab does not reset
them. Every sign-in, failure and account change is audited.
"""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

import duckdb
import pandas as pd
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lib.access import audit, sign_in_guard
from lib.access.rate_limits import Client, atomic
from lib.access.users import ROLES, Role, User
from lib.platform.admin_units import SCHEMES
from lib.platform.db import scalar
from lib.platform.errors import AuthError, ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from lib.platform.frames import frame_of
from lib.platform.times import now_utc

MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[A-Za-z0-9._-]{3,32}$")
_hasher = PasswordHasher()
# Verifying against a dummy hash for unknown users keeps the timing the same as for a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


def hash_password(password: str) -> str:
    """argon2id hash with the library's current parameters."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when the password matches; never raises for a wrong or malformed hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def random_password() -> str:
    """A password for first-run accounts, printed once."""
    return secrets.token_urlsafe(12)


def create_user(
    cur: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    role: str,
    full_name: str,
    ward_scheme: str | None = None,
    ward_code: str | None = None,
    actor: User | None = None,
    must_change_password: bool = False,
) -> int:
    """Create an account; raises InvalidInputError for bad fields and ConflictError for a taken name.
    With `must_change_password` (a password someone else chose or printed) the first sign-in asks for a new one."""
    if not _USERNAME.match(username):
        raise InvalidInputError("err.username_invalid", field="username")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError("err.password_short", field="password", min=MIN_PASSWORD_LENGTH)
    ward_scheme, ward_code = _role_ward(cur, role, ward_scheme, ward_code)
    if cur.execute("SELECT 1 FROM users WHERE lower(username) = lower(?)", [username]).fetchone():
        raise ConflictError("err.username_taken", username=username)
    user_id = int(
        scalar(
            cur.execute(
                "INSERT INTO users (username, full_name, password_hash, role, ward_scheme, ward_code, must_change_password)"
                " VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING user_id",
                [username, full_name, hash_password(password), role, ward_scheme, ward_code, must_change_password],
            )
        )
    )
    audit.record(cur, actor, "create_user", target=username, details={"role": role, "ward": ward_code})
    return user_id


def _role_ward(
    cur: duckdb.DuckDBPyConnection, role: str | None, ward_scheme: str | None, ward_code: str | None
) -> tuple[str | None, str | None]:
    """A known role, and for a ward chair a real ward of a scheme; other roles hold no ward."""
    if not role:  # nothing chosen: a new account is never an administrator by default
        raise InvalidInputError("err.role_required", field="role")
    if role not in ROLES:
        raise InvalidInputError("err.role_unknown", field="role", role=role)
    if role != Role.WARD:
        return None, None
    known = (
        ward_scheme in SCHEMES
        and cur.execute("SELECT 1 FROM admin_units WHERE scheme = ? AND level = 'ward' AND code = ?", [ward_scheme, ward_code]).fetchone()
    )
    if not known:
        raise InvalidInputError("err.ward_required", field="ward")
    return ward_scheme, ward_code


def change_role(
    cur: duckdb.DuckDBPyConnection,
    actor: User,
    user_id: int,
    role: str,
    ward_scheme: str | None = None,
    ward_code: str | None = None,
    active: bool = True,
) -> None:
    """An administrator changes an account's role (and ward) or disables it; audited with before and after.
    An administrator cannot demote or disable themself (there must always be one who can undo it)."""
    if actor.role != Role.ADMIN:
        raise PermissionDeniedError("err.forbidden")
    if user_id == actor.user_id and (role != Role.ADMIN or not active):
        raise InvalidInputError("err.self_demotion", field="role")
    ward_scheme, ward_code = _role_ward(cur, role, ward_scheme, ward_code)
    before = cur.execute("SELECT username, role, ward_code, active FROM users WHERE user_id = ?", [user_id]).fetchone()
    if before is None:
        raise NotFoundError("err.user_unknown", username=str(user_id))
    cur.execute(
        "UPDATE users SET role = ?, ward_scheme = ?, ward_code = ?, active = ? WHERE user_id = ?",
        [role, ward_scheme, ward_code, active, user_id],
    )
    audit.record(
        cur,
        actor,
        "change_role",
        target=before[0],
        details={
            "from": {"role": before[1], "ward": before[2], "active": before[3]},
            "to": {"role": role, "ward": ward_code, "active": active},
        },
    )


def assign_venue(cur: duckdb.DuckDBPyConnection, user_id: int, venue_id: str, actor: User | None = None) -> None:
    """Let a staff user scan at a venue (re-granting clears an earlier revocation)."""
    cur.execute(
        "INSERT INTO venue_staff (venue_id, user_id, granted_by) VALUES (?, ?, ?)"
        " ON CONFLICT (venue_id, user_id) DO UPDATE SET revoked_at = NULL, granted_at = now()",
        [venue_id, user_id, actor.user_id if actor else None],
    )
    audit.record(cur, actor, "assign_venue", target=venue_id, details={"user_id": user_id})


def load_user(cur: duckdb.DuckDBPyConnection, user_id: int) -> User:
    """The current state of an account as a User (venues of staff included); NotFoundError if gone."""
    row = cur.execute(
        "SELECT user_id, username, full_name, role, ward_scheme, ward_code, active, must_change_password FROM users WHERE user_id = ?",
        [user_id],
    ).fetchone()
    if row is None or not row[6]:
        raise NotFoundError("err.disabled")
    venues = cur.execute(
        "SELECT venue_id FROM venue_staff WHERE user_id = ? AND revoked_at IS NULL ORDER BY venue_id", [user_id]
    ).fetchall()
    return User(row[0], row[1], row[2], Role(row[3]), row[4], row[5], tuple(v[0] for v in venues), bool(row[7]))


def authenticate(
    cur: duckdb.DuckDBPyConnection,
    username: str,
    password: str,
    max_failures: int,
    lockout_minutes: int,
    now: datetime | None = None,
    *,
    client: Client | None = None,
    secret: str = "",
) -> User:
    """Check a sign-in; raises AuthError("err.sign_in_refused") for every refusal alike (unknown name, wrong
    password, disabled or locked account), so the answer never tells which accounts exist.

    The attempt is counted before the password is checked (lib.access.sign_in_guard): after `max_failures`
    attempts from one client the account is locked for that client for `lockout_minutes` (doubled at each
    lock in a row), and the password is then not checked at all, so guessing cannot continue. `secret` keys the
    hash an unknown name is counted under.
    """
    now = now or now_utc()
    row = cur.execute("SELECT user_id, password_hash, active FROM users WHERE lower(username) = lower(?)", [username.strip()]).fetchone()
    account = sign_in_guard.account_key(secret, username, int(row[0]) if row else None)
    where = client.key if client else sign_in_guard.LOCAL
    target = username.strip()[:64]
    if not sign_in_guard.reserve(cur, account, where, max_failures, lockout_minutes, now):
        audit.record(cur, None, "sign_in_failed", target=target, details={"refused": "locked"})
        raise AuthError("err.sign_in_refused")
    matches = verify_password(row[1] if row else _DUMMY_HASH, password)  # unknown names cost the same time
    if row is None or not matches or not row[2]:
        why = "unknown" if row is None else "password" if not matches else "disabled"
        audit.record(cur, None, "sign_in_failed", target=target, details={"refused": why})
        raise AuthError("err.sign_in_refused")
    sign_in_guard.clear(cur, account, where)
    atomic(cur, "UPDATE users SET last_login_at = ? WHERE user_id = ?", [now, row[0]])
    user = load_user(cur, int(row[0]))
    audit.record(cur, user, "sign_in")
    return user


def locked_until(cur: duckdb.DuckDBPyConnection, user_id: int, now: datetime | None = None) -> datetime | None:
    """Until when the account is locked for at least one client (for the users page), or None."""
    return sign_in_guard.locked_until(cur, sign_in_guard.account_key("", "", user_id), now or now_utc())


def session_expired(last_seen: datetime, idle_minutes: int, now: datetime | None = None) -> bool:
    """Whether a session idle since `last_seen` must sign in again."""
    return (now or now_utc()) - last_seen > timedelta(minutes=idle_minutes)


def list_users(cur: duckdb.DuckDBPyConnection, now: datetime | None = None) -> pd.DataFrame:
    """All accounts for the admin's users page (never the hashes); `locked_until` is the latest sign-in lock
    still running at any client (lib.access.sign_in_guard)."""
    return frame_of(
        cur.execute(
            "SELECT u.user_id, u.username, u.full_name, u.role, u.ward_scheme, u.ward_code, u.active, u.last_login_at,"
            " (SELECT max(f.locked_until) FROM sign_in_failures f WHERE f.account_key = 'user:' || u.user_id AND f.locked_until > $now)"
            " AS locked_until, u.must_change_password FROM users u ORDER BY u.role, u.username",
            {"now": now or now_utc()},
        )
    )


def user_count(cur: duckdb.DuckDBPyConnection) -> int:
    """How many accounts exist (first-run detection)."""
    return int(scalar(cur.execute("SELECT count(*) FROM users")))


def _account(cur: duckdb.DuckDBPyConnection, actor: User, user_id: int) -> str:
    """The username of an account an administrator acts on; PermissionDeniedError for anyone else."""
    if actor.role != "admin":
        raise PermissionDeniedError("err.forbidden")
    row = cur.execute("SELECT username FROM users WHERE user_id = ?", [user_id]).fetchone()
    if row is None:
        raise NotFoundError("err.user_unknown", username=str(user_id))
    return str(row[0])


def _end_sessions(cur: duckdb.DuckDBPyConnection, user_id: int, reason: str) -> None:
    """Revoke the account's sign-in sessions (the table of lib.access.sessions), e.g. after a password reset."""
    cur.execute(
        "UPDATE staff_sessions SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL",
        [now_utc(), reason, user_id],
    )


def unlock(cur: duckdb.DuckDBPyConnection, actor: User, user_id: int) -> int:
    """An administrator lifts every sign-in lock of an account, at every client (failed sign-ins counted from
    zero again); audited with the number of lock records cleared, which it returns."""
    username = _account(cur, actor, user_id)
    cleared = sign_in_guard.unlock(cur, sign_in_guard.account_key("", username, user_id))
    cur.execute("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE user_id = ?", [user_id])
    audit.record(cur, actor, "unlock_user", target=username, row_count=cleared)
    return cleared


def reset_password(cur: duckdb.DuckDBPyConnection, actor: User, user_id: int) -> str:
    """An administrator gives an account a new random password (returned once, to hand over), which must be
    changed at the next sign-in; the account is unlocked and its sessions are ended. Audited."""
    username = _account(cur, actor, user_id)
    password = random_password()
    cur.execute(
        "UPDATE users SET password_hash = ?, must_change_password = TRUE, failed_logins = 0, locked_until = NULL WHERE user_id = ?",
        [hash_password(password), user_id],
    )
    sign_in_guard.unlock(cur, sign_in_guard.account_key("", username, user_id))
    _end_sessions(cur, user_id, "password_reset")
    audit.record(cur, actor, "reset_password", target=username)
    return password


def change_own_password(cur: duckdb.DuckDBPyConnection, user: User, current: str, new: str) -> User:
    """The signed-in person chooses a new password (the forced change at first sign-in included).

    Raises AuthError when `current` is wrong and InvalidInputError when the new one is short or unchanged.
    """
    row = cur.execute("SELECT password_hash FROM users WHERE user_id = ?", [user.user_id]).fetchone()
    if row is None or not verify_password(row[0], current):
        raise AuthError("err.bad_password")
    if len(new) < MIN_PASSWORD_LENGTH:
        raise InvalidInputError("err.password_short", field="new_password", min=MIN_PASSWORD_LENGTH)
    if new == current:
        raise InvalidInputError("err.password_same", field="new_password")
    cur.execute("UPDATE users SET password_hash = ?, must_change_password = FALSE WHERE user_id = ?", [hash_password(new), user.user_id])
    audit.record(cur, user, "change_password", target=user.username)
    return load_user(cur, user.user_id)
