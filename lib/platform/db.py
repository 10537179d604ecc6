"""The database: one encrypted DuckDB file, one root connection per process, numbered migrations.

Every unit of work takes its own `cursor(root)`: Streamlit runs each browser session and each webcam
callback on its own thread, and a DuckDB cursor is the per-thread handle onto the shared database.
"""

from __future__ import annotations

import errno
import glob
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import duckdb
import duckdb_ext

from lib.platform.config import Settings
from lib.platform.errors import AppError, DatabaseBusyError, StorageError

CATALOG = "qr"
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

_roots: dict[Path, duckdb.DuckDBPyConnection] = {}
_roots_lock = threading.Lock()
_cursor_roots: dict[int, duckdb.DuckDBPyConnection] = {}  # id(open cursor) -> its root
_threads: dict[int, int] = {}  # id(root) -> the threads configured for its heavy work (lib.platform.threads)
_close_hooks: list[Callable[[duckdb.DuckDBPyConnection], None]] = []


_STORAGE_FAILURES = ("no space left", "file too large", "read-only file system", "permission denied", "disk quota")


def _storage_failure(exc: Exception) -> StorageError | None:
    """The clear error for a full disk or an unwritable file (at open, in a statement or at COMMIT); None for
    any other failure."""
    if any(text in str(exc).lower() for text in _STORAGE_FAILURES):
        return StorageError("err.storage", detail=str(exc)[:200])
    return None


def httpfs_extension_path() -> str:
    """Path of the httpfs extension shipped by the duckdb-ext-httpfs wheel.

    DuckDB writes encrypted files only with httpfs's crypto module loaded, and these machines cannot
    download extensions at run time, so it is loaded from the installed package.
    """
    pattern = str(Path(next(iter(duckdb_ext.__path__))) / "extensions" / f"v{duckdb.__version__}" / "*" / "httpfs.duckdb_extension")
    found = glob.glob(pattern)
    if not found:
        raise RuntimeError(f"httpfs extension for DuckDB {duckdb.__version__} not found ({pattern})")
    return found[0]


def connect(path: Path, key: str, threads: int = 2, memory_limit: str = "1GB") -> duckdb.DuckDBPyConnection:
    """Open a new root connection onto the encrypted file; raises DatabaseBusyError or AppError('err.db_key')."""
    path.parent.mkdir(parents=True, exist_ok=True)
    root = duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "threads": 1,  # lib.platform.threads raises it to `threads` for heavy work
            "memory_limit": memory_limit,
            # spill files next to the database (not in whatever folder the process started in)
            "temp_directory": str(path.parent / "duckdb_tmp"),
            # spilled intermediate results (sorts, joins of personal rows) are encrypted like the file
            "temp_file_encryption": True,
        },
    )
    _threads[id(root)] = threads
    try:
        root.execute(f"LOAD '{httpfs_extension_path()}'")
        # ATTACH takes no bound parameters; both values come from settings and are quoted as literals.
        root.execute(f"ATTACH {sql_literal(str(path))} AS {CATALOG} (ENCRYPTION_KEY {sql_literal(key)})")
    except duckdb.ParserException:
        root.close()
        raise
    except duckdb.IOException as exc:
        root.close()
        if "lock" in str(exc).lower():
            raise DatabaseBusyError("err.db_busy", path=str(path)) from exc
        if "encryption key" in str(exc).lower():
            raise AppError("err.db_key", path=str(path)) from exc
        if storage := _storage_failure(exc):
            raise storage from exc
        raise
    except (duckdb.CatalogException, duckdb.InvalidInputException, duckdb.Error) as exc:
        root.close()
        message = str(exc).lower()
        if "encrypt" in message or "key" in message:
            raise AppError("err.db_key", path=str(path)) from exc
        raise
    root.execute(f"USE {CATALOG}")
    root.execute("SET TimeZone = 'UTC'")
    return root


def one_row(result: duckdb.DuckDBPyConnection) -> tuple[Any, ...]:
    """The row of a statement that always returns exactly one: an aggregate, `nextval`, a DELETE's count, the
    `RETURNING` of a single-row INSERT. No row there is a bug in the statement, not a state of the data, so it
    is an assertion rather than a domain error; lookups that may find nothing check `fetchone()` themselves."""
    row = result.fetchone()
    if row is None:
        raise AssertionError("a statement that always returns one row returned none")
    return row


def scalar(result: duckdb.DuckDBPyConnection) -> Any:
    """The first value of `one_row(result)`: `count(*)`, `nextval(...)`, `RETURNING id`."""
    return one_row(result)[0]


def sql_literal(value: str) -> str:
    """A SQL string literal (for the few statements that cannot bind parameters)."""
    return "'" + value.replace("'", "''") + "'"


def open_database(settings: Settings) -> duckdb.DuckDBPyConnection:
    """The process-wide root connection for the configured file, migrated on first open.

    Opening the same file twice in one process would give two writers; the registry makes tests, the
    Streamlit resource cache and the CLI share one.
    """
    path = settings.db_path.resolve()
    with _roots_lock:
        root = _roots.get(path)
        if root is None:
            owner_only(settings.data_dir, path)
            root = connect(path, settings.resolved_db_key(), settings.db_threads, settings.db_memory_limit)
            with cursor(root) as cur:
                migrate(cur, settings.resolved_secret())
            _roots[path] = root
        return root


