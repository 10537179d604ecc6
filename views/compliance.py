"""Ward compliance and adoption. Adoption rates, silent venues and trends come with the analytics issue;
this shows registered venues per ward within the user's scope."""

import streamlit as st

from lib import venues
from lib.i18n import t
from lib.scope import scope_for
from lib.ui import guards, resources, session

user = guards.require_page("compliance")
lang = session.language()
st.title(t("page.compliance", lang))
st.info(t("page.coming", lang))

with resources.cursor() as cur:
    frame = venues.list_venues(cur, scope_for(user), limit=100_000)
counts = frame.groupby("ward_code").size().rename(t("col.venues", lang)).reset_index()
st.dataframe(counts.rename(columns={"ward_code": t("col.ward", lang)}), hide_index=True, key="compliance.table")
