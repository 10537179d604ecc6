"""The follow-up queue (health officers city-wide, ward chairs for their residents): filters, items per day
and ward, the queue itself, and updating an item's status, assignee and notes (audited in lib.tracing.risk_queue)."""

from datetime import timedelta

import pandas as pd
import streamlit as st
from lib.access.scope import scope_for
from lib.analytics import charts
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.platform.times import now_utc, to_local
from lib.tracing import risk_queue
from lib.ui import choices, guards, layout, purpose, resources, session
from lib.ui.downloads import table_downloads

user = guards.require_page("risk")
lang = session.language()
scope = scope_for(user)
st.title(t("page.risk", lang), anchor=False)
session.show_flash()

with resources.cursor() as cur:
    people = dict(risk_queue.assignees(cur, scope))
    wards = risk_queue.wards(cur, scope)
c0, c1, c2, c3, c4 = st.columns(5)
statuses = choices.multiselect(
    t("rq.statuses", lang),
    risk_queue.STATUSES,
    default=list(risk_queue.OPEN_STATUSES),
    where=c0,
    format_func=lambda s: t(f"rq.status.{s}", lang),
    key="rq.statuses",
)
source = choices.selectbox(
    t("rq.source", lang),
    [None, *risk_queue.SOURCES],
    where=c1,
    key="rq.source",
    format_func=lambda s: t(f"rq.source.{s}", lang) if s else t("an.all", lang),
)
assignee = choices.selectbox(
    t("rq.assignee", lang),
    [None, 0, *people],
    where=c2,
    key="rq.assignee",
    format_func=lambda u: t("an.all", lang) if u is None else people.get(u, t("rq.nobody", lang)),
)
ward = choices.selectbox(
    t("col.ward", lang), [None, *wards], where=c3, key="rq.ward", format_func=lambda w: wards[w] if w else t("an.all", lang)
)
since = c4.date_input(t("an.period", lang), to_local(now_utc()).date() - timedelta(days=30), format="DD/MM/YYYY", key="rq.since")
filters = risk_queue.QueueFilters(tuple(statuses) or risk_queue.STATUSES, source, ward, assignee, since)

with resources.cursor() as cur:
    counts = risk_queue.counts(cur, scope, filters)
    items = risk_queue.queue(cur, scope, filters)

st.subheader(t("rq.counts", lang), anchor=False)
if counts.empty:
    st.info(t("an.no_data", lang))
    st.stop()
per_status = counts.groupby(["day", "status"], as_index=False)["items"].sum()  # one slice per status, not per ward
labelled = per_status.assign(status=[t(f"rq.status.{s}", lang) for s in per_status["status"]])
layout.chart(charts.stacked_per_day(labelled, "status", t("col.day", lang), t("rq.items", lang), t("rq.statuses", lang)), key="rq.chart")
by_ward = counts.pivot_table(index="ward_code", columns="status", values="items", aggfunc="sum", fill_value=0)
layout.table(by_ward.reset_index(), lang, "rq.by_ward")
table_downloads(counts, "so-muc-theo-ngay-phuong", "rq.counts_dl", lang)

st.subheader(t("rq.queue", lang), anchor=False)
why = purpose.ask("rq", lang)
if not why:
    st.stop()
purpose.shown(user, "rq.queue", len(items), why)
picked = layout.table(items, lang, "rq.queue", on_select="rerun", selection_mode="single-row")
table_downloads(items.drop(columns=["assignee"]), "danh-sach-theo-doi", "rq.dl", lang, user=user, personal=True)

rows = picked.selection.rows if picked else []
if not rows:
    st.caption(t("rq.pick", lang))
    st.stop()
item = items.iloc[rows[0]]
followup_id = int(item["followup_id"])
with st.form(f"rq.edit.{followup_id}"):  # keyed by the follow-up: a second row opens with its own values
    st.markdown(t("rq.edit", lang, id=int(item["followup_id"]), name=inert.markdown(item["full_name"])))
    status = choices.selectbox(
        t("rq.statuses", lang),
        risk_queue.STATUSES,
        index=risk_queue.STATUSES.index(item["status"]),
        format_func=lambda s: t(f"rq.status.{s}", lang),
        key=f"rq.edit_status.{followup_id}",
    )
    assignees = [None, *people]
    current = int(item["assignee"]) if pd.notna(item["assignee"]) and int(item["assignee"]) in people else None
    given_to = choices.selectbox(
        t("rq.assignee", lang),
        assignees,
        index=assignees.index(current),
        key=f"rq.edit_assignee.{followup_id}",
        format_func=lambda u: people.get(u, t("rq.nobody", lang)),
    )
    notes = st.text_area(
        t("rq.notes", lang),
        item["notes"] if isinstance(item["notes"], str) else "",
        max_chars=risk_queue.NOTES_MAX,
        key=f"rq.edit_notes.{followup_id}",
    )
    if st.form_submit_button(t("rq.save", lang)):
        try:
            with resources.cursor() as cur:
                risk_queue.update(cur, user, int(item["followup_id"]), status, given_to, notes)
            session.flash(t("rq.saved", lang, id=int(item["followup_id"])))
            st.rerun()
        except AppError as err:
            st.error(err.message(lang))
