"""Public self check-in, opened by a phone camera from a venue poster (`/checkin?v=<token>`). Verifying the
token and recording the visit come with the scanning issue."""

import streamlit as st

from lib.i18n import t
from lib.ui import guards, session

guards.require_page("checkin")
lang = session.language()
st.title(t("page.checkin", lang))
st.write(t("public.checkin_intro", lang))
if not st.query_params.get("v"):
    st.warning(t("public.checkin_no_code", lang))
