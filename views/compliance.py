"""Ward compliance and adoption: ranking of wards, weekly trend, venues by category, the list of venues to
call (silent, poster unchecked or outdated) and, for the office, the expected venue counts per ward. A ward
chair sees the same for their own ward only (the scope is applied in lib.analytics.compliance)."""

import streamlit as st
from lib.access.scope import WARD, scope_for
from lib.analytics import charts, compliance, hourly_totals, targets
from lib.platform.i18n import format_number, t
from lib.platform.times import format_datetime
from lib.ui import choices, guards, layout, resources, session
from lib.ui.downloads import table_downloads
from lib.ui.targets_editor import targets_editor

user = guards.require_page("compliance")
lang = session.language()
scope = scope_for(user)
st.title(t("page.compliance", lang), anchor=False)
session.show_flash()

with resources.cursor() as cur:
    as_of = hourly_totals.as_of(cur)
st.caption(t("an.as_of", lang, time=format_datetime(as_of)))
c0, c1 = st.columns(2)
default_scheme = scope.ward_scheme if scope.kind == WARD else "2025"
scheme = choices.radio(
    t("cp.scheme", lang),
    ["2025", "2021"],
    where=c0,
    index=["2025", "2021"].index(default_scheme),
    format_func=lambda s: t(f"cp.scheme_{s}", lang),
    horizontal=True,
    key="cp.scheme",
)
silent_days = c1.number_input(t("cp.silent_days", lang), 1, 90, 7, key="cp.silent_days")
options = compliance.Options(scheme, int(silent_days))

summary = resources.cached(compliance.ward_summary, scope, options, as_of, version=as_of)
if summary.empty:
    st.info(t("an.no_data", lang))
    st.stop()
m0, m1, m2, m3 = st.columns(4)
registered, active = int(summary["registered"].sum()), int(summary["active"].sum())
m0.metric(t("cp.metric_registered", lang), format_number(registered))
m1.metric(t("cp.metric_active", lang), format_number(active), f"{active / registered:.0%}", delta_color="off")
m2.metric(t("cp.metric_silent", lang), format_number(int(summary["silent"].sum())))
overall = compliance.adoption(summary)
m3.metric(t("cp.metric_adoption", lang), f"{overall.rate:.0%}" if overall.rate is not None else "–")
st.caption(
    t(
        "cp.adoption_coverage",
        lang,
        wards=overall.wards_with_targets,
        total=overall.wards,
        registered=format_number(overall.registered),
        expected=format_number(overall.expected),
    )
)

st.subheader(t("cp.ranking", lang), anchor=False)
st.caption(t("cp.adoption_chart", lang))
layout.chart(
    charts.ranked_bars(
        summary,
        "active_share",
        "ward_name",
        t("cp.metric_active", lang),
        t("col.ward", lang),
        key="ward_code",
        ranked=True,
        percent=True,
    ),
    key="cp.chart_rank",
)
layout.table(summary, lang, "cp.summary")
table_downloads(summary, "tuan-thu-theo-phuong", "cp.summary_dl", lang)

st.subheader(t("cp.trend", lang), anchor=False)
trend = resources.cached(compliance.weekly_trend, scope, options, 12, as_of, version=as_of)
layout.chart(charts.weekly_trend(trend, t("col.day", lang), t("cp.metric_active", lang), t("col.ward", lang)), key="cp.chart_trend")

st.subheader(t("cp.by_category", lang), anchor=False)
per_category = resources.cached(compliance.by_category, scope, options, as_of, version=as_of)
layout.table(per_category, lang, "cp.by_category_table")
table_downloads(per_category, "dia-diem-theo-loai-hinh", "cp.category_dl", lang)

st.subheader(t("cp.follow_up", lang), anchor=False)
st.caption(t("cp.follow_up_help", lang))
follow = resources.cached(compliance.follow_up, scope, options, as_of, version=as_of)
layout.table(follow, lang, "cp.follow_up_table")
table_downloads(follow, "dia-diem-can-lien-he", "cp.follow_dl", lang, user=user, personal=True)

if user.role in targets.EDITORS:
    targets_editor(user, scheme, lang)
