"""Weekly report (office city-wide or for one ward, ward chairs their ward): the week, the scope, a reason, and
the report as PDF to print or .docx to edit, each file audited by the function that makes it."""

import streamlit as st
from lib.access.scope import CITY, scope_for
from lib.analytics import footfall, report_files, weekly_report
from lib.platform.i18n import t
from lib.platform.times import now_utc, to_local
from lib.ui import choices, guards, resources, session
from lib.ui.downloads import audited

user = guards.require_page("reports")
lang = session.language()
scope = scope_for(user)
settings = resources.settings()
st.title(t("page.reports", lang), anchor=False)
st.caption(t("rep.intro", lang))
c0, c1 = st.columns(2)
day = c0.date_input(t("rep.week", lang), value=to_local(now_utc()).date(), format="DD/MM/YYYY", key="rep.week")
ward = None
if scope.kind == CITY:
    with resources.cursor() as cur:
        wards = footfall.wards_in_scope(cur, scope)
    names = {(scheme, code): name for scheme, code, name in wards}
    ward = choices.selectbox(
        t("rep.ward", lang),
        [None, *names],
        key="rep.ward",
        where=c1,
        format_func=lambda w: names[w] if w else t("rep.whole_city", lang),
    )
since, until = weekly_report.week_of(day)
st.write(t("rep.week_shown", lang, since=f"{since:%d/%m/%Y}", until=f"{until:%d/%m/%Y}"))
reason = st.text_input(t("an.export_reason", lang), key="rep.reason", max_chars=300).strip()


def report(fmt: str):
    return audited(
        lambda cur: report_files.report_file(cur, user, day, ward, fmt, reason, settings.issuing_authority, settings.city_district, lang)
    )


name = f"bao-cao-tuan-{since:%Y%m%d}" + (f"-{ward[1]}" if ward else "")
d0, d1 = st.columns(2)
d0.download_button(
    t("rep.pdf", lang), report("pdf"), f"{name}.pdf", mime="application/pdf", disabled=not reason, on_click="ignore", key="rep.pdf"
)
d1.download_button(
    t("rep.docx", lang),
    report("docx"),
    f"{name}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    disabled=not reason,
    on_click="ignore",
    key="rep.docx",
)
