"""Home: the few numbers each role needs today, scoped to the role in SQL."""

import streamlit as st
from lib.access.scope import CITY, WARD, scope_for
from lib.analytics import charts, home
from lib.platform import admin_units
from lib.platform.i18n import format_number, t
from lib.platform.times import format_datetime, local_day_bounds, now_utc
from lib.ui import guards, layout, navigation, resources, session

user = guards.require_page("home")
lang = session.language()
scope = scope_for(user)
now = now_utc()
st.title(t("page.home", lang), anchor=False)

with resources.cursor() as cur:
    figures = home.headline(cur, scope, now)
    own = home.role_figures(cur, user, now)
    start, end = local_day_bounds(now)
    by_ward = home.checkins_by_ward(cur, scope, start, end)
    per_day = home.checkins_per_day(cur, scope, 7, now)
    ward_name = admin_units.unit_name(cur, scope.ward_scheme, "ward", scope.ward_code) if scope.kind == WARD else None

if scope.kind == CITY:
    st.caption(t("home.scope_city", lang))
elif scope.kind == WARD:
    st.caption(t("home.scope_ward", lang, ward=ward_name))
else:
    st.caption(t("home.scope_venues", lang, n=len(scope.venue_ids)))

cols = st.columns(4)
cols[0].metric(t("home.venues", lang), format_number(figures.venues))
cols[1].metric(t("home.checkins_today", lang), format_number(figures.checkins_today))
cols[2].metric(t("home.inside_now", lang), format_number(figures.inside_now))
cols[3].metric(t("home.pending_review", lang), format_number(figures.pending_review))
if own:
    for col, figure in zip(st.columns(len(own)), own, strict=True):
        col.metric(t(figure.key, lang), format_number(figure.value))
        col.page_link(navigation.page_for(figure.page, lang), label=t(f"page.{figure.page}", lang), icon=":material/arrow_forward:")
st.caption(t("home.as_of", lang, time=format_datetime(now)))

left, right = st.columns(2)
with left:
    st.subheader(t("home.by_ward", lang), anchor=False)
    if by_ward.empty:
        st.info(t("home.no_checkins_today", lang))
    else:
        layout.chart(charts.bar_by_ward(by_ward, t("col.ward", lang), t("col.checkins", lang)))
with right:
    st.subheader(t("home.recent", lang), anchor=False)
    if per_day.empty:
        st.info(t("home.no_checkins_recent", lang))
    else:
        layout.chart(charts.line_per_day(per_day, t("col.day", lang), t("col.checkins", lang)))
