"""DuckDB's worker threads: one for the many small statements, all the configured ones for heavy work.

With two threads every statement wakes DuckDB's second worker, which spins before it sleeps again: the door's
dozen statements per scan (a person's colour, the writer's batch) cost a third more CPU than on one thread
(13.3 against 9.0 ms per scan in process; 21.6 against 17.2 ms of server CPU per scanner request; issue 18,
bench/RESULTS.md). Those statements touch a few rows and gain nothing from a second thread; a city's
analytics, a trace's contact list, the demo generator and the nightly jobs scan millions of rows and do.

So a database opens with one thread (lib.platform.db.connect); work that scans much is marked
`@parallel_work`, and a desk user's page run (office, ward chair, health officer, admin) runs whole in
`parallel_root` (lib.ui.resources.desk_run): their pages were made and tested with every thread, and on one
the browser tests' clicks came during longer runs and were lost. While any such work runs, the database
uses every configured thread (`SET threads` is global to the database), and one thread again when the last
one ends. A door scan that runs meanwhile pays the second thread, as every scan did before."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Concatenate, ParamSpec, TypeVar

import duckdb

from lib.platform import db

P = ParamSpec("P")
R = TypeVar("R")
_lock = threading.Lock()
_running: dict[int, int] = {}  # id(root) -> heavy works running now


@contextmanager
def parallel(cur: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Every configured thread for the database of `cur` while the block runs (a cursor not opened by
    lib.platform.db.cursor, or a database configured with one thread, is left as it is)."""
    with parallel_root(db.open_root_of(cur)):
        yield


@contextmanager
def parallel_root(root: duckdb.DuckDBPyConnection | None) -> Iterator[None]:
    """`parallel` for a root connection (a desk page's whole run, lib.ui.resources.desk_run)."""
    wanted = db.configured_threads(root) if root is not None else 1
    if root is None or wanted <= 1:
        yield
        return
    _enter(root, wanted)
    try:
        yield
    finally:
        _leave(root)


def parallel_work(fn: Callable[Concatenate[duckdb.DuckDBPyConnection, P], R]) -> Callable[Concatenate[duckdb.DuckDBPyConnection, P], R]:
    """Mark a function of (cursor, ...) that scans much: it runs with every configured thread."""

    @functools.wraps(fn)
    def run(cur: duckdb.DuckDBPyConnection, *args: P.args, **kwargs: P.kwargs) -> R:
        with parallel(cur):
            return fn(cur, *args, **kwargs)

    return run


def _enter(root: duckdb.DuckDBPyConnection, wanted: int) -> None:
    with _lock:
        if _running.get(id(root), 0) == 0:
            _set(root, wanted)
        _running[id(root)] = _running.get(id(root), 0) + 1


def _leave(root: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        _running[id(root)] -= 1
        if _running[id(root)] == 0:
            del _running[id(root)]
            _set(root, 1)


def _set(root: duckdb.DuckDBPyConnection, count: int) -> None:
    """`SET threads` on a cursor of its own (the root connection is not for use from many threads)."""
    cur = root.cursor()
    try:
        cur.execute(f"SET threads = {int(count)}")
    finally:
        cur.close()
