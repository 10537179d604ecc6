"""Accounts (admin only): who can sign in, with which role, and when they last did; creating an account,
changing a role or disabling one, lifting a lock-out and resetting a password (all audited in
lib.access.accounts). A password set here must be changed by its owner at the first sign-in."""

import streamlit as st
from lib.access import accounts
from lib.platform import admin_units, inert
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.platform.times import format_datetime, now_utc
from lib.ui import choices, guards, layout, resources, session

user = guards.require_page("users")
lang = session.language()
st.title(t("page.users", lang), anchor=False)
session.show_flash()

with resources.cursor() as cur:
    frame = accounts.list_users(cur)
layout.table(frame, lang, "users.table")

with resources.cursor() as cur:  # a ward chair's ward, chosen by name in either scheme: (scheme, code) -> label
    ward_labels = {
        (scheme, code): t("picker.ward_in_scheme", lang, name=name, scheme=t(f"picker.scheme_{scheme}", lang))
        for scheme, code, name in admin_units.city_wards(cur, resources.settings().city_district)
    }

# not cleared on submit: a refused form keeps what was typed; a created account empties it (clear_after_save)
with st.expander(t("users.create", lang)), st.form("users.create"):
    c1, c2 = st.columns(2)
    new_username = c1.text_input(t("users.username", lang), key="users.new_username", max_chars=32)
    new_name = c2.text_input(t("users.full_name", lang), key="users.new_full_name", max_chars=100)
    new_role = choices.selectbox(
        t("col.role", lang),
        accounts.ROLES,
        index=None,
        placeholder=t("picker.choose", lang),
        format_func=lambda r: t(f"role.{r}", lang),
        key="users.new_role",
    )
    new_ward = choices.selectbox(
        t("users.ward", lang),
        list(ward_labels),
        index=None,
        placeholder=t("picker.choose", lang),
        format_func=ward_labels.get,
        key="users.new_ward",
    )
    new_password = st.text_input(t("users.first_password", lang), type="password", key="users.new_password")
    if st.form_submit_button(t("users.create_go", lang), type="primary"):
        try:
            with resources.cursor() as cur:
                accounts.create_user(
                    cur,
                    new_username.strip(),
                    new_password,
                    new_role,
                    new_name.strip(),
                    *(new_ward or (None, None)),
                    actor=user,
                    must_change_password=True,
                )
        except AppError as err:
            st.error(err.message(lang))
        else:
            session.flash(t("users.created", lang, username=inert.markdown(new_username.strip())))
            session.clear_after_save(
                ("users.new_username", "users.new_full_name", "users.new_password"), ("users.new_role", "users.new_ward")
            )
            st.rerun()

st.subheader(t("users.change", lang), anchor=False)
rows = {int(r["user_id"]): r for r in frame.astype(object).where(frame.notna(), None).to_dict("records")}
chosen = choices.selectbox(
    t("users.account", lang), list(rows), format_func=lambda u: rows[u]["username"], key="users.account", in_url="account"
)
account = rows[chosen]
# every field is keyed by the account and starts from its stored values, so a save changes only what was edited
with st.form(f"users.change.{chosen}"):
    role = choices.selectbox(
        t("col.role", lang),
        accounts.ROLES,
        index=accounts.ROLES.index(account["role"]),
        format_func=lambda r: t(f"role.{r}", lang),
        key=f"users.role.{chosen}",
    )
    held = (account["ward_scheme"], account["ward_code"])
    if account["ward_code"] and held not in ward_labels:  # a ward outside the city's lists is still shown as held
        ward_labels[held] = str(account["ward_code"])
    ward = choices.selectbox(
        t("users.ward", lang),
        list(ward_labels),
        index=list(ward_labels).index(held) if held in ward_labels else None,
        placeholder=t("picker.choose", lang),
        format_func=ward_labels.get,
        key=f"users.ward.{chosen}",
    )
    active = st.checkbox(t("users.active", lang), value=bool(account["active"]), key=f"users.active.{chosen}")
    if st.form_submit_button(t("users.save", lang)):
        try:
            with resources.cursor() as cur:
                accounts.change_role(cur, user, chosen, role, *(ward or (None, None)), active)
        except AppError as err:
            st.error(err.message(lang))
        else:
            session.flash(t("users.saved", lang, username=inert.markdown(account["username"])))
            st.rerun()

st.subheader(t("users.access", lang), anchor=False)
locked = account["locked_until"]
st.caption(t("users.locked_until", lang, until=format_datetime(locked)) if locked and locked > now_utc() else t("users.not_locked", lang))
c1, c2 = st.columns(2)
if c1.button(t("users.unlock", lang), key=f"users.unlock.{chosen}"):
    try:
        with resources.cursor() as cur:
            accounts.unlock(cur, user, chosen)
    except AppError as err:
        st.error(err.message(lang))
    else:
        session.flash(t("users.unlocked", lang, username=inert.markdown(account["username"])))
        st.rerun()
if c2.button(t("users.reset", lang), key=f"users.reset.{chosen}"):
    try:
        with resources.cursor() as cur:
            temporary = accounts.reset_password(cur, user, chosen)
    except AppError as err:
        st.error(err.message(lang))
    else:  # shown once, on this screen only: it is not kept anywhere in clear
        st.success(t("users.reset_done", lang, username=inert.markdown(account["username"])))
        st.code(temporary, language=None)