def owner_only(data_dir: Path, db_path: Path) -> None:
    """Make the data folder 0700 and the database file and its WAL 0600, and set the process's umask to 077,
    so what DuckDB creates later (the WAL is deleted at each checkpoint and made again, spill files, backups)
    is owner-only too: no other local account reads the encrypted file or watches its size change. Only the
    configured data folder is changed, never a shared folder the database file may have been put in. Only the
    group's and others' bits are taken away: a file an administrator made read-only stays read-only."""
    os.umask(0o077)
    data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    for path in (data_dir, db_path, db_path.with_name(db_path.name + ".wal")):
        if path.exists():
            _keep_to_owner(path)


def _keep_to_owner(path: Path) -> None:
    """Take the group's and others' bits away; on a read-only file system nothing can change and nothing
    needs to, and opening the database then says so in words (StorageError), not as a chmod failure."""
    try:
        path.chmod(path.stat().st_mode & 0o700)
    except OSError as err:
        if err.errno != errno.EROFS:
            raise


def close_database(path: Path) -> None:
    """Close and forget the root connection of a file (tests, key rotation, restore)."""
    with _roots_lock:
        root = _roots.pop(path.resolve(), None)
    if root is not None:
        for hook in _close_hooks:
            hook(root)
        root.close()
        _threads.pop(id(root), None)


def on_close(hook: Callable[[duckdb.DuckDBPyConnection], None]) -> None:
    """Run `hook(root)` before a root connection closes (background writers stop first)."""
    _close_hooks.append(hook)


def root_of(cur: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """The root connection an open `cursor(root)` came from (DuckDB cursors do not say)."""
    return _cursor_roots[id(cur)]


def open_root_of(cur: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection | None:
    """`root_of`, or None for a cursor `cursor` did not open."""
    return _cursor_roots.get(id(cur))


def configured_threads(root: duckdb.DuckDBPyConnection) -> int:
    """The threads the settings give a root's heavy work (it runs on one otherwise)."""
    return _threads.get(id(root), 1)


@contextmanager
def cursor(root: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """A per-thread cursor onto the attached database (a fresh cursor starts in the in-memory catalog)."""
    cur = root.cursor()
    _cursor_roots[id(cur)] = root
    try:
        cur.execute(f"USE {CATALOG}")
        cur.execute("SET TimeZone = 'UTC'")
        yield cur
    finally:
        _cursor_roots.pop(id(cur), None)
        cur.close()


@contextmanager
def transaction(cur: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """BEGIN/COMMIT, rolling back on any error so a half-done unit of work never lands."""
    cur.execute("BEGIN TRANSACTION")
    try:
        yield cur
        cur.execute("COMMIT")
    except duckdb.Error as exc:  # a full disk shows up as an I/O error, or at COMMIT as a transaction error
        _rollback(cur)
        if storage := _storage_failure(exc):
            raise storage from exc
        raise
    except BaseException:
        _rollback(cur)
        raise


def _rollback(cur: duckdb.DuckDBPyConnection) -> None:
    """Roll back what is left of a failed transaction (a failed COMMIT may already have ended it)."""
    with suppress(duckdb.TransactionException):
        cur.execute("ROLLBACK")


def migration_files() -> list[tuple[int, Path]]:
    """Numbered migration files in order: NNN_name.sql."""
    files = sorted(MIGRATIONS_DIR.glob("[0-9][0-9][0-9]_*.sql"))
    return [(int(p.name[:3]), p) for p in files]


def migrate(cur: duckdb.DuckDBPyConnection, secret: str | None = None) -> int:
    """Apply pending migrations, each in one transaction with its record; returns the schema version.

    A migration that converts personal values into keyed hashes (014: the insurance number) reads the signing
    `secret` from the variable `qrcheckin_secret`, set only while the migrations run (and refuses to run
    without it)."""
    cur.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
    )
    applied = {row[0] for row in cur.execute("SELECT version FROM schema_migrations").fetchall()}
    pending = [(version, path) for version, path in migration_files() if version not in applied]
    if secret and pending:
        cur.execute("SET VARIABLE qrcheckin_secret = ?", [secret])
    try:
        for version, path in pending:
            with transaction(cur):
                cur.execute(path.read_text(encoding="utf-8"))
                cur.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, path.stem])
    finally:
        if secret and pending:
            cur.execute("RESET VARIABLE qrcheckin_secret")
    return schema_version(cur)


def schema_version(cur: duckdb.DuckDBPyConnection) -> int:
    """Highest applied migration number (0 on an empty database)."""
    row = cur.execute("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchone()
    return int(row[0]) if row else 0


def is_empty(cur: duckdb.DuckDBPyConnection) -> bool:
    """True when no venues and no people exist yet (the demo loader's "first start" test)."""
    row = cur.execute("SELECT (SELECT count(*) FROM venues) + (SELECT count(*) FROM people)").fetchone()
    return not row or row[0] == 0


SEQUENCES = ("users_seq", "people_seq", "declarations_seq", "checkins_seq", "cases_seq", "followups_seq", "audit_seq", "code_checks_seq")


def reserve_ids(cur: duckdb.DuckDBPyConnection, sequence: str, count: int) -> int:
    """Reserve `count` consecutive ids from a sequence for a bulk insert; returns the first.

    Bulk loaders number their rows themselves (deterministically) and then claim the range, so ids handed
    out later by `nextval` never collide with them.
    """
    if sequence not in SEQUENCES:
        raise ValueError(f"unknown sequence {sequence}")
    if count <= 0:
        return 0
    last = scalar(cur.execute(f"SELECT max(nextval('{sequence}')) FROM range($n)", {"n": count}))
    return int(last) - count + 1
