"""Venue registry (office and admin city-wide, ward chairs their ward). The registration form, editing and
bulk import come with the venue issue; this lists the registered venues within the user's scope."""

import streamlit as st

from lib import venues
from lib.i18n import t
from lib.scope import scope_for
from lib.ui import guards, layout, resources, session

user = guards.require_page("venues")
lang = session.language()
st.title(t("page.venues", lang))
st.info(t("page.coming", lang))

with resources.cursor() as cur:
    frame = venues.list_venues(cur, scope_for(user), limit=500)
frame["category"] = [t(f"cat.{c}", lang) for c in frame["category"]]
frame["status"] = [t(f"status.{s}", lang) for s in frame["status"]]
shown = layout.local_times(frame, ["code_checked_at"])[
    ["venue_id", "name", "category", "address", "status", "code_checked_at"]
]
st.dataframe(shown, hide_index=True, key="venues.table")
