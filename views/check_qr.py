"""Kiểm tra mã QR: authorities check that posted venue codes are still current. The check workflow comes
with the venue issue; this lists the venues in scope whose poster was checked longest ago."""

import streamlit as st

from lib import venues
from lib.i18n import t
from lib.scope import scope_for
from lib.ui import guards, layout, resources, session

user = guards.require_page("check_qr")
lang = session.language()
st.title(t("page.check_qr", lang))
st.info(t("page.coming", lang))

with resources.cursor() as cur:
    frame = venues.list_venues(cur, scope_for(user), status="active", limit=5000)
frame = frame.sort_values("code_checked_at", na_position="first").head(200)
shown = layout.local_times(frame, ["code_printed_at", "code_checked_at"])
st.dataframe(shown[["venue_id", "name", "address", "code_version", "code_printed_at", "code_checked_at"]],
             hide_index=True, key="check_qr.table")
