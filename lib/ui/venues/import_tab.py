"""The registry's import tab: templates, upload, the mapping step (which column is which field), the
row-by-row preview, import of valid rows with a progress bar (events already over only after a confirmation),
and the rejected-rows report. The file is read once per upload (by its content hash) and each mapping's preview
made once, kept in the browser session, so the page's reruns do not check every row again."""

from __future__ import annotations

import hashlib

import streamlit as st

from lib.access.users import User
from lib.platform import spreadsheets
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.platform.table_reading import SourceTable
from lib.ui import resources, session
from lib.ui.confirm import confirmation, open_confirmation
from lib.ui.mapping import column_mapping
from lib.venues import import_template, importer, registry

PAST_END = "venues.import_past_end"  # the dialog's key


def import_tab(user: User, lang: str) -> None:
    st.write(t("imp.intro", lang))
    settings = resources.settings()
    with resources.cursor() as cur:
        template = import_template.template_frame(cur, settings.city_province, settings.city_district)
    c1, c2 = st.columns(2)
    c1.download_button(t("imp.template_csv", lang), spreadsheets.csv_bytes(template), "mau-dia-diem.csv", "text/csv", key="venues.tpl_csv")

    def template_xlsx() -> bytes:
        with resources.cursor() as cur:
            return import_template.template_xlsx(cur, settings.city_province, settings.city_district, lang)

    c2.download_button(t("imp.template_xlsx", lang), template_xlsx, "mau-dia-diem.xlsx", on_click="ignore", key="venues.tpl_xlsx")
    upload = st.file_uploader(t("imp.upload", lang), type=["csv", "xlsx"], key="venues.import_file")
    if upload is None:
        return
    raw = upload.getvalue()
    key = (hashlib.sha256(raw).hexdigest(), upload.name, user.user_id, lang)
    kept: dict = session.import_preview(key) or {}
    if "table" not in kept:
        try:
            kept["table"] = importer.read_file(upload.name, raw)
        except AppError as err:
            kept["table"] = err  # a refused file is not read again either
        session.remember_import_preview(key, kept)
    table = kept["table"]
    if isinstance(table, AppError):
        st.error(table.message(lang))
        return
    mapping = column_mapping(table, importer.FIELDS, f"venues.map.{upload.file_id}", lang)
    chosen = tuple(sorted(mapping.items()))
    if chosen not in kept:
        try:
            with resources.cursor() as cur:
                kept[chosen] = importer.preview(cur, user, table.frame, settings.city_province, settings.city_district, lang, mapping)
        except AppError as err:
            kept[chosen] = err
    results = kept[chosen]
    if isinstance(results, AppError):
        st.error(results.message(lang))
        return
    _preview(user, table, results, lang)


def _preview(user: User, table: SourceTable, results: list[importer.RowResult], lang: str) -> None:
    report = importer.report_frame(table.frame, results, lang)
    valid = sum(r.reason is None for r in results)
    st.caption(t("imp.summary", lang, ok=valid, bad=len(results) - valid))
    rejected = report.loc[report["ly_do"] != ""]
    headers = {"dong": t("imp.col_line", lang), "trang_thai": t("imp.col_status", lang), "ly_do": t("imp.col_reason", lang)}
    report, rejected = report.rename(columns=headers), rejected.rename(columns=headers)
    st.dataframe(report, hide_index=True, key="venues.import_preview")
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
        try:
            with resources.cursor() as cur:
                created = importer.import_rows(
                    cur, user, results, lambda n, total: bar.progress(n / total, t("imp.progress", lang, n=n, total=total))
                )
        except AppError as err:  # events already over: asked in a dialog, as a registration does
            if err.key == "imp.past_end":
                open_confirmation(PAST_END)
            else:
                st.error(err.message(lang))
        else:
            session.forget_import_preview()
            st.success(t("imp.done", lang, n=len(created), rejected=len(results) - valid))

    def import_anyway(by: User) -> str:
        with resources.cursor() as cur:
            created = importer.import_rows(cur, by, results, confirm_past_end=True)
        session.forget_import_preview()
        return t("imp.done", lang, n=len(created), rejected=len(results) - valid)

    ended = [str(r.row) for r in results if r.data is not None and registry.has_ended(r.data)]
    body = t("imp.past_end", lang, n=len(ended), lines=", ".join(ended))
    confirmation(PAST_END, t("venue.past_end_title", lang), body, lang, "venues", import_anyway)
