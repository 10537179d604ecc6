"""A person's health status as the door and the person themselves see it: the colour, why, and what to do.

An open confirmed case (F0) and an exposure still under follow-up (F1) are red whatever the latest declaration
says; otherwise the latest declaration decides. The door sees an instruction, never the person's symptoms
(the reasons stay for the person and the health officers)."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lib.people import identity
from lib.people.declarations import RiskLevel

CASE, EXPOSURE, DECLARATION = "case", "exposure", "declaration"


@dataclass(frozen=True)
class Status:
    masked_name: str
    risk_level: str  # green, yellow, red; "" without a declaration
    reasons: tuple[str, ...]  # declaration reasons, then "exposure" / "case"
    cause: str  # CASE, EXPOSURE, DECLARATION or "" : why red, the key of the instruction

    @property
    def door_instruction(self) -> str:
        """Catalogue key of what the guard must do (door.do_*); every level has one."""
        return f"door.do_{self.cause or self.risk_level or 'unknown'}"

    @property
    def resident_advice(self) -> str:
        """Catalogue key of what the person should do (status.do_*)."""
        return f"status.do_{self.cause or self.risk_level or 'unknown'}"


def status_of(cur: duckdb.DuckDBPyConnection, person_id: int) -> Status:
    """The status of one person: the latest declaration, raised to red by an open exposure follow-up (F1)
    or an open case (F0). An unknown person has an empty status."""
    # Every part filters on the bound id itself rather than correlating with the outer row: a third of the CPU
    # of the correlated form (issue 19: this runs for every scan and self check-in), and it stays so as the
    # declarations grow.
    row = cur.execute(
        "SELECT p.full_name, d.risk_level, d.risk_reasons,"
        " EXISTS (SELECT 1 FROM cases k WHERE k.person_id = $p AND k.status = 'open') AS is_case,"
        " EXISTS (SELECT 1 FROM risk_followups f WHERE f.person_id = $p AND f.source = 'exposure' AND f.status <> 'cleared') AS exposed"
        " FROM people p LEFT JOIN (SELECT risk_level, risk_reasons FROM declarations WHERE person_id = $p"
        " ORDER BY declared_at DESC LIMIT 1) d ON TRUE WHERE p.person_id = $p",
        {"p": person_id},
    ).fetchone()
    if row is None:
        return Status("", "", (), "")
    name, level, reasons, is_case, exposed = row[0], row[1] or "", tuple(row[2] or ()), bool(row[3]), bool(row[4])
    cause = DECLARATION if level == RiskLevel.RED else ""
    if exposed:
        level, reasons, cause = RiskLevel.RED, (*reasons, "exposure"), EXPOSURE
    if is_case:
        level, reasons, cause = RiskLevel.RED, (*reasons, "case"), CASE
    return Status(identity.mask_name(name), level, reasons, cause)


def levels_of(cur: duckdb.DuckDBPyConnection, person_ids: list[int]) -> dict[int, str]:
    """Risk level per person (for the relatives' tick boxes)."""
    return {pid: status_of(cur, pid).risk_level for pid in person_ids}
