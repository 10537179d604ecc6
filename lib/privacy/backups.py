"""Backups, restore and key rotation, always as whole encrypted DuckDB files (never plain CSV or Parquet of
personal data). A backup is a consistent snapshot taken with `COPY FROM DATABASE` inside the running server,
so it is safe while people check in; restore and key rotation replace the database file and need the server
stopped. Backups older than the retention period are deleted like the data they hold.
"""

from __future__ import annotations

import os
import secrets
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from lib.access import audit
from lib.platform import db
from lib.platform.config import Settings
from lib.platform.errors import AppError, NotFoundError
from lib.platform.threads import parallel_work
from lib.platform.times import now_utc, to_local

PATTERN = "qrcheckin-*.duckdb"
_COPY_ALIAS = "copy_target"


@parallel_work
def backup(cur: duckdb.DuckDBPyConnection, key: str, folder: Path, now: datetime | None = None) -> Path:
    """Copy the live database into a new encrypted file in `folder`; returns its path. The copy is written
    under a temporary name and renamed when complete, so a crash never leaves a half backup that looks whole."""
    now = now or now_utc()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"qrcheckin-{to_local(now):%Y%m%d-%H%M%S}.duckdb"
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    cur.execute(f"ATTACH {db.sql_literal(str(partial))} AS {_COPY_ALIAS} (ENCRYPTION_KEY {db.sql_literal(key)})")
    try:
        cur.execute(f"COPY FROM DATABASE {db.CATALOG} TO {_COPY_ALIAS}")
    finally:
        cur.execute(f"DETACH {_COPY_ALIAS}")
    os.chmod(partial, 0o600)
    os.replace(partial, target)
    audit.record(cur, None, "backup", target=target.name, details={"bytes": target.stat().st_size})
    return target


def _taken(folder: Path) -> list[tuple[datetime, Path]]:
    """(local time in the name, path) of the backups in a folder, oldest first."""
    found = []
    for path in sorted(folder.glob(PATTERN)) if folder.exists() else []:
        try:
            found.append((datetime.strptime(path.stem.removeprefix("qrcheckin-"), "%Y%m%d-%H%M%S"), path))
        except ValueError:
            continue
    return found


def _local_naive(moment: datetime) -> datetime:
    return to_local(moment).replace(tzinfo=None)


def taken_since(folder: Path, since: datetime) -> Path | None:
    """The newest backup taken at or after `since`, if any."""
    recent = [path for taken, path in _taken(folder) if taken >= _local_naive(since)]
    return recent[-1] if recent else None


def prune(folder: Path, retention_days: int, now: datetime | None = None) -> list[Path]:
    """Delete backups older than the retention period (by the time in their name); returns those deleted."""
    cutoff = _local_naive((now or now_utc()) - timedelta(days=retention_days))
    gone = [path for taken, path in _taken(folder) if taken < cutoff]
    for path in gone:
        path.unlink()
    return gone


def latest(folder: Path) -> Path:
    """The newest backup in a folder (or the file itself when a file is given)."""
    if folder.is_file():
        return folder
    found = sorted(folder.glob(PATTERN)) if folder.exists() else []
    if not found:
        raise NotFoundError("backup.none", path=str(folder))
    return found[-1]


def _copy_file(source: Path, source_key: str, target: Path, target_key: str) -> None:
    """Copy one encrypted database file into a new one with (possibly) another key."""
    target.unlink(missing_ok=True)
    con = duckdb.connect(":memory:", config={"autoinstall_known_extensions": False, "autoload_known_extensions": False})
    try:
        con.execute(f"LOAD '{db.httpfs_extension_path()}'")
        try:
            con.execute(f"ATTACH {db.sql_literal(str(source))} AS src (ENCRYPTION_KEY {db.sql_literal(source_key)}, READ_ONLY)")
        except duckdb.Error as exc:
            raise AppError("err.db_key", path=str(source)) from exc
        con.execute(f"ATTACH {db.sql_literal(str(target))} AS dst (ENCRYPTION_KEY {db.sql_literal(target_key)})")
        con.execute("USE src")
        con.execute("COPY FROM DATABASE src TO dst")
        con.execute("DETACH dst")
    finally:
        con.close()
    os.chmod(target, 0o600)


def _replace_database(settings: Settings, new_file: Path) -> None:
    """Swap a complete new file in for the database (and drop the old write-ahead log)."""
    wal = settings.db_path.with_name(settings.db_path.name + ".wal")
    wal.unlink(missing_ok=True)
    os.replace(new_file, settings.db_path)


def restore(settings: Settings, source: Path) -> Path:
    """Replace the database with a backup (the newest in a folder). The server must be stopped; the current
    file is kept next to it as `.before-restore` until the next restore."""
    source = latest(source)
    key = settings.resolved_db_key()
    staged = settings.db_path.with_name(settings.db_path.name + ".restoring")
    _copy_file(source, key, staged, key)
    if settings.db_path.exists():
        os.replace(settings.db_path, settings.db_path.with_name(settings.db_path.name + ".before-restore"))
    _replace_database(settings, staged)
    return source


def rotate_key(settings: Settings) -> None:
    """Re-encrypt the database (and every backup in the backup folder) with a new random key and write the
    key file owner-only. The server must be stopped. The new key is written to `db.key.new` first, so a crash
    in between leaves both keys on disk and nothing unreadable."""
    if settings.db_key:
        raise AppError("backup.key_from_env")
    old_key = settings.resolved_db_key()
    new_key = secrets.token_urlsafe(32)
    key_file = settings.data_dir / "db.key"
    pending = key_file.with_name("db.key.new")
    fd = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(new_key + "\n")
    staged = settings.db_path.with_name(settings.db_path.name + ".rekey")
    _copy_file(settings.db_path, old_key, staged, new_key)
    for path in sorted(backup_folder(settings).glob(PATTERN)):
        rekeyed = path.with_suffix(".rekey")
        _copy_file(path, old_key, rekeyed, new_key)
        os.replace(rekeyed, path)
    _replace_database(settings, staged)
    os.replace(pending, key_file)


def backup_folder(settings: Settings) -> Path:
    """Where scheduled backups go (the BACKUP_DIR setting)."""
    return settings.backup_dir
