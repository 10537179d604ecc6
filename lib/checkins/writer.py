"""Group commit for door scans. Every scan is one small transaction, and with DuckDB a transaction costs
about the same whether it records one visit or a hundred (a few statements and one encrypted commit). So
scans from all doors go to one writer thread per database, which records whatever has queued up since its
last commit in one `record_scans` call. A quiet door waits for one commit; a busy city's doors share them.
The caller gets its outcome only after the commit: an acknowledged scan is on disk.
"""

from __future__ import annotations

import queue
import threading
import time
from concurrent.futures import Future

import duckdb

from lib.checkins import venue_counters
from lib.checkins.batch import record_scans
from lib.checkins.rules import ScanOutcome, ScanRequest
from lib.platform import db
from lib.platform.errors import AppError

MAX_BATCH = 1_000
LINGER_SECONDS = 0.002
_STOP = object()


class ScanWriter:
    """The single writer of door scans for one database."""

    def __init__(self, root: duckdb.DuckDBPyConnection) -> None:
        self._root = root
        self._queue: queue.SimpleQueue = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="scan-writer", daemon=True)
        self._thread.start()

    def submit(self, request: ScanRequest) -> Future:
        """Queue a scan; the future resolves to its ScanOutcome or AppError once committed."""
        future: Future = Future()
        self._queue.put((request, future))
        return future

    def stop(self) -> None:
        """Finish what is queued, then end the thread."""
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        with db.cursor(self._root) as cur:
            last_size = 0
            while True:
                item = self._queue.get()
                if last_size > 1:
                    time.sleep(LINGER_SECONDS)  # busy doors: let the others' next scans join this commit
                batch = []
                while item is not _STOP:
                    batch.append(item)
                    if len(batch) >= MAX_BATCH or self._queue.empty():
                        break
                    item = self._queue.get()
                if batch:
                    self._record(cur, batch)
                last_size = len(batch)
                if item is _STOP:
                    return

    @staticmethod
    def _record(cur: duckdb.DuckDBPyConnection, batch: list[tuple[ScanRequest, Future]]) -> None:
        """One transaction for the batch; if it fails as a whole (a write conflict with "close the day", a
        full disk), each scan is retried on its own so that one cannot sink the others."""
        try:
            results: list = record_scans(cur, [request for request, _ in batch])
        except Exception:
            results = []
            for request, _ in batch:
                try:
                    results.append(record_scans(cur, [request])[0])
                except Exception as exc:
                    results.append(exc)
        for (_, future), result in zip(batch, results, strict=True):
            if isinstance(result, BaseException) and not isinstance(result, AppError):
                future.set_exception(result)
            else:
                future.set_result(result)


_writers: dict[int, ScanWriter] = {}
_lock = threading.Lock()


def writer_for(root: duckdb.DuckDBPyConnection) -> ScanWriter:
    """The writer of this database, started on first use."""
    with _lock:
        writer = _writers.get(id(root))
        if writer is None:
            writer = _writers[id(root)] = ScanWriter(root)
        return writer


def _stop(root: duckdb.DuckDBPyConnection) -> None:
    with _lock:
        writer = _writers.pop(id(root), None)
    if writer is not None:
        writer.stop()


db.on_close(_stop)


def record(cur: duckdb.DuckDBPyConnection, request: ScanRequest) -> ScanOutcome:
    """Record one scan through the database's writer and wait for its commit; raises the scan's AppError
    (venue outside the user's scope, venue not accepting check-ins now). The venue's door counters move by it."""
    root = db.root_of(cur)
    result = writer_for(root).submit(request).result()
    if isinstance(result, AppError):
        raise result
    venue_counters.recorded(root, request.venue_id, result.kind)
    return result
