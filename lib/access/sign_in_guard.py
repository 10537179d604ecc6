"""Failed sign-ins, counted per account and client address and per account from anywhere, with back-off.

An attempt is reserved before the password is checked, in one atomic statement (lib.access.rate_limits.atomic):
the count allows the check or it does not, so 20 parallel guesses against a limit of 5 verify 5 passwords, not
16. One client that reaches the limit locks the account for itself only (a script cannot lock every account for
everybody); the account from anywhere locks at `ACCOUNT_FACTOR` times the limit, for many clients together. Each
lock in a row doubles the next one. Unknown user names are counted exactly like accounts (keyed hash of the
name), so the answers never tell them apart.
"""

from __future__ import annotations

from datetime import datetime

import duckdb

from lib.access.rate_limits import atomic, subject_key
from lib.platform.db import scalar

ANYWHERE = "*"
LOCAL = "local"  # the command line and tests: no client address
ACCOUNT_FACTOR = 4
MAX_DOUBLINGS = 6  # 15 minutes doubled 6 times: 16 hours at most

_EXPIRED = "(sign_in_failures.locked_until IS NOT NULL AND sign_in_failures.locked_until <= $now)"
_NEXT = f"(CASE WHEN {_EXPIRED} THEN 1 ELSE sign_in_failures.failures + 1 END)"
_RESERVE = (
    "INSERT INTO sign_in_failures (account_key, client_key, failures, locked_until, locks, updated_at)"
    " VALUES ($account, $client, 1, CASE WHEN 1 >= $max THEN $now + to_minutes(CAST($minutes AS BIGINT)) END,"
    " CASE WHEN 1 >= $max THEN 1 ELSE 0 END, $now)"
    " ON CONFLICT (account_key, client_key) DO UPDATE SET"
    f" failures = {_NEXT},"
    f" locked_until = CASE WHEN {_NEXT} = $max"
    f" THEN $now + to_minutes(CAST($minutes * pow(2, least(sign_in_failures.locks, {MAX_DOUBLINGS})) AS BIGINT))"
    f" WHEN {_EXPIRED} THEN NULL ELSE sign_in_failures.locked_until END,"
    f" locks = sign_in_failures.locks + CASE WHEN {_NEXT} = $max THEN 1 ELSE 0 END,"
    " updated_at = $now"
    " RETURNING failures"
)


def account_key(secret: str, username: str, user_id: int | None) -> str:
    """What the failures of a typed name are counted under: the account, or a keyed hash of an unknown name."""
    return f"user:{user_id}" if user_id is not None else subject_key(secret, "username", username.strip().lower()[:64])


def reserve(cur: duckdb.DuckDBPyConnection, account: str, client: str, max_failures: int, lockout_minutes: int, now: datetime) -> bool:
    """Count one attempt for the account at this client, then for the account from anywhere; True when both
    counts allow the password to be checked. A client already over its limit adds nothing to the account's."""
    for where, limit in ((client, max_failures), (ANYWHERE, max_failures * ACCOUNT_FACTOR)):
        params = {"account": account, "client": where, "max": limit, "minutes": lockout_minutes, "now": now}
        if int(atomic(cur, _RESERVE, params)[0]) > limit:
            return False
    return True


def clear(cur: duckdb.DuckDBPyConnection, account: str, client: str) -> None:
    """A successful sign-in forgets the failures at this client and the account's from anywhere."""
    atomic(
        cur,
        "DELETE FROM sign_in_failures WHERE account_key = $account AND client_key IN ($client, $anywhere)",
        {"account": account, "client": client, "anywhere": ANYWHERE},
    )


def unlock(cur: duckdb.DuckDBPyConnection, account: str) -> int:
    """Forget every failure and lock of an account (an administrator's unlock); how many rows were cleared."""
    return int(scalar(cur.execute("DELETE FROM sign_in_failures WHERE account_key = ?", [account])))


def locked_until(cur: duckdb.DuckDBPyConnection, account: str, now: datetime) -> datetime | None:
    """The latest lock of the account still running anywhere (for the users page), or None."""
    return scalar(cur.execute("SELECT max(locked_until) FROM sign_in_failures WHERE account_key = ? AND locked_until > ?", [account, now]))
