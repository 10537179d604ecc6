"""Router: page config, sign-in gate, role-based navigation. Reads like the table of contents."""

import streamlit as st

from lib.platform.i18n import t
from lib.ui import layout, navigation, session

st.set_page_config(page_title="QR check-in Sa Đéc", page_icon=":material/qr_code_2:", layout="wide")

lang = session.language()
user = session.current_user()
sections, signed_out_links = navigation.build(user, lang)
page = st.navigation(sections, position="hidden" if user is None else "sidebar")
layout.sidebar(user, lang, signed_out_links)
st.sidebar.caption(t("app.city", lang))
page.run()
