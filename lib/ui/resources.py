"""Cached process-wide resources: settings and the database root connection.

Pages take their database from here, so a test can point QRCHECKIN_DB_PATH at a temporary file and run a
page on its own with `AppTest.from_file`. Settings are resolved once per environment (the QRCHECKIN_*
variables and the version of `.streamlit/secrets.toml`), not on every call of every run (issue 19).
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import duckdb
import streamlit as st

from lib import maintenance
from lib.access.users import Role, User
from lib.platform import db, threads
from lib.platform.config import PROJECT_ROOT, Settings, load_settings

T = TypeVar("T")


SECRETS_TOML = PROJECT_ROOT / ".streamlit" / "secrets.toml"


def settings() -> Settings:
    """The settings of the current environment, with the signing secret resolved (read or generated once), so
    `resolved_secret()` reads no file. A test that changes QRCHECKIN_* between runs gets the new settings."""
    try:
        toml_version: int | None = SECRETS_TOML.stat().st_mtime_ns
    except OSError:
        toml_version = None
    environment = tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith("QRCHECKIN_")))
    return _settings_for(environment, toml_version)


@functools.lru_cache(maxsize=16)
def _settings_for(environment: tuple[tuple[str, str], ...], toml_version: int | None) -> Settings:
    loaded = load_settings(dict(environment))
    return dataclasses.replace(loaded, secret=loaded.resolved_secret(), db_path=loaded.db_path.resolve())


def secret() -> str:
    """The token signing secret (settings().resolved_secret())."""
    return settings().secret


@st.cache_resource(show_spinner=False)
def _root(db_path: str) -> duckdb.DuckDBPyConnection:
    # Keyed by path: a test using another file gets another connection. lib.platform.db shares it with the CLI code.
    root = db.open_database(settings())
    maintenance.start(root, settings())
    return root


def root() -> duckdb.DuckDBPyConnection:
    """The process's root connection, for work that runs off the script thread (a download's deferred file is
    made on a server thread, where cached resources are not looked up): take it on the script run."""
    return _root(str(settings().db_path))


@contextmanager
def desk_run(user: User | None) -> Iterator[None]:
    """A desk user's page run (every role but the door's staff) with every configured DuckDB thread; the door's
    and the residents' runs, the scanner's and the poster's routes stay on one (lib/platform/threads.py)."""
    if user is None or user.role == Role.STAFF:
        yield
        return
    with threads.parallel_root(root()):
        yield


@contextmanager
def cursor() -> Iterator[duckdb.DuckDBPyConnection]:
    """A cursor for one unit of work on this script run's thread."""
    with db.cursor(_root(str(settings().db_path))) as cur:
        yield cur


def cached(fn: Callable[..., T], *args: object, version: object = None) -> T:
    """A scoped read-only lib query through a short cache keyed by the database file, the function, its
    arguments (the scope among them) and `version` (e.g. when the totals were counted), so reruns and other
    sessions with the same view share one answer until the data changes."""
    return _cached(str(settings().db_path), f"{fn.__module__}.{fn.__qualname__}", args, version, fn)


@st.cache_data(ttl=600, show_spinner=False, max_entries=500)
def _cached(db_path: str, name: str, args: tuple, version: object, _fn: Callable[..., T]) -> T:
    with cursor() as cur:
        return _fn(cur, *args)
