"""What a person sees when something unexpected fails, and what the server log keeps of it.

Streamlit would show the exception (type, message, traceback) in the page; `client.showErrorDetails = "none"`
(.streamlit/config.toml) already hides the details, and `on_script_error` (the `st.App` in app.py) replaces
Streamlit's generic English box with a message in the reader's language that gives a reference code. The
server log keeps, under that reference, the exception's type and where it happened (file, line, function of
each frame) but not its message or any value: messages of a failed query or a parser often quote what was
typed or read (names, phones, ID numbers). Streamlit's own log line of the same exception, which includes the
message, is dropped (`quiet_streamlit_log`).
"""

from __future__ import annotations

import logging
import secrets
import traceback

import streamlit as st
from streamlit.logger import get_logger

from lib.platform.i18n import t

log = get_logger("qrcheckin.errors")  # Streamlit's format and level: the same server log as its own lines
_STREAMLIT_LOGGERS = ("streamlit.error_util",)


def reference() -> str:
    """A short code a person can read out over the phone: 'E-7K3Q9M2X'."""
    alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
    return "E-" + "".join(secrets.choice(alphabet) for _ in range(8))


def where(exc: BaseException) -> str:
    """The exception's type and its frames as 'file:line in function', innermost last, chained causes too;
    never its message or local values."""
    parts = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        frames = " <- ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in reversed(traceback.extract_tb(current.__traceback__)))
        parts.append(f"{type(current).__module__}.{type(current).__qualname__} at {frames or '?'}")
        current = current.__cause__ or current.__context__
    return " | caused by ".join(parts)


def on_script_error(exc: Exception) -> bool:
    """st.App's handler of an uncaught exception in a page, fragment or callback: log it under a new
    reference, show the friendly message, and tell Streamlit not to show its own (True)."""
    ref = reference()
    log.error("unexpected error %s: %s", ref, where(exc))
    try:
        from lib.ui import session

        lang = session.language()
    except Exception:  # the message must be shown even when the session cannot be read
        lang = "vi"
    st.error(t("err.unexpected", lang, ref=ref), icon=":material/error:")
    return True


class _DropUncaught(logging.Filter):
    """Streamlit logs each uncaught exception with its message and traceback ('Uncaught app execution');
    `on_script_error` logs it without the message, so Streamlit's line is not kept."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("Uncaught app execution")


def quiet_streamlit_log() -> None:
    """Install the filter once per process (app.py, when the server imports it)."""
    for name in _STREAMLIT_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _DropUncaught) for f in logger.filters):
            logger.addFilter(_DropUncaught())
