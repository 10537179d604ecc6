"""Sign-in page: the default page for anyone not signed in (deep links to protected pages land here).

A correct password starts a new session record; the browser then fetches its HttpOnly cookie and reloads
the same URL (lib.ui.session), so the page asked for opens signed in, in a fresh Streamlit session.
"""

import streamlit as st
from lib.access import accounts
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import resources, session
from lib.ui.client import client

lang = session.language()
st.title(t("app.title", lang), anchor=False)
st.caption(t("app.city", lang))
notice = session.take_notice()
if notice:
    st.warning(notice)
if session.signing_in():
    st.info(t("signin.wait", lang))
    st.stop()

with st.form("sign_in.form"):
    username = st.text_input(t("signin.username", lang), key="sign_in.username")
    password = st.text_input(t("signin.password", lang), type="password", key="sign_in.password")
    submitted = st.form_submit_button(t("signin.submit", lang), type="primary")

if submitted:
    settings = resources.settings()
    try:
        with resources.cursor() as cur:
            user = accounts.authenticate(
                cur,
                username,
                password,
                settings.max_failed_logins,
                settings.lockout_minutes,
                client=client(),
                secret=settings.resolved_secret(),
            )
    except AppError as err:
        st.error(err.message(lang))
    else:
        session.sign_in(user)
        st.rerun()

st.info(t("signin.public_hint", lang))
