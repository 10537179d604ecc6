"""Retention purge, people's data rights, the audit log search, backups and the maintenance thread, on a real
database: households old and new, one in an open case, one with an open follow-up."""

import io
import json
import threading
import time
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib import maintenance
from lib.access import accounts, audit
from lib.access.scope import CITY, Scope
from lib.analytics import footfall, hourly_totals
from lib.checkins import storage_order
from lib.platform import db
from lib.platform.errors import AppError, ConflictError, NotFoundError, PermissionDeniedError
from lib.privacy import backups, data_rights, retention
from tests import builders as build

NOW = datetime(2026, 11, 25, 5, 0, tzinfo=UTC)  # a Wednesday, 12:00 in Sa Đéc
OLD, RECENT = NOW - timedelta(days=40), NOW - timedelta(days=3)


@pytest.fixture
def households(fresh_db):
    """Households 1 (old visits only), 2 (old and recent), 3 (old, in an open case), 4 (old, open follow-up),
    5 (registered recently, nothing else)."""
    with fresh_db.cursor() as cur:
        cur.execute(
            "INSERT INTO venues (venue_id, name, category, scheme, province_code, district_code, ward_code, address,"
            " registrant_name, registrant_phone, capacity, default_stay_minutes) VALUES ('VVVVVV', 'Chợ', 'market',"
            " '2021', '87', '867', '29905', '1 Hùng Vương', 'Nguyễn Văn An', '0912000001', 100, 60)"
        )
        for hid in (1, 2, 3, 4, 5):
            created = RECENT if hid == 5 else OLD - timedelta(days=5)
            for pid in (hid * 10, hid * 10 + 1):
                build.person(cur, pid, household_id=hid * 10, full_name="NGƯỜI", created_at=created)
        visits = [(10, OLD), (11, OLD), (20, OLD), (20, RECENT), (30, OLD), (40, OLD)]
        for n, (pid, moment) in enumerate(visits):
            build.checkin(cur, n, pid, "VVVVVV", moment, moment + timedelta(minutes=30))
            cur.execute(
                "INSERT INTO declarations (declaration_id, person_id, declared_at, consent, risk_level) VALUES (?, ?, ?, TRUE, 'green')",
                [n, pid, moment],
            )
        cur.execute("INSERT INTO cases (case_id, person_id, test_date) VALUES (1, 30, ?)", [OLD.date()])
        cur.execute(
            "INSERT INTO risk_followups (followup_id, person_id, source, status, created_at, updated_at) VALUES"
            " (1, 40, 'declaration', 'contacted', ?, ?), (2, 11, 'declaration', 'cleared', ?, ?)",
            [OLD, OLD, OLD, OLD],
        )
        admin, health = build.admin(cur), build.health(cur)
        assert storage_order.resort(cur, NOW) > 0  # the settled days also copied by person for tracing
    return fresh_db, admin, health


def _ids(cur, table, column="person_id"):
    return sorted(r[0] for r in cur.execute(f"SELECT DISTINCT {column} FROM {table}").fetchall())


def test_purge_deletes_only_what_is_past_retention_and_keeps_the_totals(households):
    database, *_ = households
    with database.cursor() as cur:
        hourly_totals.refresh(cur, NOW)
        before = footfall.per_day(cur, Scope(CITY), footfall.Filters(OLD.date(), NOW.date()))["checkins"].sum()
        result = retention.purge(cur, 30, NOW)
        assert (result.checkins, result.declarations, result.risk_followups) == (3, 3, 1)
        assert _ids(cur, "checkins") == [20, 30, 40]  # recent visit, open case, open follow-up
        assert _ids(cur, "visits_by_person") == [20, 30, 40]  # tracing's copy goes with them
        assert _ids(cur, "people", "household_id") == [20, 30, 40, 50]  # household 1 had nothing left
        assert result.people == 2
        after = footfall.per_day(cur, Scope(CITY), footfall.Filters(OLD.date(), NOW.date()))["checkins"].sum()
        logged = cur.execute("SELECT row_count, details FROM audit_log WHERE action = 'purge'").fetchone()
        assert retention.purge(cur, 30, NOW).checkins == 0  # idempotent
    assert before == after == 6
    assert logged[0] == 3 + 3 + 1 + 2 and json.loads(logged[1])["people"] == 2


def test_schedule_shows_when_rows_will_go(households):
    database, *_ = households
    with database.cursor() as cur:
        upcoming = retention.schedule(cur, 30, days=7, now=NOW)
    # the old rows of households 1 and 2 are already due (people 30 and 40 are kept by the case and follow-up)
    assert upcoming["checkins"].sum() == 3 and upcoming["declarations"].sum() == 3
    # due on the local day 30 days after they were recorded (OLD is midday in Sa Đéc)
    assert [pd.Timestamp(day).date() for day in upcoming["day"]] == [(OLD + timedelta(days=30)).date()]


