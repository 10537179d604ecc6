"""Accounts (admin only): who can sign in, with which role, and when they last did; changing a role or
disabling an account (audited in lib.access.accounts)."""

import streamlit as st
from lib.access import accounts
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import guards, layout, resources, session

user = guards.require_page("users")
lang = session.language()
st.title(t("page.users", lang))
session.show_flash()

with resources.cursor() as cur:
    frame = accounts.list_users(cur)
layout.table(frame, lang, "users.table")

st.subheader(t("users.change", lang))
usernames = dict(zip(frame["user_id"], frame["username"], strict=True))
with st.form("users.change"):
    chosen = st.selectbox(t("users.account", lang), list(usernames), format_func=usernames.get, key="users.account")
    role = st.selectbox(t("col.role", lang), accounts.ROLES, format_func=lambda r: t(f"role.{r}", lang), key="users.role")
    c1, c2 = st.columns(2)
    scheme = c1.selectbox(t("cp.scheme", lang), ["2021", "2025"], key="users.scheme")
    ward = c2.text_input(t("users.ward_code", lang), key="users.ward", max_chars=10)
    active = st.checkbox(t("users.active", lang), value=True, key="users.active")
    if st.form_submit_button(t("users.save", lang)):
        try:
            with resources.cursor() as cur:
                accounts.change_role(cur, user, int(chosen), role, scheme, ward.strip() or None, active)
        except AppError as err:
            st.error(err.message(lang))
        else:
            session.flash(t("users.saved", lang, username=usernames[chosen]))
            st.rerun()
