"""Streamlit's config-file polling slowed down (lib/ui/config_polling.py): an idle server polled a config.toml
that does not exist five times a second, hashing it each time, which was all of its CPU (issue 18)."""

from __future__ import annotations

import ast
import time
from pathlib import Path

from streamlit.watcher import polling_path_watcher, util

from lib.platform.config import PROJECT_ROOT
from lib.ui import config_polling


def test_a_watched_config_file_is_no_longer_polled_five_times_a_second(tmp_path, monkeypatch):
    monkeypatch.setattr(polling_path_watcher, "_POLLING_PERIOD_SECS", polling_path_watcher._POLLING_PERIOD_SECS)  # restored after
    config_polling.slow_config_polling()
    polls = []
    real = util.calc_hash_with_blocking_retries
    monkeypatch.setattr(util, "calc_hash_with_blocking_retries", lambda *a, **k: polls.append(a[0]) or real(*a, **k))
    missing = str(tmp_path / "config.toml")  # as ~/.streamlit/config.toml on a server without one
    watcher = polling_path_watcher.PollingPathWatcher(missing, lambda _: None, allow_nonexistent=True)
    try:
        time.sleep(1.0)
    finally:
        watcher.close()
    assert polls == [missing]  # the watcher's own first hash, then no poll within the second (five before)


def test_the_server_slows_the_polling_when_it_imports_the_app():
    tree = ast.parse(Path(PROJECT_ROOT / "app.py").read_text(encoding="utf-8"))
    [served] = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
    assert "config_polling.slow_config_polling()" in ast.unparse(served.body)
