"""The compliance page's expected counts (office and admin): the grid per ward and category, and the import of
an expected-count file through the same mapping step as the venue import (ward names or codes, everyday
category words), previewed row by row and saved only when every row is valid."""

from __future__ import annotations

from typing import Any, cast

import pandas as pd
import streamlit as st

from lib.access.users import User
from lib.analytics import targets
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import layout, resources, session
from lib.ui.mapping import column_mapping


def targets_editor(user: User, scheme: str, lang: str) -> None:
    st.subheader(t("cp.targets", lang), anchor=False)
    st.caption(t("cp.targets_help", lang))
    with resources.cursor() as cur:
        grid = targets.grid(cur, scheme)
    labels = cast(Any, layout.column_labels(grid, lang))  # labels and column configs, as Streamlit takes them
    edited = st.data_editor(grid, hide_index=True, disabled=["ward_code", "ward_name"], key=f"cp.targets_{scheme}", column_config=labels)
    try:
        if st.button(t("cp.targets_save", lang), key="cp.targets_save"):
            with resources.cursor() as cur:
                saved = targets.save_grid(cur, user, scheme, edited)
            session.flash(t("cp.targets_saved", lang, n=saved))
            st.cache_data.clear()
            st.rerun()
        upload = st.file_uploader(t("cp.targets_import", lang), type=["csv", "xlsx"], key="cp.targets_file")
        if upload is None:
            return
        table = targets.read_file(upload.name, upload.getvalue())
        mapping = column_mapping(table, targets.FIELDS, f"cp.targets_map.{upload.file_id}", lang)
        with resources.cursor() as cur:
            rows = targets.preview_file(cur, scheme, table.frame, mapping, resources.settings().city_district, lang)
        wrong = sum(r.cell is None for r in rows)
        st.caption(t("target.preview_summary", lang, ok=len(rows) - wrong, bad=wrong))
        report = table.frame.copy()
        report.insert(0, t("imp.col_line", lang), report.index)
        report.insert(1, t("imp.col_status", lang), [t("imp.wrong" if r.cell is None else "imp.ok", lang) for r in rows])
        report.insert(2, t("imp.col_reason", lang), pd.Series([r.reason or "" for r in rows], index=report.index))
        st.dataframe(report, hide_index=True, key="cp.targets_preview")
        if st.button(t("cp.targets_import", lang), key="cp.targets_load", disabled=bool(wrong) or not rows):
            with resources.cursor() as cur:
                loaded = targets.save_rows(cur, user, scheme, rows)
            session.flash(t("cp.targets_imported", lang, n=loaded))
            st.cache_data.clear()
            st.rerun()
    except AppError as err:
        st.error(err.message(lang))
