"""Retention covers everything personal: every table of the migrated schema has a purge rule or is named, with
its reason, as kept (lib.privacy.retention.KEPT), so a new table without one fails here. A case closed before
the cut-off goes with its notes, and then its person (the red team found closed cases kept after the person
was gone); an open case keeps its person; a household's erasure takes its closed cases too."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lib.privacy import data_rights, retention
from tests import builders as build
from tests.conftest import tally

NOW = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)
OLD, RECENT = NOW - timedelta(days=40), NOW - timedelta(days=3)
NOTES = "Bệnh nhân ở trọ số 12, con đi học trường Trưng Vương"


def test_every_table_has_a_retention_rule_or_a_reason_to_be_kept(fresh_db):
    with fresh_db.cursor() as cur:
        tables = {r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()").fetchall()}
    assert {"people", "cases", "checkins"} <= tables  # the catalogue query sees the app's tables
    purged, kept = retention.purged_tables(), set(retention.KEPT)
    without = sorted(tables - purged - kept)
    both = sorted(purged & kept)
    stale = sorted((purged | kept) - tables)
    tally("retention rules", tables=len(tables), without_rule_or_reason=len(without), ruled_and_kept=len(both))
    assert without == [], f"tables without a retention rule or a reason to be kept: {without}"
    assert both == [] and stale == []
    assert all(len(reason) > 20 for reason in retention.KEPT.values())


def _person_with_case(cur, pid: int, status: str, closed_at: datetime | None) -> None:
    build.person(cur, pid, household_id=pid, full_name="LÊ VĂN BA", created_at=OLD - timedelta(days=5))
    cur.execute(
        "INSERT INTO declarations (declaration_id, person_id, declared_at, consent, risk_level) VALUES (?, ?, ?, TRUE, 'green')",
        [pid, pid, OLD],
    )
    cur.execute(
        "INSERT INTO cases (case_id, person_id, test_date, status, notes, created_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [pid, pid, OLD.date(), status, NOTES, OLD, closed_at],
    )


def test_closed_cases_go_with_their_notes_and_then_their_person(fresh_db):
    with fresh_db.cursor() as cur:
        _person_with_case(cur, 1, "closed", OLD + timedelta(days=2))  # closed long ago: goes
        _person_with_case(cur, 2, "closed", RECENT)  # closed within the period: stays
        _person_with_case(cur, 3, "open", None)  # open: stays
        cur.execute(
            "INSERT INTO exposure_marks (case_id, person_ids, status, requested_by, requested_at) VALUES (1, [2, 3], 'pending', 1, ?)",
            [OLD],
        )
        result = retention.purge(cur, 30, NOW)
        cases = sorted(r[0] for r in cur.execute("SELECT case_id FROM cases").fetchall())
        people = sorted(r[0] for r in cur.execute("SELECT person_id FROM people").fetchall())
        notes_left = cur.execute("SELECT count(*) FROM cases WHERE notes = ? AND case_id = 1", [NOTES]).fetchone()[0]
        marks_left = cur.execute("SELECT count(*) FROM exposure_marks WHERE case_id = 1").fetchone()[0]
    tally("retention of closed cases", cases_past_retention=1, kept=int(1 in cases), notes_kept=notes_left)
    assert result.cases == 1 and cases == [2, 3]
    assert people == [2, 3]  # the person of the closed case had nothing left
    assert marks_left == 0  # a mark that waited forever on a closed case goes too


def test_erasing_a_household_takes_its_closed_cases(fresh_db):
    with fresh_db.cursor() as cur:
        admin = build.admin(cur)
        _person_with_case(cur, 7, "closed", RECENT)
        data_rights.request_deletion(cur, 7, NOW)
        request_id = int(data_rights.list_requests(cur, admin)["request_id"].iloc[0])
        data_rights.carry_out_deletion(cur, admin, request_id, NOW)
        left = cur.execute("SELECT count(*) FROM cases WHERE person_id = 7").fetchone()[0]
    tally("retention of closed cases", erased_households=1, cases_kept_after_erasure=left)
    assert left == 0
