"""The registry's import tab: templates, upload, row-by-row preview, import of valid rows with a progress bar,
and the rejected-rows report. The preview is made once per uploaded file (by its content hash) and kept in the
browser session, so the page's reruns do not check every row again."""

from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from lib.access.users import User
from lib.platform import spreadsheets
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import resources, session
from lib.venues import importer


def import_tab(user: User, lang: str) -> None:
    st.write(t("imp.intro", lang))
    settings = resources.settings()
    with resources.cursor() as cur:
        template = importer.template_frame(cur, settings.city_province, settings.city_district)
    c1, c2 = st.columns(2)
    c1.download_button(t("imp.template_csv", lang), spreadsheets.csv_bytes(template), "mau-dia-diem.csv", "text/csv", key="venues.tpl_csv")
    c2.download_button(
        t("imp.template_xlsx", lang), spreadsheets.xlsx_bytes(template, "Dia diem"), "mau-dia-diem.xlsx", key="venues.tpl_xlsx"
    )
    upload = st.file_uploader(t("imp.upload", lang), type=["csv", "xlsx"], key="venues.import_file")
    if upload is None:
        return
    raw = upload.getvalue()
    key = (hashlib.sha256(raw).hexdigest(), upload.name, user.user_id, lang)
    kept: tuple[pd.DataFrame, list[importer.RowResult]] | AppError | None = session.import_preview(key)
    if kept is None:
        try:
            frame = importer.read_table(upload.name, raw)
            with resources.cursor() as cur:
                kept = (frame, importer.preview(cur, user, frame, settings.city_province, settings.city_district, lang))
        except AppError as err:
            kept = err  # a refused file is not read again either
        session.remember_import_preview(key, kept)
    if isinstance(kept, AppError):
        st.error(kept.message(lang))
        return
    _preview(user, kept[0], kept[1], lang)


def _preview(user: User, frame: pd.DataFrame, results: list[importer.RowResult], lang: str) -> None:
    report = importer.report_frame(frame, results, lang)
    valid = sum(r.reason is None for r in results)
    st.caption(t("imp.summary", lang, ok=valid, bad=len(results) - valid))
    st.dataframe(report, hide_index=True, key="venues.import_preview")
    rejected = report.loc[report["ly_do"] != ""]
    if len(rejected):
        d1, d2 = st.columns(2)
        # the reports are made when asked for, not on every rerun
        d1.download_button(
            t("imp.rejected_csv", lang), lambda: spreadsheets.csv_bytes(rejected), "dong-loi.csv", "text/csv", key="venues.rej_csv"
        )
        d2.download_button(
            t("imp.rejected_xlsx", lang), lambda: spreadsheets.xlsx_bytes(rejected, "Dong loi"), "dong-loi.xlsx", key="venues.rej_xlsx"
        )
    if valid and st.button(t("imp.run", lang, n=valid), type="primary", key="venues.import_run"):
        bar = st.progress(0.0)
        with resources.cursor() as cur:
            created = importer.import_rows(
                cur, user, results, lambda n, total: bar.progress(n / total, t("imp.progress", lang, n=n, total=total))
            )
        session.forget_import_preview()
        st.success(t("imp.done", lang, n=len(created), rejected=len(results) - valid))
