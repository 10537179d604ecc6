"""Public health declaration (no sign-in), for oneself and relatives ("khai hộ"); each person leaves with a
signed personal code. A returning visitor finds their household by phone plus a check only they can pass."""

import streamlit as st
from lib.checkins import door_status
from lib.people import declaration_form, declarations, households
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import choices, guards, layout, resources, session
from lib.ui.client import client
from lib.ui.declaration.form import address_fields, answers_fields, history_table, person_fields, rights_panel, show_codes
from lib.ui.forms import FieldSlots, digits_input

guards.require_page("declaration")
lang = session.language()
settings = resources.settings()
secret = settings.resolved_secret()
st.title(t("page.declaration", lang), anchor=False)
st.write(t("public.declaration_intro", lang))

if session.declared():
    st.success(t("decl.done", lang, n=len(session.declared())))
    show_codes(session.declared(), lang)
    st.stop()

mode = choices.radio(
    " ",
    ["new", "back"],
    horizontal=True,
    key="declaration.mode",
    label_visibility="collapsed",
    format_func=lambda m: t(f"decl.mode_{m}", lang),
)
slots = FieldSlots("declaration")

if mode == "new":
    st.subheader(t("decl.owner", lang), anchor=False)
    owner = person_fields("p0", lang, slots, owner=True)
    address = address_fields(lang, slots)
    count = st.number_input(t("decl.relatives", lang), min_value=0, max_value=9, step=1, key="declaration.count")
    relatives = []
    for n in range(1, int(count) + 1):
        with st.expander(t("decl.relative", lang, n=n), expanded=True):
            relatives.append(person_fields(f"p{n}", lang, slots, owner=False))
    consent = st.checkbox(t("decl.consent", lang, days=settings.retention_days), key="declaration.consent")
    slots.add("consent", t("decl.consent_short", lang))
    if slots.button(t("decl.submit", lang), type="primary", key="declaration.submit"):
        try:
            with resources.cursor() as cur:
                results = declarations.declare_household(cur, secret, owner, relatives, address, consent, client=client())
        except AppError as err:
            slots.show(err, lang)
        else:
            session.remember_declared(results)
            st.rerun()
    st.stop()

if session.household() is None:
    phone = digits_input(t("decl.back_phone", lang), "declaration.back_phone", autocomplete="tel", placeholder="0912 345 678")
    code = st.text_input(t("decl.back_code", lang), key="declaration.back_code")
    c1, c2 = st.columns(2)
    last4 = digits_input(t("decl.back_last4", lang), "declaration.back_last4", where=c1)
    year = digits_input(t("decl.back_year", lang), "declaration.back_year", where=c2)
    if st.button(t("decl.back_find", lang), type="primary", key="declaration.back_find"):
        try:
            with resources.cursor() as cur:
                session.remember_household(households.find_household(cur, secret, phone, code, last4, year, client=client()))
        except AppError as err:
            st.error(err.message(lang))
        else:
            st.rerun()
    st.stop()

with resources.cursor() as cur:
    members = households.members(cur, secret, session.household())
show_codes(members, lang)
with st.expander(t("rights.title", lang)):
    rights_panel(session.household(), lang)
for member in members:
    with st.expander(t("decl.again", lang, name=inert.markdown(member.masked_name))):
        answers = answers_fields(f"again{member.person_id}", lang, slots)
        if slots.button(t("decl.submit", lang), key=f"declaration.again.{member.person_id}"):
            try:
                with resources.cursor() as cur:
                    declarations.record_declaration(
                        cur,
                        secret,
                        member.person_id,
                        session.household(),
                        declaration_form.validated_answers(answers, f"again{member.person_id}"),
                    )
            except AppError as err:
                slots.show(err, lang)
            else:
                st.rerun()
    with st.expander(t("decl.history", lang, name=inert.markdown(member.masked_name))), resources.cursor() as cur:
        layout.own_status(door_status.status_of(cur, member.person_id), lang)
        st.dataframe(history_table(households.history(cur, member.person_id), lang), hide_index=True)
