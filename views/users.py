"""Accounts (admin only): who can sign in, with which role, and when they last did; changing a role or
disabling an account (audited in lib.access.accounts)."""

import streamlit as st
from lib.access import accounts
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import choices, guards, layout, resources, session

user = guards.require_page("users")
lang = session.language()
st.title(t("page.users", lang))
session.show_flash()

with resources.cursor() as cur:
    frame = accounts.list_users(cur)
layout.table(frame, lang, "users.table")

st.subheader(t("users.change", lang))
rows = {int(r["user_id"]): r for r in frame.astype(object).where(frame.notna(), None).to_dict("records")}
chosen = choices.selectbox(t("users.account", lang), list(rows), format_func=lambda u: rows[u]["username"], key="users.account")
account = rows[chosen]
schemes = ["2021", "2025"]
# every field is keyed by the account and starts from its stored values, so a save changes only what was edited
with st.form(f"users.change.{chosen}"):
    role = choices.selectbox(
        t("col.role", lang),
        accounts.ROLES,
        index=accounts.ROLES.index(account["role"]),
        format_func=lambda r: t(f"role.{r}", lang),
        key=f"users.role.{chosen}",
    )
    c1, c2 = st.columns(2)
    scheme = c1.selectbox(
        t("cp.scheme", lang), schemes, index=schemes.index(account["ward_scheme"] or "2021"), key=f"users.scheme.{chosen}"
    )
    ward = c2.text_input(t("users.ward_code", lang), value=account["ward_code"] or "", key=f"users.ward.{chosen}", max_chars=10)
    active = st.checkbox(t("users.active", lang), value=bool(account["active"]), key=f"users.active.{chosen}")
    if st.form_submit_button(t("users.save", lang)):
        try:
            with resources.cursor() as cur:
                accounts.change_role(cur, user, chosen, role, scheme, ward.strip() or None, active)
        except AppError as err:
            st.error(err.message(lang))
        else:
            session.flash(t("users.saved", lang, username=account["username"]))
            st.rerun()
