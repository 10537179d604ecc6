"""A person's health status as the door and the person themselves see it: the colour, why, and what to do.

An open confirmed case (F0) and an exposure still under follow-up (F1) are red whatever the latest declaration
says; otherwise the latest declaration decides. The door sees an instruction, never the person's symptoms
(the reasons stay for the person and the health officers)."""

from __future__ import annotations

from dataclasses import dataclass, replace

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
    owns_household: bool = False  # the person is the phone owner who declares for a household (may have relatives)

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
        " EXISTS (SELECT 1 FROM risk_followups f WHERE f.person_id = $p AND f.source = 'exposure' AND f.status <> 'cleared') AS exposed,"
        " p.household_id = p.person_id AS owner"
        " FROM people p LEFT JOIN (SELECT risk_level, risk_reasons FROM declarations WHERE person_id = $p"
        " ORDER BY declared_at DESC LIMIT 1) d ON TRUE WHERE p.person_id = $p",
        {"p": person_id},
    ).fetchone()
    return replace(_status(row), owns_household=bool(row[5])) if row is not None else Status("", "", (), "")


# The members of a household (household_id is the owner's person_id), each filtered on the bound household
# rather than correlated per member: one statement for a family of six instead of six (issue 18: this ran
# once per member on every household owner's check-in, most of the door path's CPU).
_MEMBERS = """
WITH m AS (SELECT person_id, full_name FROM people WHERE household_id = $h AND person_id <> $h)
SELECT m.full_name, d.risk_level, d.risk_reasons,
       m.person_id IN (SELECT person_id FROM cases WHERE status = 'open' AND person_id IN (SELECT person_id FROM m)) AS is_case,
       m.person_id IN (SELECT person_id FROM risk_followups WHERE source = 'exposure' AND status <> 'cleared'
                       AND person_id IN (SELECT person_id FROM m)) AS exposed,
       m.person_id
FROM m
LEFT JOIN (SELECT DISTINCT ON (person_id) person_id, risk_level, risk_reasons FROM declarations
           WHERE person_id IN (SELECT person_id FROM m) ORDER BY person_id, declared_at DESC) d ON d.person_id = m.person_id
ORDER BY m.person_id
"""


def household_statuses(cur: duckdb.DuckDBPyConnection, owner_id: int) -> list[tuple[int, Status]]:
    """(person id, status) of the other members of the household `owner_id` owns, by person id; empty for
    anyone who owns no household. The same rules as `status_of`, in one statement for the whole family."""
    return [(int(row[5]), _status(row)) for row in cur.execute(_MEMBERS, {"h": owner_id}).fetchall()]


def _status(row: tuple) -> Status:
    """A status from (full name, latest level, its reasons, open case, open exposure follow-up)."""
    name, level, reasons, is_case, exposed = row[0], row[1] or "", tuple(row[2] or ()), bool(row[3]), bool(row[4])
    cause = DECLARATION if level == RiskLevel.RED else ""
    if exposed:
        level, reasons, cause = RiskLevel.RED, (*reasons, "exposure"), EXPOSURE
    if is_case:
        level, reasons, cause = RiskLevel.RED, (*reasons, "case"), CASE
    return Status(identity.mask_name(name), level, reasons, cause)
