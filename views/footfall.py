"""Footfall for the authorities. Filters, heatmaps and capacity come with the analytics issue; this shows
check-ins per day over the last 30 days within the user's scope."""

import streamlit as st

from lib import analytics, charts
from lib.i18n import t
from lib.scope import scope_for
from lib.ui import guards, resources, session

user = guards.require_page("footfall")
lang = session.language()
st.title(t("page.footfall", lang))
st.info(t("page.coming", lang))

with resources.cursor() as cur:
    per_day = analytics.checkins_per_day(cur, scope_for(user), 30)
if not per_day.empty:
    st.plotly_chart(charts.line_per_day(per_day, t("col.day", lang), t("col.checkins", lang)), key="footfall.daily")
