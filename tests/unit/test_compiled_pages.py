"""Page scripts compiled once per server (lib/ui/compiled_pages.py): Streamlit emptied its script cache whenever
the last session left, so phones that came one after another each compiled app.py and their page (issue 19)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit import config
from streamlit.runtime import runtime
from streamlit.runtime.scriptrunner.script_cache import ScriptCache

from lib.platform.config import PROJECT_ROOT
from lib.ui import compiled_pages


@pytest.fixture
def kept(monkeypatch):
    monkeypatch.setattr(runtime, "ScriptCache", ScriptCache)  # Streamlit's own, put back after
    compiled_pages.keep_compiled_pages()
    return vars(runtime)["ScriptCache"]()  # what Runtime.__init__ builds


@pytest.fixture
def watcher():
    """Set server.fileWatcherType for one test, then put it back."""
    before = config.get_option("server.fileWatcherType")
    yield lambda value: config.set_option("server.fileWatcherType", value)
    config.set_option("server.fileWatcherType", before)


@pytest.fixture
def page(tmp_path):
    script = tmp_path / "page.py"
    script.write_text("x = 1\n", encoding="utf-8")
    return str(script)


def test_the_last_session_leaving_keeps_the_compiled_page_while_no_file_is_watched(kept, page, watcher):
    watcher("none")
    compiled = kept.get_bytecode(page)
    kept.clear()  # what WebSocketSessionManager.disconnect_session does when no session is left
    assert kept.get_bytecode(page) is compiled


def test_with_a_file_watcher_on_streamlit_still_empties_the_cache(kept, page, watcher):
    watcher("auto")
    compiled = kept.get_bytecode(page)
    kept.clear()
    assert kept.get_bytecode(page) is not compiled


def test_the_server_keeps_compiled_pages_when_it_imports_the_app():
    tree = ast.parse(Path(PROJECT_ROOT / "app.py").read_text(encoding="utf-8"))
    [served] = [node for node in tree.body if isinstance(node, ast.If) and "__main__" in ast.unparse(node.test)]
    assert "compiled_pages.keep_compiled_pages()" in "\n".join(ast.unparse(node) for node in served.body)
