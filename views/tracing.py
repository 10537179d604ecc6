"""Contact tracing from a confirmed case (health officers). Cases, contacts and call lists come with the
tracing issue; every search there will be audited."""

import streamlit as st

from lib.i18n import t
from lib.ui import guards, session

guards.require_page("tracing")
lang = session.language()
st.title(t("page.tracing", lang))
st.info(t("page.coming", lang))
