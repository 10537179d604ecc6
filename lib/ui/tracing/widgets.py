"""The tracing page's parts: registering and editing cases, running a trace, and acting on it (mark F1 with
the second-officer brake, undo, F2, call lists with a reason, the SMS text). All rules live in lib.tracing.cases,
lib.tracing.contacts and lib.tracing.marks; this only lays them out."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time

import pandas as pd
import streamlit as st

from lib.access.users import User
from lib.analytics import charts
from lib.people import search
from lib.platform import presentation, spreadsheets
from lib.platform.errors import AppError, FormErrors
from lib.platform.frames import named_rows
from lib.platform.i18n import t
from lib.platform.times import LOCAL_TZ, local_today, to_local
from lib.tracing import cases, contacts
from lib.tracing import marks as actions
from lib.ui import choices, layout, purpose, resources, session
from lib.ui.downloads import audited
from lib.ui.layout import table


def _case_input(person_id: int, lang: str, key: str, case: cases.Case | None = None) -> cases.CaseInput:
    """The case form's fields (pre-filled when editing)."""
    c1, c2 = st.columns(2)
    test_date = c1.date_input(
        t("trace.test_date", lang), value=case.test_date if case else local_today(), format="DD/MM/YYYY", key=f"{key}.test"
    )
    onset = c2.date_input(t("trace.onset_date", lang), value=case.onset_date if case else None, format="DD/MM/YYYY", key=f"{key}.onset")
    isolated = case.isolated_at if case else None
    if st.checkbox(t("trace.isolated", lang), value=isolated is not None, key=f"{key}.isolated"):
        local = to_local(isolated) if isolated else None
        day = c1.date_input(
            t("trace.isolated_date", lang), value=local.date() if local else None, format="DD/MM/YYYY", key=f"{key}.iso_day"
        )
        clock = c2.time_input(t("trace.isolated_time", lang), value=local.time() if local else time(8), key=f"{key}.iso_time")
        isolated = datetime.combine(day, clock, tzinfo=LOCAL_TZ) if day else None
    else:
        isolated = None
    notes = st.text_area(t("trace.notes", lang), value=(case.notes if case else None) or "", max_chars=1000, key=f"{key}.notes")
    return cases.CaseInput(person_id, test_date, onset, isolated, notes)


def person_labels(people: pd.DataFrame, lang: str) -> dict[int, str]:
    """person_id -> "NAME · born 1985 · CCCD …1234" (birth year and the ID's last digits tell equal names apart;
    lib.ui.choices adds the id where even those agree)."""
    labels = {}
    for row in people.to_dict("records"):
        parts = [str(row["full_name"]), t("trace.born", lang, year=row["birth_year"])]
        if isinstance(row.get("id_last4"), str) and row["id_last4"]:
            parts.append(f"CCCD …{row['id_last4']}")
        labels[int(row["person_id"])] = " · ".join(parts)
    return labels


def _show_errors(err: AppError, lang: str) -> None:
    if isinstance(err, FormErrors):
        for field_error in err.fields.values():
            st.error(field_error.message(lang))
    else:
        st.error(err.message(lang))


def search_people(user: User, lang: str, prefix: str, remember: Callable[[object], None]) -> str:
    """The audited person search (what to look for, and why); the result goes to `remember` (None after a
    refused search). Returns the stated reason, which later views of the same person reuse."""
    query = st.text_input(t("lookup.query", lang), key=f"{prefix}.query", max_chars=120)
    reason = st.text_input(t("lookup.reason", lang), key=f"{prefix}.reason", max_chars=300)
    if st.button(t("lookup.search", lang), type="primary", key=f"{prefix}.search"):
        try:
            with resources.cursor() as cur:
                remember(search.search_people(cur, user, resources.settings().resolved_secret(), query, reason))
        except AppError as err:
            st.error(err.message(lang))
            remember(None)
    return reason


def look_up_person(user: User, lang: str, prefix: str, pick_label: str) -> tuple[int | None, str, str]:
    """The audited search, the people it found and the pick among them (by id): (person id or None, its label,
    the stated reason), for the tracing and lost-card pages."""
    reason = search_people(user, lang, prefix, session.remember_lookup)
    found = session.lookup()
    if found is None:
        return None, "", reason
    layout.table(found, lang, f"{prefix}.found")
    names = person_labels(found, lang)
    chosen = choices.selectbox(pick_label, list(names), index=None, key=f"{prefix}.pick", format_func=names.get)
    return (int(chosen), names[chosen], reason) if chosen is not None else (None, "", reason)


