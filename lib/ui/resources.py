"""Cached process-wide resources: settings and the database root connection.

Pages take their database from here, so a test can point QRCHECKIN_DB_PATH at a temporary file and run a
page on its own with `AppTest.from_file`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb
import streamlit as st

from lib import maintenance
from lib.platform import db
from lib.platform.config import Settings, load_settings

T = TypeVar("T")


def settings() -> Settings:
    """Settings are re-read on each call (cheap) so tests can change the environment between runs."""
    return load_settings()


@st.cache_resource(show_spinner=False)
def _root(db_path: str) -> duckdb.DuckDBPyConnection:
    # Keyed by path: a test using another file gets another connection. lib.platform.db shares it with the CLI code.
    root = db.open_database(settings())
    maintenance.start(root, settings())
    return root


def root() -> duckdb.DuckDBPyConnection:
    """The process's root connection, for work that runs off the script thread (a download's deferred file is
    made on a server thread, where cached resources are not looked up): take it on the script run."""
    return _root(str(settings().db_path.resolve()))


@contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor for one unit of work on this script run's thread."""
    with db.cursor(_root(str(settings().db_path.resolve()))) as cur:
        yield cur


def cached(fn: Callable[..., T], *args: object, version: object = None) -> T:
    """A scoped read-only lib query through a short cache keyed by the database file, the function, its
    arguments (the scope among them) and `version` (e.g. when the totals were counted), so reruns and other
    sessions with the same view share one answer until the data changes."""
    return _cached(str(settings().db_path.resolve()), f"{fn.__module__}.{fn.__qualname__}", args, version, fn)


@st.cache_data(ttl=600, show_spinner=False, max_entries=500)
def _cached(db_path: str, name: str, args: tuple, version: object, _fn: Callable[..., T]) -> T:
    with cursor() as cur:
        return _fn(cur, *args)
