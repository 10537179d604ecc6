"""Database: migrations, encryption at rest, the single-writer rule, id reservation."""

import re
import subprocess
import sys

import pytest

from lib.platform import db
from lib.platform.config import PROJECT_ROOT
from lib.platform.errors import AppError


def test_migrations_apply_once_and_twice_is_a_no_op(fresh_db):
    with fresh_db.cursor() as cur:
        first = db.schema_version(cur)
        assert first == len(db.migration_files()) >= 1
        assert db.migrate(cur) == first
        rows = cur.execute("SELECT version, count(*) FROM schema_migrations GROUP BY version").fetchall()
        assert all(count == 1 for _, count in rows)
        tables = {r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    expected = {
        "admin_units",
        "ward_mapping",
        "users",
        "venues",
        "venue_staff",
        "people",
        "declarations",
        "checkins",
        "cases",
        "risk_followups",
        "audit_log",
        "schema_migrations",
    }
    assert expected <= tables


def test_reopening_the_file_keeps_data_and_does_not_remigrate(fresh_db):
    with fresh_db.cursor() as cur:
        cur.execute("INSERT INTO audit_log (action) VALUES ('marker')")
    db.close_database(fresh_db.settings.db_path)
    root = db.open_database(fresh_db.settings)
    with db.cursor(root) as cur:
        assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'marker'").fetchone()[0] == 1
        assert cur.execute("SELECT count(*) FROM schema_migrations").fetchone()[0] == len(db.migration_files())


def test_file_is_encrypted_and_needs_the_key(fresh_db, tmp_path):
    phone = "0987654321"
    with fresh_db.cursor() as cur:
        cur.execute(
            "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code,"
            " ward_code, phone) VALUES (1, 1, 'HỒ YẾN NHI', 1990, 'Nữ', '2021', '87', '29905', ?)",
            [phone],
        )
        cur.execute("CHECKPOINT")
    path = fresh_db.settings.db_path
    db.close_database(path)
    for file in path.parent.glob(path.name + "*"):
        assert phone.encode() not in file.read_bytes()
        assert "HỒ YẾN NHI".encode() not in file.read_bytes()
    with pytest.raises(AppError, match="encryption key is missing or wrong"):
        db.connect(path, "not-the-key")


def test_key_files_are_owner_only(fresh_db):
    for name in ("db.key",):
        mode = (fresh_db.settings.data_dir / name).stat().st_mode & 0o777
        assert mode == 0o600


def test_second_process_gets_a_plain_message_while_the_file_is_held(fresh_db):
    env = {
        "QRCHECKIN_DATA_DIR": str(fresh_db.settings.data_dir),
        "QRCHECKIN_DB_PATH": str(fresh_db.settings.db_path),
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "lib.cli", "init"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert "đang được máy chủ ứng dụng sử dụng" in result.stderr
    assert "Traceback" not in result.stderr


def test_reserve_ids_hands_out_disjoint_ranges(fresh_db):
    with fresh_db.cursor() as cur:
        first = db.reserve_ids(cur, "people_seq", 100)
        second = db.reserve_ids(cur, "people_seq", 5)
        assert second == first + 100
        assert cur.execute("SELECT nextval('people_seq')").fetchone()[0] == second + 5
        with pytest.raises(ValueError, match="sequence"):
            db.reserve_ids(cur, "venues; DROP TABLE users", 1)


def test_failed_transaction_leaves_nothing(fresh_db):
    with fresh_db.cursor() as cur:
        with pytest.raises(RuntimeError), db.transaction(cur):  # noqa: PT012 - the failure must happen inside
            cur.execute("INSERT INTO audit_log (action) VALUES ('half')")
            raise RuntimeError("boom")
        assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'half'").fetchone()[0] == 0


def _documented_tables() -> set[str]:
    """The table names in the first column of docs/schema.md's table."""
    text = (PROJECT_ROOT / "docs" / "schema.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(\w+)` \|", text, flags=re.MULTILINE))


def test_every_table_of_the_migrations_is_in_the_schema_doc(fresh_db):
    created = set()
    for _, path in db.migration_files():
        text = path.read_text(encoding="utf-8")
        created |= {m.lower() for m in re.findall(r"CREATE TABLE (?:IF NOT EXISTS )?(\w+)", text, re.I)}
        for old, new in re.findall(r"ALTER TABLE (\w+) RENAME TO (\w+)", text, re.I):  # a rebuilt table (014)
            created = (created - {old.lower()}) | {new.lower()}
    with fresh_db.cursor() as cur:
        migrated = {
            r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'").fetchall()
        }
    assert created <= migrated  # the parse above found real tables
    documented = _documented_tables()
    assert sorted(migrated - documented) == [], "tables missing from docs/schema.md"
    assert sorted(documented - migrated) == [], "docs/schema.md lists tables that no migration creates"
