"""Data protection for the administrator: the audit log (search only, never edit), what the retention purge
will remove and when (and a purge now), people's data requests with their deadlines, and backups."""

from datetime import datetime, time, timedelta

import pandas as pd
import streamlit as st
from lib.access import audit
from lib.people import search
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.platform.times import LOCAL_TZ, now_utc, to_local
from lib.privacy import backups, data_rights, retention
from lib.ui import choices, guards, layout, resources, session

user = guards.require_page("privacy")
lang = session.language()
settings = resources.settings()
st.title(t("page.privacy", lang), anchor=False)
session.show_flash()
tab_audit, tab_retention, tab_requests, tab_backups = layout.tabs(
    "privacy.tab",
    {code: t(f"pv.tab_{code}", lang) for code in ("audit", "retention", "requests", "backups")},
    lang,
)


def _do(action, done_key: str, **params) -> None:
    """Run a change, flash its result, or show the refusal in the reader's language."""
    try:
        with resources.cursor() as cur:
            result = action(cur)
    except AppError as err:
        st.error(err.message(lang))
    else:
        session.flash(t(done_key, lang, **{k: v(result) for k, v in params.items()}))
        st.rerun()


with tab_audit:
    st.caption(t("pv.read_only", lang))
    with resources.cursor() as cur:
        kinds = audit.actions(cur)
    c0, c1, c2, c3 = st.columns(4)
    text = c0.text_input(t("pv.search_text", lang), key="pv.text", max_chars=200)
    action = choices.selectbox(
        t("pv.action", lang), [None, *kinds], where=c1, key="pv.action", format_func=lambda a: a or t("an.all", lang)
    )
    username = c2.text_input(t("pv.username", lang), key="pv.username", max_chars=64)
    today = to_local(now_utc()).date()
    period = c3.date_input(t("an.period", lang), (today - timedelta(days=7), today), format="DD/MM/YYYY", key="pv.period")
    since = until = None
    if isinstance(period, tuple) and len(period) == 2:
        since = datetime.combine(period[0], time.min, LOCAL_TZ)
        until = datetime.combine(period[1] + timedelta(days=1), time.min, LOCAL_TZ)
    with resources.cursor() as cur:
        rows = search.audit_search(cur, user, settings.resolved_secret(), text, action=action, username=username, since=since, until=until)
    layout.table(rows, lang, "pv.audit")

with tab_retention:
    st.info(t("pv.retention_rule", lang, days=settings.retention_days, hour=settings.maintenance_hour))
    with resources.cursor() as cur:
        upcoming = retention.schedule(cur, settings.retention_days)
        history = retention.purge_history(cur)
    st.subheader(t("pv.schedule", lang), anchor=False)
    layout.table(upcoming, lang, "pv.schedule")
    st.subheader(t("pv.history", lang), anchor=False)
    layout.table(history, lang, "pv.history")
    if st.button(t("pv.purge_now", lang), key="pv.purge"):
        _do(
            lambda cur: retention.purge(cur, settings.retention_days),
            "pv.purged",
            n=lambda r: r.checkins + r.declarations + r.people + r.risk_followups,
        )

with tab_requests:
    st.caption(t("pv.requests_help", lang))
    with resources.cursor() as cur:
        requests = data_rights.list_requests(cur, user)
    overdue = int(requests["overdue"].sum()) if len(requests) else 0
    if overdue:
        st.warning(t("pv.overdue", lang, n=overdue))
    layout.table(requests, lang, "pv.requests")
    for request in requests[(requests["status"] == "open") & (requests["kind"] == "deletion")].itertuples():
        if st.button(t("pv.carry_out", lang, id=request.request_id), key=f"pv.delete.{request.request_id}"):
            _do(lambda cur, rid=int(request.request_id): data_rights.carry_out_deletion(cur, user, rid), "pv.deleted", n=lambda n: n)

with tab_backups:
    folder = backups.backup_folder(settings)
    st.caption(t("pv.backups_in", lang, folder=folder, days=settings.retention_days))
    files = sorted(folder.glob(backups.PATTERN), reverse=True) if folder.exists() else []
    layout.table(
        pd.DataFrame({"file": [p.name for p in files], "MB": [round(p.stat().st_size / 1e6, 1) for p in files]}), lang, "pv.backups"
    )
    if st.button(t("pv.backup_now", lang), key="pv.backup"):
        _do(lambda cur: backups.backup(cur, settings.resolved_db_key(), folder), "pv.backup_done", name=lambda p: p.name)
