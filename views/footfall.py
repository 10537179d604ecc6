"""Footfall for the authorities: filters (period, ward, category, venue), check-ins per day, per hour and per
weekday x hour, top venues, wards and categories, and people present against capacity. All figures come
from the same scoped totals, so the charts and the tables agree."""

from dataclasses import replace
from datetime import timedelta

import streamlit as st
from lib.access.scope import scope_for
from lib.analytics import charts, footfall, hourly_totals
from lib.platform.i18n import format_number, t
from lib.platform.times import format_datetime, now_utc, to_local
from lib.ui import choices, guards, layout, resources, session
from lib.ui.downloads import table_downloads
from lib.venues import categories

user = guards.require_page("footfall")
lang = session.language()
scope = scope_for(user)
st.title(t("page.footfall", lang), anchor=False)

with resources.cursor() as cur:
    as_of = hourly_totals.as_of(cur)
    wards = {(scheme, code): name for scheme, code, name in footfall.wards_in_scope(cur, scope)}
st.caption(t("an.as_of", lang, time=format_datetime(as_of)))
today = to_local(now_utc()).date()

c0, c1, c2, c3 = st.columns(4)
period = c0.date_input(t("an.period", lang), (today - timedelta(days=29), today), max_value=today, format="DD/MM/YYYY", key="ff.period")
if not isinstance(period, tuple) or len(period) != 2:
    st.info(t("an.bad_period", lang))
    st.stop()
ward = choices.selectbox(
    t("col.ward", lang), [None, *wards], where=c1, key="ff.ward", format_func=lambda w: wards[w] if w else t("an.all", lang)
)
category = choices.selectbox(
    t("col.category", lang),
    [None, *categories.BY_CODE],
    where=c2,
    key="ff.category",
    format_func=lambda c: t(f"cat.{c}", lang) if c else t("an.all", lang),
)
filters = footfall.Filters(period[0], period[1], ward, category)
top = resources.cached(footfall.top_venues, scope, filters, 200, version=as_of)
venue_names = dict(zip(top["venue_id"], top["name"], strict=True))
venue = choices.selectbox(
    t("ff.venue_filter", lang),
    [None, *venue_names],
    where=c3,
    key="ff.venue",
    format_func=lambda v: f"{venue_names[v]} ({v})" if v else t("an.all", lang),
)
filters = replace(filters, venue_id=venue)

per_day = resources.cached(footfall.per_day, scope, filters, version=as_of)
per_hour = resources.cached(footfall.per_hour, scope, filters, version=as_of)
over = resources.cached(footfall.over_capacity, scope, filters, version=as_of)
if int(per_day["checkins"].sum()) == 0:
    st.info(t("an.no_data", lang))
    st.stop()

m0, m1, m2, m3 = st.columns(4)
m0.metric(t("ff.total", lang), format_number(int(per_day["checkins"].sum())))
busiest = per_day.loc[per_day["checkins"].idxmax()]
m1.metric(t("ff.busiest_day", lang), busiest["day"].strftime("%d/%m/%Y"), format_number(int(busiest["checkins"])), delta_color="off")
m2.metric(t("ff.busiest_hour", lang), f"{int(per_hour.loc[per_hour['checkins'].idxmax(), 'hour']):02d}:00")
m3.metric(t("ff.over_count", lang), format_number(len(over)))

left, right = st.columns(2)
with left:
    st.subheader(t("ff.per_day", lang), anchor=False)
    layout.chart(charts.line_per_day(per_day, t("col.day", lang), t("col.checkins", lang)), key="ff.chart_day")
with right:
    st.subheader(t("ff.per_hour", lang), anchor=False)
    layout.chart(charts.bars_per_hour(per_hour, t("ff.hour", lang), t("col.checkins", lang)), key="ff.chart_hour")

st.subheader(t("ff.heatmap", lang), anchor=False)
grid = resources.cached(footfall.weekday_hour, scope, filters, version=as_of)
layout.chart(
    charts.weekday_heatmap(grid, t("ff.weekdays", lang).split(","), t("ff.hour", lang), t("col.checkins", lang)), key="ff.chart_heatmap"
)

st.subheader(t("ff.top", lang), anchor=False)
top_now = resources.cached(footfall.top_venues, scope, filters, 20, version=as_of)
layout.chart(
    charts.ranked_bars(top_now, "checkins", "name", t("col.checkins", lang), t("col.venue", lang), key="venue_id"), key="ff.chart_top"
)
layout.table(top_now, lang, "ff.top_table")
table_downloads(top_now, "dia-diem-dong-nhat", "ff.top_dl", lang)

left, right = st.columns(2)
with left:
    st.subheader(t("ff.by_ward", lang), anchor=False)
    wards_frame = resources.cached(footfall.by_ward, scope, filters, version=as_of)
    layout.chart(charts.bar_by_ward(wards_frame, t("col.ward", lang), t("col.checkins", lang)), key="ff.chart_ward")
    layout.table(wards_frame, lang, "ff.ward_table")
    table_downloads(wards_frame, "luot-theo-phuong", "ff.ward_dl", lang)
with right:
    st.subheader(t("ff.by_category", lang), anchor=False)
    cats = resources.cached(footfall.by_category, scope, filters, version=as_of)
    labelled = cats.assign(category=[t(f"cat.{c}", lang) for c in cats["category"]])
    layout.chart(
        charts.ranked_bars(labelled, "checkins", "category", t("col.checkins", lang), t("col.category", lang)), key="ff.chart_category"
    )
    layout.table(cats, lang, "ff.category_table")
    table_downloads(cats, "luot-theo-loai-hinh", "ff.category_dl", lang)

st.subheader(t("ff.over", lang), anchor=False)
layout.table(over, lang, "ff.over_table")
table_downloads(over, "vuot-suc-chua", "ff.over_dl", lang)

st.subheader(t("ff.presence", lang), anchor=False)
# the chosen venue, else those that went over capacity first, then the busiest
candidates = [venue] if venue else list(dict.fromkeys([*over["venue_id"][:50], *venue_names]))[:200]
names = {**venue_names, **dict(zip(over["venue_id"], over["name"], strict=True))}
chosen = choices.selectbox(t("ff.pick_venue", lang), candidates, key="ff.presence_venue", format_func=lambda v: f"{names.get(v, v)} ({v})")
if chosen:
    present = resources.cached(footfall.presence, scope, replace(filters, venue_id=chosen), version=as_of)
    layout.chart(charts.presence_against_capacity(present, t("ff.present", lang), t("ff.capacity", lang)), key="ff.chart_presence")