def test_household_download_and_deletion_request(households):
    database, admin, health = households
    with database.cursor() as cur:
        book = load_workbook(io.BytesIO(data_rights.access(cur, 20, NOW)))
        assert book.sheetnames == ["nguoi", "khai_bao", "check_in", "theo_doi", "ca_benh"]
        assert book["nguoi"].max_row == 3 and book["check_in"].max_row == 3
        due = data_rights.request_deletion(cur, 20, NOW)
        assert due.date().isoformat() == "2026-11-27"  # Wednesday + 2 working days
        assert data_rights.request_deletion(cur, 20, NOW) == due  # one open request per household
        with pytest.raises(PermissionDeniedError):
            data_rights.list_requests(cur, health)
        requests = data_rights.list_requests(cur, admin, NOW + timedelta(days=3))
        assert requests[requests["kind"] == "deletion"]["overdue"].tolist() == [True]
        request_id = int(requests[requests["kind"] == "deletion"]["request_id"].iloc[0])
        assert data_rights.carry_out_deletion(cur, admin, request_id, NOW) == 2 + 2 + 2  # visits, declarations, people
        assert cur.execute("SELECT count(*) FROM people WHERE household_id = 20").fetchone()[0] == 0
        assert 20 not in _ids(cur, "visits_by_person") and 10 in _ids(cur, "visits_by_person")
        with pytest.raises(NotFoundError):
            data_rights.carry_out_deletion(cur, admin, request_id, NOW)
        data_rights.request_deletion(cur, 30, NOW)
        case_request = int(data_rights.list_requests(cur, admin).query("household_id == 30")["request_id"].iloc[0])
        with pytest.raises(ConflictError):
            data_rights.carry_out_deletion(cur, admin, case_request, NOW)
        actions = [r[0] for r in cur.execute("SELECT action FROM audit_log ORDER BY audit_id").fetchall()]
    assert {"data_access", "data_deletion_requested", "data_deleted"} <= set(actions)


def test_working_days_skip_weekends():
    friday = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    assert data_rights.working_days_after(friday, 2).strftime("%a %d") == "Tue 01"


def test_audit_search_is_for_the_administrator_only(households):
    database, admin, health = households
    with database.cursor() as cur:
        audit.record(cur, health, "export", target="danh-sach", row_count=12, reason="Gọi F1 phường 1")
        audit.record(cur, admin, "rotate_code", target="VVVVVV")
        found = audit.search(cur, admin, text="phường 1")
        by_user = audit.search(cur, admin, username="quantri", action="rotate_code")
        with pytest.raises(PermissionDeniedError):
            audit.search(cur, health)
    assert found["action"].tolist() == ["export"] and found["row_count"].tolist() == [12]
    assert by_user["target"].tolist() == ["VVVVVV"]
    assert not [name for name in dir(audit) if name.startswith(("update", "delete", "edit"))]


def test_backup_restore_round_trip_and_pruning(households, tmp_path):
    database, *_ = households
    folder = tmp_path / "bk"
    with database.cursor() as cur:
        made = backups.backup(cur, database.settings.resolved_db_key(), folder, NOW)
        cur.execute("DELETE FROM checkins")
    assert made.name == "qrcheckin-20261125-120000.duckdb" and oct(made.stat().st_mode & 0o777) == "0o600"
    db.close_database(database.settings.db_path)
    backups.restore(database.settings, folder)
    root = db.open_database(database.settings)
    with db.cursor(root) as cur:
        assert cur.execute("SELECT count(*) FROM checkins").fetchone()[0] == 6
        cur.execute("INSERT INTO audit_log (action) VALUES ('after_restore')")  # sequences continue
    old = folder / "qrcheckin-20261001-020000.duckdb"
    old.write_bytes(b"x")
    assert backups.prune(folder, 30, NOW) == [old] and made.exists()


def test_maintenance_answers_a_backup_request_and_runs_the_daily_job(households, tmp_path):
    database, *_ = households
    answered = []
    thread = threading.Thread(target=lambda: answered.append(maintenance.wait_for_server(database.settings, tmp_path / "cli", 60)))
    thread.start()
    with database.cursor() as cur:
        deadline = time.monotonic() + 60  # the request is written by the waiting thread, late on a busy machine
        while time.monotonic() < deadline and not maintenance.answer_requests(cur, database.settings):
            thread.join(0.05)
        done = maintenance.daily(cur, database.settings, NOW)
        again = maintenance.daily(cur, database.settings, NOW + timedelta(hours=3))  # a restart the same day
        next_day = maintenance.daily(cur, database.settings, NOW + timedelta(days=1))
    thread.join(10)
    assert answered and answered[0].parent == tmp_path / "cli" and answered[0].exists()
    assert done["purged"] > 0 and done["new_backup"] and (database.settings.backup_dir / done["backup"]).exists()
    assert not again["new_backup"] and again["backup"] == done["backup"]
    assert next_day["new_backup"] and len(list(database.settings.backup_dir.glob(backups.PATTERN))) == 2


def test_role_changes_and_code_revocations_are_audited(households):
    database, admin, health = households
    with database.cursor() as cur:
        accounts.change_role(cur, admin, health.user_id, "ward", "2021", "29905")
        assert accounts.load_user(cur, health.user_id).ward_code == "29905"
        with pytest.raises(PermissionDeniedError):
            accounts.change_role(cur, accounts.load_user(cur, health.user_id), admin.user_id, "staff")
        with pytest.raises(AppError):
            accounts.change_role(cur, admin, admin.user_id, "office")  # never lock the last door
        with pytest.raises(AppError):
            accounts.change_role(cur, admin, health.user_id, "ward", "2021", "00000")
        accounts.change_role(cur, admin, health.user_id, "health", active=False)
        with pytest.raises(AppError):
            accounts.load_user(cur, health.user_id)
        from lib.people import households as hh

        hh.revoke_code(cur, 10)
        rows = cur.execute(
            "SELECT username, action, target, details FROM audit_log WHERE action IN"
            " ('change_role', 'revoke_personal_code') ORDER BY audit_id"
        ).fetchall()
    assert [(r[0], r[1], r[2]) for r in rows] == [
        ("quantri", "change_role", "yte1"),
        ("quantri", "change_role", "yte1"),
        (None, "revoke_personal_code", "10"),
    ]
    assert json.loads(rows[0][3]) == {
        "from": {"role": "health", "ward": None, "active": True},
        "to": {"role": "ward", "ward": "29905", "active": True},
    }
