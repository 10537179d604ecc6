"""The server's own housekeeping thread: keeps the analytics totals fresh (every few minutes), purges data
past retention and takes an encrypted backup shortly after start-up and daily at MAINTENANCE_HOUR (local), and runs
backups asked for by `python -m lib.cli backup` while the server holds the database (DuckDB lets one process
open the file, so the command leaves a request file that this thread answers).
"""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import duckdb

from lib.analytics import hourly_totals
from lib.checkins import open_visits, storage_order
from lib.platform import db
from lib.platform.config import Settings
from lib.platform.times import now_utc, to_local
from lib.privacy import backups, retention

log = logging.getLogger(__name__)
TICK_SECONDS = 2.0
TOTALS_EVERY = timedelta(minutes=1)
# The start-up purge and backup wait a little, so they do not compete with the first pages people open.
STARTUP_DELAY = timedelta(minutes=1)
_started: dict[Path, threading.Thread] = {}
_started_lock = threading.Lock()


def requests_dir(settings: Settings) -> Path:
    return settings.data_dir / "requests"


BACKUP_EVERY = timedelta(hours=20)


def daily(cur: duckdb.DuckDBPyConnection, settings: Settings, now: datetime | None = None) -> dict:
    """The daily job: purge, rewrite settled days in venue order (lib.checkins.storage_order), forget the door's
    rows of people not seen for a day (lib.checkins.open_visits), back up (unless a backup
    of the last day exists: a server restarted several times a day copies the database once), delete old
    backups; returns what it did (also logged)."""
    now = now or now_utc()
    folder = backups.backup_folder(settings)
    purged = retention.purge(cur, settings.retention_days, now)
    resorted = storage_order.resort(cur, now)
    forgotten = open_visits.forget_old(cur, now)  # the door's rows of people not seen for a day
    recent = backups.taken_since(folder, now - BACKUP_EVERY)
    made = recent or backups.backup(cur, settings.resolved_db_key(), folder, now)
    pruned = backups.prune(folder, settings.retention_days, now)
    done = {
        "purged": purged.checkins + purged.declarations + purged.people,
        "days_resorted": resorted,
        "door_rows_forgotten": forgotten,
        "backup": made.name,
        "new_backup": recent is None,
        "old_backups_deleted": len(pruned),
    }
    log.info("daily maintenance: %s", done)
    return done


def answer_requests(cur: duckdb.DuckDBPyConnection, settings: Settings) -> int:
    """Run the backups the CLI asked for; each answer is written next to its request."""
    answered = 0
    folder = requests_dir(settings)
    for request in sorted(folder.glob("backup-*.json")) if folder.exists() else []:
        answer = request.with_suffix(".done")
        try:
            target = Path(json.loads(request.read_text(encoding="utf-8"))["folder"])
            result = {"ok": True, "path": str(backups.backup(cur, settings.resolved_db_key(), target))}
        except Exception as exc:  # the CLI shows the reason; the server keeps running
            result = {"ok": False, "error": str(exc)}
        answer.write_text(json.dumps(result), encoding="utf-8")
        request.unlink(missing_ok=True)
        answered += 1
    return answered


def _next_daily(settings: Settings, after: datetime) -> datetime:
    local = to_local(after)
    due = local.replace(hour=settings.maintenance_hour, minute=0, second=0, microsecond=0)
    return due if due > local else due + timedelta(days=1)


def _loop(root: duckdb.DuckDBPyConnection, settings: Settings, stop: threading.Event) -> None:
    next_daily = now_utc() + STARTUP_DELAY if settings.maintenance_hour >= 0 else None
    next_totals = now_utc()
    while not stop.is_set():
        try:
            with db.cursor(root) as cur:
                now = now_utc()
                answer_requests(cur, settings)
                if now >= next_totals:
                    hourly_totals.ensure_fresh(cur, now)
                    next_totals = now + TOTALS_EVERY
                if next_daily is not None and now >= next_daily:
                    daily(cur, settings, now)
                    next_daily = _next_daily(settings, now)
        except Exception:  # a failed run is logged and retried at the next tick, never kills the server
            log.exception("maintenance failed")
            if next_daily is not None and now_utc() >= next_daily:
                next_daily = now_utc() + timedelta(minutes=10)
        stop.wait(TICK_SECONDS)


def start(root: duckdb.DuckDBPyConnection, settings: Settings) -> threading.Event:
    """Start the thread once per database file; returns the event that stops it (set on database close)."""
    path = settings.db_path.resolve()
    stop = threading.Event()
    with _started_lock:
        if path in _started and _started[path].is_alive():
            return stop
        thread = threading.Thread(target=_loop, args=(root, settings, stop), name=f"maintenance:{path.name}", daemon=True)
        _started[path] = thread

    def stop_before_close(closed: duckdb.DuckDBPyConnection) -> None:
        if closed is root:
            stop.set()
            thread.join(timeout=60)

    db.on_close(stop_before_close)
    thread.start()
    return stop


def wait_for_server(settings: Settings, folder: Path, timeout: float = 600.0) -> Path:
    """CLI side: ask the running server for a backup into `folder` and wait for its answer."""
    requests = requests_dir(settings)
    requests.mkdir(parents=True, exist_ok=True)
    request = requests / f"backup-{time.time_ns()}.json"
    request.write_text(json.dumps({"folder": str(folder.resolve())}), encoding="utf-8")
    answer = request.with_suffix(".done")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if answer.exists():
            result = json.loads(answer.read_text(encoding="utf-8"))
            answer.unlink()
            if not result["ok"]:
                raise RuntimeError(result["error"])
            return Path(result["path"])
        time.sleep(0.5)
    request.unlink(missing_ok=True)
    raise TimeoutError("the server did not answer the backup request")
