"""Contact tracing (health officers): register a confirmed case, find who was with them, mark F1 (a second
officer confirms large marks), compute F2 on demand, and download the call list. Every search, trace and
export is audited in lib; a ward chair cannot open this page or call its functions."""

import streamlit as st
from lib.people import search
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import guards, purpose, resources, session
from lib.ui.card_reissue import reissue_panel
from lib.ui.declaration.form import history_table
from lib.ui.tracing import widgets as tracing_widgets

user = guards.require_page("tracing")
lang = session.language()
st.title(t("page.tracing", lang), anchor=False)
session.show_flash()
tracing_widgets.awaiting_confirmation(user, lang)

st.subheader(t("trace.cases", lang), anchor=False)
tracing_widgets.register_case(user, lang)
why = purpose.ask("tracing", lang)
try:
    case = tracing_widgets.choose_case(user, lang, why) if why else None
    if case is not None:
        tracing_widgets.run_trace(user, case, lang, why)
        trace = session.trace()
        if trace is not None and trace.case.case_id == case.case_id:
            tracing_widgets.show_trace(user, trace, lang)
except AppError as err:
    st.error(err.message(lang))

st.divider()
st.subheader(t("lookup.title", lang), anchor=False)
st.caption(t("lookup.audited", lang))
chosen, label, reason = tracing_widgets.look_up_person(user, lang, "tracing", t("lookup.pick", lang))
if chosen is not None:
    try:
        with resources.cursor() as cur:
            history = search.person_history(cur, user, chosen, reason)
        st.dataframe(history_table(history, lang), hide_index=True, key="tracing.history")
        reissue_panel(user, chosen, label, reason, lang)
    except AppError as err:
        st.error(err.message(lang))
