"""A household owner's relatives going in with them: the guard ticks them under the owner's result (in the page
or in the browser scanner) and they are checked in where the owner was scanned.

They are recorded as an entry whatever the door's mode: the tick box says "they go in with the owner", so on a
door set to "Tự động vào/ra" a relative still recorded inside (an earlier visit within the venue's stay, never
checked out) is "already inside", never checked out by it.
"""

from __future__ import annotations

from collections.abc import Collection

import duckdb

from lib.access.users import User
from lib.checkins import door, rules


def check_in(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    venue_id: str,
    owner: door.DoorResult,
    chosen: Collection[int],
    window_seconds: int,
) -> list[door.DoorResult]:
    """Record at `venue_id` (where the owner was scanned) the relatives of `owner`'s result that the guard
    chose, each once, through the door path (a red relative is held for the guard like anyone); a person not
    offered with the owner is ignored, whoever sent the id."""
    offered = sorted({r.person_id for r in owner.relatives} & set(chosen))
    return [door.record(cur, user, venue_id, pid, rules.ENTRY, "staff_scan", window_seconds) for pid in offered]
