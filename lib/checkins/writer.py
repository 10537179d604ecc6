"""Group commit for door scans. Every scan is one small transaction, and with DuckDB a transaction costs
about the same whether it records one visit or a hundred (a few statements and one encrypted commit). So
scans from all doors go to one writer thread per database, which records whatever has queued up since its
last commit in one `record_scans` call. A quiet door waits for one commit; a busy city's doors share them.
The caller gets its outcome only after the commit: an acknowledged scan is on disk.

A unit of work that records a scan among other writes (a self check-in: its rate-limit counts, the scan, its
log row) is queued the same way (`run`) and shares the batch's transaction and commit; a scan it records on the
writer's thread is applied in that transaction (`record` knows it is already there).

After a batch of n items the writer waits for n to have queued before the next, at most LINGER_SECONDS:
doors with one scan in flight each all send their next scan as soon as the commit answers them, so waiting
for them keeps the batch whole, and going as soon as they are there spends no time asleep. (A fixed sleep after
every batch of more than one scan was half of a batch cycle with eight doors.)
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

import duckdb

from lib.checkins import venue_counters
from lib.checkins.batch import apply_scans, record_scans
from lib.checkins.rules import ScanOutcome, ScanRequest
from lib.platform import db
from lib.platform.errors import AppError

MAX_BATCH = 1_000
LINGER_SECONDS = 0.002
_STOP = object()
Work = Callable[[duckdb.DuckDBPyConnection], Any]  # runs on the writer's cursor, inside the batch's transaction
_on_writer = threading.local()  # .inside: a writer's thread in a batch's transaction; .shared: per_batch's objects
T = TypeVar("T")


class ScanWriter:
    """The single writer of door scans for one database."""

    def __init__(self, root: duckdb.DuckDBPyConnection) -> None:
        self._root = root
        self._queue: deque = deque()
        self._ready = threading.Condition()  # guards _queue and _wanted; notified once _wanted items wait
        self._wanted = 1
        self._thread = threading.Thread(target=self._run, name="scan-writer", daemon=True)
        self._thread.start()

    def submit(self, request: ScanRequest | Work) -> Future:
        """Queue a scan (or a unit of work); the future resolves to its ScanOutcome (the work's result) or
        AppError once committed."""
        future: Future = Future()
        self._put((request, future))
        return future

    def queued(self) -> int:
        """How many scans and works wait for the next batch (tests hold the writer busy and fill its queue)."""
        with self._ready:
            return len(self._queue)

    def stop(self) -> None:
        """Finish what is queued, then end the thread."""
        self._put(_STOP)
        self._thread.join()

    def _put(self, item: object) -> None:
        with self._ready:
            self._queue.append(item)
            if len(self._queue) >= self._wanted or item is _STOP:
                self._ready.notify()

    def _take(self, expected: int) -> tuple[list[tuple[ScanRequest | Work, Future]], bool]:
        """The next batch, and whether the writer is to stop after it: waits for a first item, then until
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
    def _record(cur: duckdb.DuckDBPyConnection, batch: list[tuple[ScanRequest | Work, Future]]) -> None:
        """One transaction for the batch; if it fails as a whole (a write conflict with "close the day", a
        full disk), each scan is retried on its own so that one cannot sink the others."""
        try:
            results: list = _in_one_transaction(cur, [item for item, _ in batch])
        except Exception:
            results = []
            for item, _ in batch:
                try:
                    results.append(_in_one_transaction(cur, [item])[0])
                except Exception as exc:
                    results.append(exc)
        for (_, future), result in zip(batch, results, strict=True):
            if isinstance(result, BaseException) and not isinstance(result, AppError):
                future.set_exception(result)
            else:
                future.set_result(result)


def _in_one_transaction(cur: duckdb.DuckDBPyConnection, items: list[ScanRequest | Work]) -> list:
    """Scans only (the door): record_scans, as before. With units of work: one transaction for all, the scans
    applied together first, then each work in order; a work's AppError is its result and keeps what it wrote
    (a refused rate limit stays counted), anything else rolls the whole batch back."""
    if all(isinstance(item, ScanRequest) for item in items):
        return record_scans(cur, items)  # type: ignore[arg-type]
    results: list = [None] * len(items)
    with db.transaction(cur):
        scans = [i for i, item in enumerate(items) if isinstance(item, ScanRequest)]
        if scans:
            for i, outcome in zip(scans, apply_scans(cur, [items[i] for i in scans]), strict=True):  # type: ignore[misc]
                results[i] = outcome
        _on_writer.inside, _on_writer.shared = True, {}
        try:
            for i, item in enumerate(items):
                if not isinstance(item, ScanRequest):
                    try:
                        results[i] = item(cur)
                    except AppError as err:
                        results[i] = err
            for value, flush in _on_writer.shared.values():
                flush(value)
        finally:
            _on_writer.inside, _on_writer.shared = False, {}
    return results


def per_batch(key: str, make: Callable[[], T], flush: Callable[[T], None]) -> T:
    """An object the works of one batch transaction share, made by the first that asks and `flush`ed after
    the last, before the commit (the self check-ins' rate-limit counts: one write per counter per batch).
    Only for a work running on the writer's thread."""
    assert getattr(_on_writer, "inside", False), "per_batch is for a work of lib.checkins.writer"
    if key not in _on_writer.shared:
        _on_writer.shared[key] = (make(), flush)
    return _on_writer.shared[key][0]


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
    (venue outside the user's scope, venue not accepting check-ins now). Called from a unit of work on the
    writer's thread, the scan is applied in that work's transaction (waiting for the writer would never end).
    The venue's door counters move by it."""
    root = db.root_of(cur)
    inside = getattr(_on_writer, "inside", False)
    result = apply_scans(cur, [request])[0] if inside else writer_for(root).submit(request).result()
    if isinstance(result, AppError):
        raise result
    venue_counters.recorded(root, request.venue_id, result.kind)
    return result


def run(cur: duckdb.DuckDBPyConnection, work: Work) -> Any:
    """Run `work(writer_cursor)` in the writer's next batch transaction and wait for its commit: many
    phones' self check-ins share one commit. Raises the work's AppError after the commit (what it wrote
    before raising is kept: a refused rate limit stays counted)."""
    result = writer_for(db.root_of(cur)).submit(work).result()
    if isinstance(result, AppError):
        raise result
    return result
