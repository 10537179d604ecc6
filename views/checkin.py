"""Public self check-in, opened by a phone camera from a venue poster (`/checkin?v=<token>`). The venue shown
comes from the database after the token's signature is verified; outdated posters, closed or suspended venues
and temporary events outside their window are refused with a reason. Recording the visit comes with the
scanning issue."""

import streamlit as st

from lib import venue_codes, venues
from lib.errors import InvalidCodeError
from lib.i18n import t
from lib.times import format_datetime
from lib.ui import guards, resources, session

guards.require_page("checkin")
lang = session.language()
st.title(t("page.checkin", lang))
token = st.query_params.get("v")
if not token:
    st.write(t("public.checkin_intro", lang))
    st.warning(t("public.checkin_no_code", lang))
    st.stop()

try:
    with resources.cursor() as cur:
        visit = venue_codes.open_poster(cur, resources.settings().resolved_secret(), token)
        address = venues.full_address(cur, visit.venue)
except InvalidCodeError as err:
    st.error(err.message(lang))
    st.stop()

st.subheader(visit.venue["name"])
st.caption(f"{address} · {visit.venue['venue_id']}")
if visit.refusal:
    st.error(t(visit.refusal, lang, starts=format_datetime(visit.venue["starts_at"]),
               ends=format_datetime(visit.venue["ends_at"])))
else:
    st.success(t("poster.ok", lang))
