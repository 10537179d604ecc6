"""How often Streamlit looks at its config.toml files while the server runs.

`st.App`'s start-up watches the config files (~/.streamlit/config.toml and ./.streamlit/config.toml) by polling
them every 0.2 s, whatever `server.fileWatcherType` says, and a file that does not exist is hashed again at
every poll. On an idle server that was all of the process's CPU: 0.0047 cores with no browser connected
(bench/RESULTS.md, issue 18), as much as the door's whole target of 0.005 cores per idle scanner station. This
server reads its settings at start (.streamlit/config.toml: restart the server after a change), so the poll
is slowed to once a minute; a changed config.toml is still picked up, within that minute.
"""

from __future__ import annotations

from streamlit.watcher import polling_path_watcher

POLL_SECONDS = 60.0


def slow_config_polling() -> None:
    """Set Streamlit's polling period (read by each poll when it schedules the next; app.py calls this when the
    server imports it, before or after the watchers start)."""
    polling_path_watcher._POLLING_PERIOD_SECS = POLL_SECONDS  # a Final of Streamlit's module