def awaiting_confirmation(user: User, lang: str) -> None:
    """The second officer's queue: every case's pending marks that another officer asked for, each with its
    confirm button, at the top of the page (without it a pending mark was seen only by opening its case)."""
    with resources.cursor() as cur:
        marks = actions.list_marks(cur, user)
    waiting = marks.loc[(marks["status"] == actions.PENDING) & (marks["requested_by_id"] != user.user_id), :]
    if waiting.empty:
        return
    st.subheader(t("trace.queue", lang, n=len(waiting)), anchor=False)
    st.caption(t("trace.queue_help", lang))
    table(waiting.drop(columns="requested_by_id"), lang, "trace.queue")
    for mark in named_rows(waiting):
        label = t("trace.queue_confirm", lang, mark=mark.mark_id, n=mark.people, case=mark.case_id)
        if st.button(label, key=f"trace.queue_confirm.{mark.mark_id}", type="primary"):
            try:
                with resources.cursor() as cur:
                    session.flash(t("trace.marked", lang, n=actions.confirm_mark(cur, user, int(mark.mark_id)).created))
            except AppError as err:
                st.error(err.message(lang))
            else:
                st.rerun()


def register_case(user: User, lang: str) -> None:
    """Find the person (audited search), then register the case."""
    with st.expander(t("trace.new_case", lang)):
        search_people(user, lang, "case", session.remember_case_people)
        found = session.case_people()
        if found is None or found.empty:
            return
        # a phone finds a whole household: show who was found and let the officer pick, nobody pre-selected
        table(found, lang, "case.found")
        names = person_labels(found, lang)
        person = choices.selectbox(
            t("case.pick_person", lang),
            list(names),
            index=None,
            placeholder=t("picker.choose", lang),
            format_func=names.get,
            key="case.person",
        )
        if person is None:
            return
        data = _case_input(int(person), lang, f"case.new.{person}")
        if st.button(t("trace.register", lang), type="primary", key="case.register"):
            try:
                with resources.cursor() as cur:
                    case_id = cases.create_case(cur, user, data)
                session.preset_widget("trace.case", case_id)  # work on the new case straight away
                st.success(t("trace.registered", lang, case_id=case_id))
            except AppError as err:
                _show_errors(err, lang)


def choose_case(user: User, lang: str, why: str) -> cases.Case | None:
    """The case list (a view of personal rows, audited with `why`) and the one being worked on, with its edit
    and close actions."""
    with resources.cursor() as cur:
        listed = cases.list_cases(cur, user)
    purpose.shown(user, "trace.cases", len(listed), why)
    table(listed, lang, "trace.cases")
    if listed.empty:
        return None
    # the status as a label of the page language, never its code ("(open)")
    labels = {int(r.case_id): f"#{r.case_id} {r.full_name} ({presentation.label('status', r.status, lang)})" for r in named_rows(listed)}
    case_id = choices.selectbox(t("trace.pick_case", lang), list(labels), format_func=labels.get, key="trace.case")
    with resources.cursor() as cur:
        case = cases.get_case(cur, user, case_id)
    with st.expander(t("trace.save_case", lang)):
        data = _case_input(case.person_id, lang, f"case.edit{case_id}", case)
        c1, c2 = st.columns(2)
        try:
            if c1.button(t("trace.save_case", lang), key=f"case.save.{case_id}"):
                with resources.cursor() as cur:
                    cases.update_case(cur, user, case_id, data)
                st.success(t("trace.saved", lang))
            if case.status == "open" and c2.button(t("trace.close_case", lang), key=f"case.close.{case_id}"):
                with resources.cursor() as cur:
                    cases.close_case(cur, user, case_id)
                st.rerun()
        except AppError as err:
            _show_errors(err, lang)
    return case


def run_trace(user: User, case: cases.Case, lang: str, why: str) -> None:
    """Window and threshold (defaults from the case and the settings), then the F1 computation (audited in
    lib with `why`, the purpose stated on the page)."""
    settings, case_id = resources.settings(), case.case_id
    since, until = cases.default_window(case)
    c1, c2, c3 = st.columns(3)
    day_from = c1.date_input(t("trace.window_from", lang), value=to_local(since).date(), format="DD/MM/YYYY", key=f"trace.from.{case_id}")
    day_to = c2.date_input(t("trace.window_to", lang), value=to_local(until).date(), format="DD/MM/YYYY", key=f"trace.to.{case_id}")
    minutes = c3.number_input(t("trace.min_overlap", lang), 1, 240, settings.trace_min_overlap_minutes, key=f"trace.minutes.{case_id}")
    if st.button(t("trace.run", lang), type="primary", key="trace.run"):
        start = datetime.combine(day_from, time(0), tzinfo=LOCAL_TZ)
        end = min(until, datetime.combine(day_to, time(23, 59, 59), tzinfo=LOCAL_TZ)) if day_to else until
        rules = contacts.TraceRules(int(minutes), settings.trace_after_minutes)
        with resources.cursor() as cur:
            session.remember_trace(contacts.trace_case(cur, user, case.case_id, rules, start, end, reason=why))


