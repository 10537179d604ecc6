"""A throw-away PostgreSQL 15 for the peer benchmark (bench/peer.py): Debian's binaries, a temporary folder, a
unix socket only (listen_addresses = ''), small memory (the machine is shared), stopped however the bench ends;
and the demo data copied into it from the project's DuckDB file, with the indexes a competent team would add.

Debian's `postgresql` package provides /usr/lib/postgresql/15/bin; it is installed with apt-get when missing
and we are root, otherwise the command to run is printed. initdb refuses to run as root, so as root the
server runs as the `postgres` user the package creates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

BIN = Path("/usr/lib/postgresql/15/bin")
INSTALL = ["apt-get", "install", "-y", "--no-install-recommends", "postgresql-15"]
SETTINGS = {
    "listen_addresses": "''",
    "shared_buffers": "256MB",
    "work_mem": "64MB",
    "maintenance_work_mem": "256MB",
    "max_connections": "40",
    "max_wal_size": "4GB",
    "timezone": "UTC",
}

# The columns the benchmark reads, with PostgreSQL types; loaded without indexes, which come after the COPY.
TABLES = {
    "venues": "venue_id text, name text, address text, ward_code text, default_stay_minutes integer, status text,"
    " starts_at timestamptz, ends_at timestamptz",
    "people": "person_id bigint, household_id bigint, full_name text, birth_year smallint, phone text, owner_phone text, scheme text,"
    " ward_code text",
    "checkins": "checkin_id bigint, person_id bigint, venue_id text, checked_in_at timestamptz, checked_out_at timestamptz,"
    " method text, recorded_by integer, closed_by text",
    "risk_followups": "person_id bigint, status text",
}
INDEXES = (
    "ALTER TABLE venues ADD PRIMARY KEY (venue_id)",
    "ALTER TABLE people ADD PRIMARY KEY (person_id)",
    "CREATE INDEX ON people (household_id)",
    "ALTER TABLE checkins ADD PRIMARY KEY (checkin_id)",
    "CREATE INDEX ON checkins (venue_id, checked_in_at)",
    "CREATE INDEX ON checkins (person_id, checked_in_at)",
    "CREATE INDEX ON risk_followups (person_id)",
)


def ensure_installed() -> None:
    """Install Debian's PostgreSQL 15 when its binaries are missing (as root), or say how."""
    if (BIN / "initdb").exists():
        return
    if os.geteuid() != 0:
        raise SystemExit(f"PostgreSQL 15 is not installed: run `sudo {' '.join(INSTALL)}`")
    subprocess.run(["apt-get", "update"], check=True)
    subprocess.run(INSTALL, check=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres() -> Iterator[tuple[str, Path]]:
    """A running server: (conninfo for psycopg, a folder the server may read files from). Stopped and deleted
    on the way out, on error too."""
    ensure_installed()
    folder = Path(tempfile.mkdtemp(prefix="peer-pg-"))
    data, socket = folder / "data", folder / "socket"
    socket.mkdir()
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(socket, "postgres")
    os.chmod(folder, 0o755)
    started = False
    try:
        subprocess.run(
            _as_server_user([str(BIN / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        options = " ".join(f"-c {k}={v}" for k, v in {**SETTINGS, "unix_socket_directories": f"'{socket}'"}.items())
        subprocess.run(
            _as_server_user([str(BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-o", options, "-w", "start"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
        started = True
        yield f"host={socket} dbname=postgres user=postgres", folder
    finally:
        if started:
            subprocess.run(_as_server_user([str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), stdout=subprocess.DEVNULL)
        shutil.rmtree(folder, ignore_errors=True)


def load(cur: duckdb.DuckDBPyConnection, pg, folder: Path) -> tuple[float, int]:
    """Copy the benchmark's tables from DuckDB (CSV files the server reads) into PostgreSQL, then add the
    indexes and statistics; (seconds for the PostgreSQL side, its database size in bytes)."""
    started = 0.0
    seconds = 0.0
    for table, columns in TABLES.items():
        names = ", ".join(c.split()[0] for c in columns.split(", "))
        path = folder / f"{table}.csv"
        cur.execute(f"COPY (SELECT {names} FROM {table}) TO '{path}' (HEADER false)")
        os.chmod(path, 0o644)
        started = time.perf_counter()
        pg.execute(f"CREATE TABLE {table} ({columns})")
        pg.execute(f"COPY {table} FROM '{path}' (FORMAT csv)")
        seconds += time.perf_counter() - started
        path.unlink()
    started = time.perf_counter()
    for statement in INDEXES:
        pg.execute(statement)
    last = cur.execute("SELECT coalesce(max(checkin_id), 0) + 1 FROM checkins").fetchone()[0]
    pg.execute(f"CREATE SEQUENCE checkins_seq START {int(last)}")
    pg.execute("VACUUM ANALYZE")
    seconds += time.perf_counter() - started
    size = pg.execute("SELECT pg_database_size(current_database())").fetchone()[0]
    return seconds, int(size)
