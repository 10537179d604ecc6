"""Door scanning station (staff at their venues; officers anywhere in scope). The webcam scanner comes with
the scanning issue; this shows the venues the user may scan at and today's visits there."""

import streamlit as st

from lib import checkins, venues
from lib.i18n import t
from lib.scope import scope_for
from lib.times import local_day_bounds, now_utc
from lib.ui import guards, layout, resources, session

user = guards.require_page("scan")
lang = session.language()
scope = scope_for(user)
st.title(t("page.scan", lang))
st.info(t("page.coming", lang))

start, end = local_day_bounds(now_utc())
with resources.cursor() as cur:
    places = venues.list_venues(cur, scope, status="active", limit=2000)
    today = checkins.list_checkins(cur, scope, start, end, limit=50)
st.dataframe(places[["venue_id", "name", "address"]], hide_index=True, key="scan.venues")
shown = layout.local_times(today, ["checked_in_at", "checked_out_at"])
st.dataframe(shown[["venue_name", "checked_in_at", "checked_out_at", "method"]], hide_index=True, key="scan.today")