def show_trace(user: User, trace: contacts.Trace, lang: str) -> None:
    """Contacts, the places visited with a timeline, marking, F2, call list downloads and the SMS text."""
    if trace.visits.empty:
        st.info(t("trace.no_visits", lang))
    st.subheader(t("trace.contacts", lang, n=len(trace.contacts)), anchor=False)
    contacts_slot = st.empty()  # filled after the marking below, so a mark made in this run shows at once
    st.subheader(t("trace.venues", lang), anchor=False)
    table(trace.visits.loc[:, ["venue_name", "address", "ward_scheme", "ward_code", "started", "ended"]], lang, "trace.visits")
    if not trace.visits.empty:
        names = dict(zip(trace.contacts["person_id"], trace.contacts["full_name"], strict=True))
        layout.chart(
            charts.trace_timeline(trace.visits, trace.exposures, names, t("trace.case_row", lang), t("col.venue", lang)),
            key="trace.timeline",
        )
    _marking(user, trace, lang)
    with resources.cursor() as cur:
        contacts_now = actions.with_current_followups(cur, user, trace.contacts)
    contacts_slot.dataframe(actions.call_list(contacts_now, lang), hide_index=True, key="trace.contacts")
    _downloads(user, trace.case.case_id, contacts_now, lang)
    st.text_area(
        t("trace.sms", lang),
        actions.sms_text(trace.visits, resources.settings().health_hotline, resources.settings().issuing_authority),
        key="trace.sms",
    )


def _marking(user: User, trace: contacts.Trace, lang: str) -> None:
    settings, case_id = resources.settings(), trace.case.case_id
    # ids, labelled with what tells equal names apart: people who share a name are two choices, two marks
    names = person_labels(trace.contacts, lang)
    default = [int(p) for p in trace.contacts.loc[trace.contacts["level"] != contacts.AFTER, "person_id"]]
    chosen = choices.multiselect(
        t("trace.mark_pick", lang), list(names), default=default, format_func=names.get, key=f"trace.pick.{case_id}"
    )
    try:
        if st.button(t("trace.mark", lang, n=len(chosen)), key="trace.mark", disabled=not chosen):
            with resources.cursor() as cur:
                mark = actions.mark_f1(cur, user, case_id, chosen, settings.trace_confirm_above)
            st.success(
                t("trace.marked", lang, n=mark.created) if mark.status == actions.APPLIED else t("trace.pending", lang, n=len(chosen))
            )
        with resources.cursor() as cur:
            marks = actions.list_marks(cur, user, case_id)
        st.caption(t("trace.marks", lang))
        table(marks.drop(columns="requested_by_id"), lang, "trace.marks")
        for mark in named_rows(marks):
            awaiting_me = mark.status == actions.PENDING and mark.requested_by_id != user.user_id
            if awaiting_me and st.button(t("trace.confirm", lang, mark=mark.mark_id), key=f"trace.confirm{mark.mark_id}"):
                with resources.cursor() as cur:
                    st.success(t("trace.marked", lang, n=actions.confirm_mark(cur, user, int(mark.mark_id)).created))
            if mark.status != actions.UNDONE and st.button(t("trace.undo", lang, mark=mark.mark_id), key=f"trace.undo{mark.mark_id}"):
                with resources.cursor() as cur:
                    st.success(t("trace.undone", lang, n=actions.undo_mark(cur, user, int(mark.mark_id))))
        if chosen and st.button(t("trace.f2", lang), key="trace.f2"):
            rules = contacts.TraceRules(settings.trace_min_overlap_minutes, settings.trace_after_minutes)
            with resources.cursor() as cur:
                session.remember_trace(trace, contacts.second_ring(cur, user, trace, [int(p) for p in chosen], rules))
    except AppError as err:
        st.error(err.message(lang))
    ring = session.second_ring()
    if ring is not None:
        st.subheader(t("trace.f2_title", lang, n=len(ring)), anchor=False)
        st.dataframe(actions.call_list(ring, lang, ring=2), hide_index=True, key="trace.ring")


def _downloads(user: User, case_id: int, contacts_now: pd.DataFrame, lang: str) -> None:
    """Call lists leave the system only with a reason, and each download is audited."""
    reason = st.text_input(t("trace.export_reason", lang), key="trace.export_reason", max_chars=300).strip()
    frame = actions.call_list(contacts_now, lang)

    def data(kind: str, make: Callable[[], bytes]) -> Callable[[], bytes]:
        # audited by the function that makes the bytes, not by the click (lib.ui.downloads.audited)
        return audited(lambda cur: actions.call_list_file(cur, user, case_id, len(frame), reason, kind, make))

    # the files are made only when a button is clicked (deferred data), not on every rerun of the page
    title = t("trace.call_title", lang, case_id=case_id)
    c1, c2 = st.columns(2)
    c1.download_button(
        t("trace.download_xlsx", lang),
        data("xlsx", lambda: spreadsheets.xlsx_bytes(frame)),
        f"goi-f1-ca-{case_id}.xlsx",
        disabled=not reason,
        on_click="ignore",
        key="trace.xlsx",
    )
    c2.download_button(
        t("trace.download_pdf", lang),
        data("pdf", lambda: actions.call_list_pdf(frame, title)),
        f"goi-f1-ca-{case_id}.pdf",
        disabled=not reason,
        on_click="ignore",
        key="trace.pdf",
    )
