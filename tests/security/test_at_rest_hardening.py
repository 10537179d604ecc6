"""At rest, what the red team found left over: the health-insurance (BHYT) number was stored in clear, and the
database file, its WAL and the data folder were readable by every local account (0644 / 0755). Now the number
is kept like the citizen ID (a keyed hash and its last four digits), migration 014 converts the rows of an
existing database (and refuses to run without the signing secret rather than lose them), and the data folder
is 0700, the file and its WAL 0600, also after the WAL is written again."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import duckdb
import pytest

from lib.people import declaration_form, declarations, identity
from lib.platform import db
from lib.platform.config import load_settings
from tests.conftest import tally

INSURANCE, DIGITS = "GD4797931234567", "7931234567"
ADDRESS = declaration_form.Address("2021", "87", "867", "29905", "12 Nguyễn Huệ")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_insurance_number_is_a_keyed_hash_and_last_four(fresh_db):
    settings = fresh_db.settings
    secret = settings.resolved_secret()
    owner = declaration_form.PersonForm("Trần Thị Ba", "1945", "Nữ", phone="0987123456", insurance_no=INSURANCE)
    with fresh_db.cursor() as cur:
        cur.execute("CHECKPOINT")
        declarations.declare_household(cur, secret, owner, [], ADDRESS, True)  # in the WAL
        columns = {r[0] for r in cur.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'people'").fetchall()}
        stored = cur.execute("SELECT insurance_hash, insurance_last4 FROM people").fetchone()
        in_clear = cur.execute(
            "SELECT count(*) FROM people p WHERE list_contains([p.insurance_hash, p.insurance_last4], ?)", [DIGITS]
        ).fetchone()[0]
    files = [p for p in settings.data_dir.rglob("*") if p.is_file() and not p.name.endswith(".key")]
    hits = [p.name for p in files for needle in (DIGITS, INSURANCE) if needle.encode() in p.read_bytes()]
    tally("at rest: insurance number", files_searched=len(files), found_in_clear=len(hits) + in_clear)
    assert "insurance_no" not in columns
    assert stored == (identity.insurance_hash(secret, DIGITS), "4567")
    assert hits == [] and in_clear == 0


def _database_before_014(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A database as main had it before migration 014, with two people, one with an insurance number."""
    monkeypatch.setenv("QRCHECKIN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QRCHECKIN_DB_PATH", str(tmp_path / "old.duckdb"))
    settings = load_settings()
    root = db.connect(settings.db_path, settings.resolved_db_key())
    every = db.migration_files()
    with monkeypatch.context() as patched, db.cursor(root) as cur:
        patched.setattr(db, "migration_files", lambda: [(v, p) for v, p in every if v < 14])
        assert db.migrate(cur) == 13
        cur.execute(
            "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code, ward_code,"
            " insurance_no) VALUES (1, 1, 'TRẦN THỊ BA', 1945, 'Nữ', '2021', '87', '29905', ?),"
            " (2, 1, 'LÊ VĂN AN', 1940, 'Nam', '2021', '87', '29905', NULL)",
            [DIGITS],
        )
    return settings, root


def test_migration_014_converts_existing_rows(tmp_path, monkeypatch):
    settings, root = _database_before_014(tmp_path, monkeypatch)
    secret = settings.resolved_secret()
    with db.cursor(root) as cur:
        with pytest.raises(duckdb.Error, match="needs the signing secret"):
            db.migrate(cur)  # without the secret: nothing is lost, nothing applied
        assert cur.execute("SELECT insurance_no FROM people WHERE person_id = 1").fetchone() == (DIGITS,)
        assert db.migrate(cur, secret) >= 14
        rows = cur.execute("SELECT person_id, insurance_hash, insurance_last4 FROM people ORDER BY person_id").fetchall()
        left = cur.execute("SELECT count(*) FROM duckdb_variables() WHERE name = 'qrcheckin_secret'").fetchone()[0]
    root.close()
    converted = int(rows[0][1] == identity.insurance_hash(secret, DIGITS))
    tally("at rest: insurance number", old_rows_converted=converted, old_rows=1)
    assert rows == [(1, identity.insurance_hash(secret, DIGITS), "4567"), (2, None, None)]
    assert left == 0  # the secret is not left behind in the connection


def test_data_folder_database_and_wal_are_owner_only(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)
    monkeypatch.setenv("QRCHECKIN_DATA_DIR", str(folder))
    monkeypatch.setenv("QRCHECKIN_DB_PATH", str(folder / "app.duckdb"))
    old_umask = os.umask(0o022)  # what a server started from an ordinary shell has
    try:
        settings = load_settings()
        root = db.open_database(settings)
        wal = settings.db_path.with_name(settings.db_path.name + ".wal")
        modes = {}
        with db.cursor(root) as cur:
            for round_no in range(2):  # the WAL is deleted at a checkpoint and made again by the next write
                cur.execute("INSERT INTO admin_units VALUES ('2021', 'ward', ?, 'x', NULL, NULL, '87')", [f"9{round_no}"])
                assert wal.exists()
                modes[f"wal {round_no}"] = _mode(wal)
                cur.execute("CHECKPOINT")
        modes["folder"], modes["database"] = _mode(folder), _mode(settings.db_path)
        db.close_database(settings.db_path)
        os.chmod(settings.db_path, 0o644)  # a file left readable by an older version is closed again at start
        db.open_database(settings)
        modes["database reopened"] = _mode(settings.db_path)
        db.close_database(settings.db_path)
    finally:
        os.umask(old_umask)
    readable = [name for name, mode in modes.items() if mode & 0o077]
    tally("at rest: owner-only files", files_checked=len(modes), readable_by_others=len(readable))
    assert modes == {"wal 0": 0o600, "wal 1": 0o600, "folder": 0o700, "database": 0o600, "database reopened": 0o600}
