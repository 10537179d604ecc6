"""Group commit for door scans. Every scan is one small transaction, and with DuckDB a transaction costs
about the same whether it records one visit or a hundred (a few statements and one encrypted commit). So
scans from all doors go to one writer thread per database, which records whatever has queued up since its
last commit in one `record_scans` call. A quiet door waits for one commit; a busy city's doors share them.
The caller gets its outcome only after the commit: an acknowledged scan is on disk.

After a batch of n scans the writer waits for n scans to have queued before the next, at most LINGER_SECONDS:
doors with one scan in flight each all send their next scan as soon as the commit answers them, so waiting
for them keeps the batch whole, and going as soon as they are there spends no time asleep. (A fixed sleep after
every batch of more than one scan was half of a batch cycle with eight doors.)
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future

import duckdb

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
        self._queue: deque = deque()
        self._ready = threading.Condition()  # guards _queue and _wanted; notified once _wanted scans wait
        self._wanted = 1
        self._thread = threading.Thread(target=self._run, name="scan-writer", daemon=True)
        self._thread.start()

    def submit(self, request: ScanRequest) -> Future:
        """Queue a scan; the future resolves to its ScanOutcome or AppError once committed."""
        future: Future = Future()
        self._put((request, future))
        return future

    def stop(self) -> None:
        """Finish what is queued, then end the thread."""
        self._put(_STOP)
        self._thread.join()

    def _put(self, item: object) -> None:
        with self._ready:
            self._queue.append(item)
            if len(self._queue) >= self._wanted or item is _STOP:
                self._ready.notify()

    def _take(self, expected: int) -> tuple[list[tuple[ScanRequest, Future]], bool]:
        """The next batch, and whether the writer is to stop after it: waits for a first scan, then until
        `expected` are queued (the size of the last batch) or LINGER_SECONDS have passed."""
        with self._ready:
            self._wanted = 1
            self._ready.wait_for(lambda: self._queue)
            if expected > 1:
                self._wanted = expected
                self._ready.wait_for(lambda: len(self._queue) >= expected or self._queue[-1] is _STOP, LINGER_SECONDS)
                self._wanted = 1
            batch = []
            while self._queue and len(batch) < MAX_BATCH:
                item = self._queue.popleft()
                if item is _STOP:
                    return batch, True
                batch.append(item)
            return batch, False

    def _run(self) -> None:
        with db.cursor(self._root) as cur:
            expected = 1
            while True:
                batch, stopping = self._take(expected)
                if batch:
                    self._record(cur, batch)
                expected = len(batch)
                if stopping:
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
    (venue outside the user's scope, venue not accepting check-ins now)."""
    result = writer_for(db.root_of(cur)).submit(request).result()
    if isinstance(result, AppError):
        raise result
    return result
