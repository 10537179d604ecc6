"""Faults: the server killed with SIGKILL in the middle of a burst of writes restarts with every acknowledged
check-in present and the database readable; a full disk gives a clear error, and nothing partial is saved."""

import os
import signal
import subprocess
import sys
import time

import pytest

from lib.access import accounts
from lib.demo import city
from lib.platform import db
from lib.platform.config import PROJECT_ROOT
from tests.conftest import tally


@pytest.fixture
def town(fresh_db):
    with fresh_db.cursor() as cur:
        city.generate(cur, fresh_db.settings.resolved_secret(), 2_000, 20, 1, 3)
        accounts.create_user(cur, "office_fault", "fault-password-1", "office", "Kiểm thử")
        before = cur.execute("SELECT count(*) FROM checkins").fetchone()[0]
    db.close_database(fresh_db.settings.db_path)  # the child process must own the file, as a server would
    return fresh_db, before


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.reliability.burst_writer", *args],
        cwd=PROJECT_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=os.environ.copy(),
    )


def _reopen(database):
    return db.open_database(database.settings)


def test_sigkill_mid_burst_loses_no_acknowledged_checkin(town):
    database, before = town
    child = _child("100000")
    acknowledged = []
    deadline = time.monotonic() + 120
    for line in child.stdout:
        if line.startswith("ack "):
            acknowledged.append(int(line.split()[1]))
        if len(acknowledged) >= 1500 or time.monotonic() > deadline:
            break
    child.send_signal(signal.SIGKILL)  # no clean shutdown, no checkpoint
    child.wait(30)
    root = _reopen(database)
    with db.cursor(root) as cur:
        present = {
            r[0] for r in cur.execute("SELECT checkin_id FROM checkins WHERE list_contains(?, checkin_id)", [acknowledged]).fetchall()
        }
        total = cur.execute("SELECT count(*) FROM checkins").fetchone()[0]
        cur.execute("CHECKPOINT")
    missing = len(set(acknowledged) - present)
    tally("SIGKILL mid-burst", acknowledged=len(acknowledged), missing_after_restart=missing)
    print(f"\nkilled after {len(acknowledged):,} acknowledged check-ins; missing after restart: {missing}; rows {before:,} -> {total:,}")
    assert child.returncode == -signal.SIGKILL and len(acknowledged) >= 1500
    assert missing == 0 and total >= before + len(acknowledged)


def test_disk_full_gives_a_clear_error_and_no_partial_write(town):
    database, before = town
    limit = 256 * 1024  # per file: the write-ahead log reaches it within a few thousand scans
    child = _child("1200", str(limit))
    out, err = child.communicate(timeout=300)
    acknowledged = [int(line.split()[1]) for line in out.splitlines() if line.startswith("ack ")]
    errors = [line for line in out.splitlines() if line.startswith("error ")]
    assert errors, (out[-500:], err[-2000:])
    assert all("StorageError err.storage" in line or "invalidated" in line.lower() for line in errors), errors[:3]
    root = _reopen(database)
    with db.cursor(root) as cur:
        total = cur.execute("SELECT count(*) FROM checkins").fetchone()[0]
        present = cur.execute("SELECT count(*) FROM checkins WHERE list_contains(?, checkin_id)", [acknowledged]).fetchone()[0]
    tally(
        "disk full",
        acknowledged=len(acknowledged),
        refused_with_storage_error=len(errors),
        partial_or_lost=abs(total - before - len(acknowledged)),
    )
    print(
        f"\ndisk full after {len(acknowledged):,} acknowledged check-ins; {len(errors):,} scans refused with"
        f" '{errors[0]}'; rows {before:,} -> {total:,}"
    )
    assert present == len(acknowledged) and total == before + len(acknowledged)  # nothing partial, nothing lost


def test_read_only_database_file_gives_a_clear_error_and_changes_nothing(tmp_path):
    """The database on a file system mounted read-only (what a failing disk or a wrong mount looks like to the
    server; file permissions do not stop root, a read-only mount does)."""
    from lib.platform.config import load_settings
    from lib.platform.errors import StorageError

    folder = tmp_path / "ro"
    folder.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "none", str(folder)], capture_output=True).returncode:
        pytest.skip("this machine does not allow mounting a tmpfs (needs root with CAP_SYS_ADMIN)")
    try:
        settings = load_settings({**os.environ, "QRCHECKIN_DATA_DIR": str(folder), "QRCHECKIN_DB_PATH": str(folder / "t.duckdb")})
        root = db.open_database(settings)
        with db.cursor(root) as cur:
            cur.execute("INSERT INTO audit_log (action) VALUES ('before_read_only')")
            cur.execute("CHECKPOINT")
        db.close_database(settings.db_path)
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
        with pytest.raises(StorageError) as err:
            db.open_database(settings)
        assert err.value.key == "err.storage" and "Read-only file system" in err.value.message("en")
        subprocess.run(["mount", "-o", "remount,rw", str(folder)], check=True)
        root = db.open_database(settings)
        with db.cursor(root) as cur:
            rows = cur.execute("SELECT action FROM audit_log").fetchall()
        db.close_database(settings.db_path)
        tally("read-only database file", opens_tried=1, refused_with_storage_error=1, rows_changed=0)
        assert rows == [("before_read_only",)]
    finally:
        subprocess.run(["umount", str(folder)], capture_output=True)
