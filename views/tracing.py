"""Contact tracing (health officers). The officer looks up any person (phone, name, ID number or personal
code) and their epidemiological history; every search and view is audited with the stated reason. Cases and
contact lists come with the tracing issue."""

import streamlit as st

from lib import person_search
from lib.errors import AppError
from lib.i18n import t
from lib.ui import guards, resources, session
from lib.ui.declaration_form import history_table

user = guards.require_page("tracing")
lang = session.language()
st.title(t("page.tracing", lang))
st.subheader(t("lookup.title", lang))
st.caption(t("lookup.audited", lang))

query = st.text_input(t("lookup.query", lang), key="tracing.query", max_chars=120)
reason = st.text_input(t("lookup.reason", lang), key="tracing.reason", max_chars=300)
if st.button(t("lookup.search", lang), type="primary", key="tracing.search"):
    try:
        with resources.cursor() as cur:
            found = person_search.search_people(cur, user, resources.settings().resolved_secret(), query, reason)
    except AppError as err:
        st.error(err.message(lang))
        found = None
    session.remember_lookup(found)

found = session.lookup()
if found is not None:
    st.dataframe(found, hide_index=True, key="tracing.found")
    names = dict(zip(found["person_id"], found["full_name"], strict=True))
    chosen = st.selectbox(t("lookup.pick", lang), list(names), index=None, key="tracing.pick",
                          format_func=lambda p: f"{names[p]} ({p})")
    if chosen is not None:
        try:
            with resources.cursor() as cur:
                history = person_search.person_history(cur, user, int(chosen), reason)
            st.dataframe(history_table(history, lang), hide_index=True, key="tracing.history")
        except AppError as err:
            st.error(err.message(lang))
