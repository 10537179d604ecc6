"""CSV and Excel downloads under every table, as people read them (lib.platform.presentation: headers,
labels, ward names; Excel numbers and dates). Files are built only when a button is clicked (deferred data),
cells are neutralised against formula injection, and tables with personal data need a reason first.

A client can ask for a deferred file without clicking (Streamlit runs the registered callable for any request
that carries its id), so the audit row is written by the function that makes the bytes, never by the click:
no reason, no file; every file made has its audit row."""

from __future__ import annotations

import logging
from collections.abc import Callable

import duckdb
import pandas as pd
import streamlit as st

from lib.access import audit
from lib.access.users import User
from lib.platform import db, presentation, spreadsheets
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import resources

_LOG = logging.getLogger(__name__)


def audited(produce: Callable[[duckdb.DuckDBPyConnection], bytes]) -> Callable[[], bytes]:
    """A deferred-data callable that runs `produce(cur)` (a lib function that audits, then makes the bytes) on
    Streamlit's server thread; when the lib refuses (no reason, no right) the answer is empty, no file."""
    root = resources.root()  # taken on the script thread: the callable runs where no cached resource is found

    def data() -> bytes:
        try:
            with db.cursor(root) as cur:
                return produce(cur)
        except AppError as err:
            _LOG.warning("personal file refused: %s", err.key)
            return b""

    return data


def table_downloads(frame: pd.DataFrame, name: str, key: str, lang: str, user: User | None = None, personal: bool = False) -> None:
    """Two buttons (CSV, Excel) for `frame`; with `personal`, a reason field gates them and each file made is
    audited as an export of `name` with the row count."""
    from lib.ui.layout import wards

    reason = ""
    if personal:
        reason = st.text_input(t("an.export_reason", lang), key=f"{key}.reason", max_chars=300).strip()
    names = wards()
    makers = {
        "csv": lambda: spreadsheets.csv_bytes(presentation.for_screen(frame, lang, names)),
        "xlsx": lambda: spreadsheets.xlsx_bytes(presentation.for_export(frame, lang, names), name),
    }

    def data(fmt: str) -> Callable[[], bytes]:
        make = makers[fmt]
        if not personal:
            return make
        who = user
        if who is None:
            raise ValueError("a personal download needs the signed-in user")
        return audited(lambda cur: audit.exported_file(cur, who, "export", name, len(frame), reason, fmt, make))

    blocked = personal and not reason
    left, right = st.columns(2)
    left.download_button(
        t("an.csv", lang), data("csv"), f"{name}.csv", mime="text/csv", disabled=blocked, on_click="ignore", key=f"{key}.csv"
    )
    right.download_button(
        t("an.xlsx", lang),
        data("xlsx"),
        f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=blocked,
        on_click="ignore",
        key=f"{key}.xlsx",
    )
