"""Accounts (admin only): who can sign in, with which role, and when they last did."""

import streamlit as st

from lib import auth
from lib.i18n import t
from lib.ui import guards, layout, resources, session

guards.require_page("users")
lang = session.language()
st.title(t("page.users", lang))

with resources.cursor() as cur:
    frame = auth.list_users(cur)
frame["role"] = [t(f"role.{r}", lang) for r in frame["role"]]
st.dataframe(layout.local_times(frame, ["last_login_at"]), hide_index=True, key="users.table")
