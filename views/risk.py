"""Risky declarations queue (health officers; ward chairs for their residents). Statuses, assignees and
notes come with the analytics issue; this shows the count awaiting review within the user's scope."""

import streamlit as st

from lib import analytics
from lib.i18n import format_number, t
from lib.scope import scope_for
from lib.ui import guards, resources, session

user = guards.require_page("risk")
lang = session.language()
st.title(t("page.risk", lang))
st.info(t("page.coming", lang))

with resources.cursor() as cur:
    pending = analytics.pending_reviews(cur, scope_for(user))
st.metric(t("home.pending_review", lang), format_number(pending))
