"""Public health declaration (no sign-in). The form, households and personal codes come with the
declaration issue."""

import streamlit as st

from lib.i18n import t
from lib.ui import guards, session

guards.require_page("declaration")
lang = session.language()
st.title(t("page.declaration", lang))
st.write(t("public.declaration_intro", lang))
st.info(t("page.coming", lang))
