"""Rate limits of the public pages (no account): a browser session may do an action only so often, so a
script cannot flood the registry with declarations. (Self check-in and "coming back" have their own limits
per phone in lib.checkins.self_checkin and lib.people.households.)"""

from __future__ import annotations

from datetime import datetime, timedelta

import duckdb

from lib.platform.db import scalar
from lib.platform.errors import ConflictError
from lib.platform.times import now_utc

LIMITS = {"declare": (10, timedelta(minutes=10))}  # a family declaring for relatives fits; a script does not


def allow(cur: duckdb.DuckDBPyConnection, device: str, action: str, now: datetime | None = None) -> None:
    """Count this action for the device, or raise ConflictError when it is over the limit."""
    now = now or now_utc()
    limit, window = LIMITS[action]
    used = scalar(
        cur.execute("SELECT count(*) FROM public_actions WHERE device = ? AND action = ? AND acted_at > ?", [device, action, now - window])
    )
    if used >= limit:
        raise ConflictError("err.public_limited", minutes=int(window.total_seconds() // 60))
    cur.execute("INSERT INTO public_actions (device, action, acted_at) VALUES (?, ?, ?)", [device, action, now])
