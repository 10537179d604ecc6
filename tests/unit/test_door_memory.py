"""lib/ui/door_memory: the door's results kept per signed-in browser (its session cookie's token), not per
Streamlit session, and forgotten after the idle timeout or beyond MAX_BROWSERS."""

from __future__ import annotations

import pytest

from lib.ui import door_memory, session


@pytest.fixture
def browsers(fresh_db, monkeypatch):
    """A clean memory and a switch for which browser's cookie the current run carries."""
    monkeypatch.setattr(door_memory, "_kept", type(door_memory._kept)())
    cookie = {"token": "browser-a"}
    monkeypatch.setattr(session, "session_token", lambda: cookie["token"])
    clock = {"now": 1_000.0}
    monkeypatch.setattr(door_memory.time, "monotonic", lambda: clock["now"])
    return cookie, clock


def test_a_browser_keeps_its_own_results_newest_first_and_at_most_keep(browsers):
    cookie, _ = browsers
    for n in range(door_memory.KEEP + 3):
        door_memory.add(n)
    assert door_memory.results() == list(range(door_memory.KEEP + 2, 2, -1))
    cookie["token"] = "browser-b"
    assert door_memory.results() == []  # another guard's browser sees none of them
    cookie["token"] = "browser-a"
    assert door_memory.results()[0] == door_memory.KEEP + 2
    assert "browser-a" not in door_memory._kept  # kept under the token's hash, not the token


def test_results_are_forgotten_after_the_idle_timeout_and_beyond_max_browsers(browsers, fresh_db, monkeypatch):
    cookie, clock = browsers
    door_memory.add("kept")
    idle = fresh_db.settings.idle_timeout_minutes * 60
    clock["now"] += idle - 1
    assert door_memory.results() == ["kept"]  # used again: the idle time starts over
    clock["now"] += idle + 1
    cookie["token"] = "browser-b"
    door_memory.results()
    cookie["token"] = "browser-a"
    assert door_memory.results() == []
    monkeypatch.setattr(door_memory, "MAX_BROWSERS", 2)
    for name in ("c", "d", "e"):
        cookie["token"] = name
        door_memory.add(name)
    assert len(door_memory._kept) == 2
    cookie["token"] = "c"
    assert door_memory.results() == []  # the longest unused went first


def test_a_run_without_a_session_cookie_keeps_its_results_in_its_session(browsers, monkeypatch):
    cookie, _ = browsers
    cookie["token"] = None
    state: dict = {}
    monkeypatch.setattr(door_memory.st, "session_state", state)
    door_memory.add("only here")
    assert state[door_memory.UNSIGNED] == ["only here"] and not door_memory._kept
