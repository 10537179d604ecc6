"""Page scripts compiled once per server process, not once per visitor.

Streamlit keeps the bytecode of app.py and of each page in one cache per server and empties it whenever the
last browser session goes away ("avoid stale cached scripts when all file watchers and sessions are
disconnected": WebSocketSessionManager.disconnect_session and close_session, Streamlit 1.67). On a public server
the phones come one after another (a poster scanned, a check-in, the tab closed), so most new sessions found
the cache empty and compiled app.py and their page again: 2.4 ms of a warm declaration page's 20 ms of server
CPU, a tenth (bench/RESULTS.md, issue 19).

The cache is only stale when a script changes on disk while the server runs. This server watches no files
(`server.fileWatcherType = "none"` and `runOnSave = false` in .streamlit/config.toml) and is restarted to deploy
new code, so while the file watcher is off the emptying is skipped; with a watcher on (a developer's own
config), Streamlit's behaviour is kept, and a changed file still empties the cache through its own watcher.
"""

from __future__ import annotations

from streamlit import config
from streamlit.runtime import runtime
from streamlit.runtime.scriptrunner.script_cache import ScriptCache


class KeptScriptCache(ScriptCache):
    """Streamlit's script cache that ignores "every session left" while no file watcher runs."""

    def clear(self) -> None:
        """Empty the cache unless nothing can have changed: with no file watcher, only a restart loads new code."""
        if config.get_option("server.fileWatcherType") != "none":
            super().clear()


def keep_compiled_pages() -> None:
    """Have the Runtime that `st.App` creates at start-up use KeptScriptCache (app.py calls this when the
    server imports it, before the Runtime exists)."""
    runtime.ScriptCache = KeptScriptCache  # pyright: ignore[reportPrivateImportUsage]  (the name Runtime.__init__ uses)
