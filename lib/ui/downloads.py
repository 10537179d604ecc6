"""CSV and Excel downloads under every table, as people read them (lib.platform.presentation: headers,
labels, ward names; Excel numbers and dates). Files are built only when a button is clicked (deferred data),
cells are neutralised against formula injection, and tables with personal data need a reason first; each
such download is audited by the click."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lib.access import audit as audit_log
from lib.access.users import User
from lib.platform import presentation, spreadsheets
from lib.platform.i18n import t
from lib.ui import resources


def table_downloads(frame: pd.DataFrame, name: str, key: str, lang: str, user: User | None = None, personal: bool = False) -> None:
    """Two buttons (CSV, Excel) for `frame`; with `personal`, a reason field gates them and the click is
    audited as an export of `name` with the row count."""
    reason = ""
    if personal:
        reason = st.text_input(t("an.export_reason", lang), key=f"{key}.reason", max_chars=300).strip()

    def audit(fmt: str) -> None:
        if personal and user is not None:
            with resources.cursor() as cur:
                audit_log.record_export(cur, user, "export", name, len(frame), reason, fmt)

    from lib.ui.layout import wards

    names = wards()

    blocked = personal and not reason
    left, right = st.columns(2)
    left.download_button(
        t("an.csv", lang),
        lambda: spreadsheets.csv_bytes(presentation.for_screen(frame, lang, names)),
        f"{name}.csv",
        mime="text/csv",
        disabled=blocked,
        on_click=audit,
        args=("csv",),
        key=f"{key}.csv",
    )
    right.download_button(
        t("an.xlsx", lang),
        lambda: spreadsheets.xlsx_bytes(presentation.for_export(frame, lang, names), name),
        f"{name}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        disabled=blocked,
        on_click=audit,
        args=("xlsx",),
        key=f"{key}.xlsx",
    )
