"""Public self check-in, opened by a phone camera from a venue poster (`/checkin?v=<token>`). The venue shown
comes from the database after the token's signature is verified; outdated posters, closed or suspended venues
and temporary events outside their window are refused with a reason. The visitor then checks in with one tap
per code kept on this phone (browser storage, lib.ui.browser) or a pasted personal code, through the same door
rules as a staff scan; "Quên điện thoại này" removes the kept codes."""

import streamlit as st
from lib.checkins import self_checkin
from lib.people import households
from lib.platform import inert
from lib.platform.errors import AppError, InvalidCodeError
from lib.platform.i18n import t
from lib.platform.times import format_datetime, now_utc
from lib.ui import browser, door_widgets, guards, resources, session
from lib.ui.client import client
from lib.venues import lookup, posters

guards.require_page("checkin")
lang = session.language()
st.title(t("page.checkin", lang), anchor=False)
token = st.query_params.get("v")
if not token:
    st.write(t("public.checkin_intro", lang))
    st.warning(t("public.checkin_no_code", lang))
    st.stop()

try:
    with resources.cursor() as cur:
        visit = posters.open_poster(cur, resources.settings().resolved_secret(), token)
        address = lookup.full_address(cur, visit.venue)
except InvalidCodeError as err:
    st.error(err.message(lang))
    st.stop()

st.subheader(inert.markdown(visit.venue.name), anchor=False)
st.caption(f"{inert.markdown(address)} · {visit.venue.venue_id}")
if visit.refusal:
    st.error(t(visit.refusal, lang, starts=format_datetime(visit.venue.starts_at), ends=format_datetime(visit.venue.ends_at)))
    st.stop()


def check_in(person_id: int) -> None:
    """Record with the door rules and show the confirmation large enough for the guard to read."""
    try:
        with resources.cursor() as cur:
            settings = resources.settings()
            result = self_checkin.self_check_in(
                cur, visit.venue.venue_id, person_id, client(), settings.resolved_secret(), limits=settings.self_checkin_limits()
            )
    except AppError as err:
        st.error(err.message(lang))
        return
    door_widgets.show_result(result, lang)
    st.caption(t("self.at", lang, venue=inert.markdown(visit.venue.name), time=format_datetime(now_utc())))


secret = resources.settings().resolved_secret()
# the household's codes kept on this phone (browser storage) and those declared in this visit: one tap each
kept = browser.phone_codes("checkin.phone_codes", forget=session.forgetting_phone())
session.phone_answered(kept)
with resources.cursor() as cur:
    holders = households.code_holders(cur, secret, [c["code"] for c in kept or []] + [p.token for p in session.declared()])
if holders:
    st.write(t("self.stored", lang))
for person_id, masked_name in holders:
    if st.button(t("self.as", lang, name=inert.markdown(masked_name)), key=f"checkin.as.{person_id}", type="primary"):
        check_in(person_id)
if holders and st.button(t("self.forget", lang), key="checkin.forget", icon=":material/phonelink_erase:"):
    session.forget_phone()
    st.rerun()
if session.phone_forgotten():
    st.info(t("self.forgotten", lang))
code = st.text_input(t("self.code", lang), key="checkin.code", max_chars=120)
if st.button(t("self.go", lang), key="checkin.go") and code.strip():
    try:
        with resources.cursor() as cur:
            person_id = households.verify_personal_code(cur, secret, code)
    except AppError as err:
        st.error(err.message(lang))
    else:
        check_in(person_id)
st.markdown(t("self.first_time", lang, url="/declaration"))
