"""Change password (every signed-in role). A first admin password printed at start or a password set by an
administrator leads here and nowhere else until it is changed; the other sessions of the account end."""

import streamlit as st
from lib.access import accounts, sessions
from lib.platform.errors import AppError, InvalidInputError
from lib.platform.i18n import t
from lib.ui import guards, resources, session

user = guards.require_page("password")
if user is None:  # not a public page: require_page has stopped already
    st.stop()
lang = session.language()
st.title(t("page.password", lang), anchor=False)
session.show_flash()
if user.must_change_password:
    st.warning(t("password.forced", lang))

with st.form("password.form"):
    current = st.text_input(t("password.current", lang), type="password", key="password.current")
    new = st.text_input(t("password.new", lang, min=accounts.MIN_PASSWORD_LENGTH), type="password", key="password.new")
    repeat = st.text_input(t("password.repeat", lang), type="password", key="password.repeat")
    submitted = st.form_submit_button(t("password.submit", lang), type="primary")

if submitted:
    try:
        if new != repeat:
            raise InvalidInputError("err.password_mismatch", field="repeat")
        with resources.cursor() as cur:
            accounts.change_own_password(cur, user, current, new)
            token = session.session_token()
            if token:
                sessions.end_other_sessions(cur, user.user_id, token, "password_changed")
    except AppError as err:
        st.error(err.message(lang))
    else:
        session.flash(t("password.changed", lang))
        st.rerun()
