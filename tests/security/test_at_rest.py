"""At rest: a known phone number, ID number and name are searched for in the bytes of the database file, its
write-ahead log and every backup — none is found (spill files are encrypted by DuckDB's setting). Opening without the key fails with a clear
message; key files are owner-only; rotating the key leaves the old one useless."""

import os
from pathlib import Path

import pytest

from lib import cli
from lib.people import declaration_form, declarations
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.errors import AppError
from lib.privacy import backups
from tests.conftest import tally

PHONE, ID_NUMBER, NAME = "0987123456", "087190001234", "TRẦN THỊ BÍCH NGỌC"
NEEDLES = [PHONE.encode(), ID_NUMBER.encode(), NAME.encode("utf-8"), "Trần Thị Bích Ngọc".encode()]


def _declare(cur, settings):
    owner = declaration_form.PersonForm(NAME, "1990", "Nữ", phone=PHONE, id_number=ID_NUMBER)
    address = declaration_form.Address("2021", "87", "867", "29905", "12 Nguyễn Huệ")
    declarations.declare_household(cur, settings.resolved_secret(), owner, [], address, True)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".key")]


def test_no_personal_data_in_the_files_wal_spill_or_backups(fresh_db):
    settings = fresh_db.settings
    with fresh_db.cursor() as cur:
        cur.execute("CHECKPOINT")
        _declare(cur, settings)  # after the checkpoint: these rows are in the WAL
        assert cur.execute("SELECT count(*) FROM people WHERE phone = ?", [PHONE]).fetchone()[0] == 1
        wal = settings.db_path.with_name(settings.db_path.name + ".wal")
        assert wal.exists() and wal.stat().st_size > 0
        backups.backup(cur, settings.resolved_db_key(), settings.backup_dir)
        # spill files exist only while a query runs; what is checked is that DuckDB encrypts them
        assert cur.execute("SELECT current_setting('temp_file_encryption')").fetchone()[0] is True
        files = _files(settings.data_dir)
        hits = [(p.name, n) for p in files for n in NEEDLES if n in p.read_bytes()]
    tally("at rest", files_searched=len(files), found=len(hits))
    assert any(p.name.endswith(".wal") for p in files) and any(p.parent == settings.backup_dir for p in files)
    assert hits == []


def test_opening_without_the_right_key_fails_clearly(fresh_db, tmp_path):
    settings = fresh_db.settings
    db.close_database(settings.db_path)
    for key in ("", "wrong-key"):
        with pytest.raises(AppError) as err:
            db.connect(settings.db_path, key or "x")
        assert err.value.key == "err.db_key" and str(settings.db_path) in err.value.message("vi")
    tally("at rest", wrong_key_opens=2, opened=0)


def test_key_files_are_owner_only_and_ignored_by_git(fresh_db):
    fresh_db.settings.resolved_secret()
    for name in ("db.key", "signing.key"):
        mode = (fresh_db.settings.data_dir / name).stat().st_mode & 0o777
        assert mode == 0o600, name
    ignored = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    assert "data/*.key" in ignored and ".streamlit/secrets.toml" in ignored


def test_rotating_the_key_re_encrypts_database_and_backups(fresh_db, monkeypatch):
    settings = fresh_db.settings
    with fresh_db.cursor() as cur:
        _declare(cur, settings)
        made = backups.backup(cur, settings.resolved_db_key(), settings.backup_dir)
    old_key = settings.resolved_db_key()
    db.close_database(settings.db_path)
    assert cli.main(["rotate-db-key"]) == 0
    fresh = load_settings()
    assert fresh.resolved_db_key() != old_key and not (settings.data_dir / "db.key.new").exists()
    assert (settings.data_dir / "db.key").stat().st_mode & 0o777 == 0o600
    for path in (settings.db_path, made):
        with pytest.raises(AppError):
            db.connect(path, old_key).close()
        db.connect(path, fresh.resolved_db_key()).close()
    root = db.open_database(fresh)
    with db.cursor(root) as cur:
        assert cur.execute("SELECT count(*) FROM people WHERE phone = ?", [PHONE]).fetchone()[0] == 1
    db.close_database(settings.db_path)
    os.environ.pop("QRCHECKIN_DB_KEY", None)
