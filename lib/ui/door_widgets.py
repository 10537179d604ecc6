"""The door display: a result large enough to read from a metre away (masked name, colour with the reason in
words, the event), a short sound, the relatives' tick boxes and the unknown-card registration form."""

from __future__ import annotations

import io
import math
import struct
import wave
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lib.access.users import User
from lib.analytics import home
from lib.checkins import door, rules, visitor_lookup, visits
from lib.people import identity
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.i18n import format_number, t
from lib.platform.times import format_datetime, local_day_bounds, now_utc, to_local
from lib.ui import door_memory, resources, session_views
from lib.ui.forms import digits_input
from lib.ui.layout import table
from lib.venues import lookup

# (background, text) of the result box, each at least 4.5:1 (white on the old ochre yellow was 2.87:1)
BOX = {
    "green": ("#1b873f", "#ffffff"),
    "yellow": ("#f1c40f", "#1f1f1f"),
    "red": ("#c0392b", "#ffffff"),
    "": ("#555555", "#ffffff"),
    "refused": ("#c0392b", "#ffffff"),
}


def _beep(ok: bool) -> bytes:
    """A short WAV: one high tone when accepted, two low ones when refused."""
    rate, out = 16000, io.BytesIO()
    tones = [(1320, 0.15)] if ok else [(440, 0.12), (0, 0.05), (440, 0.12)]
    samples = b"".join(struct.pack("<h", int(9000 * math.sin(2 * math.pi * f * n / rate))) for f, d in tones for n in range(int(rate * d)))
    with wave.open(out, "wb") as handle:
        handle.setnchannels(1)
        handle.setsampwidth(2)
        handle.setframerate(rate)
        handle.writeframes(samples)
    return out.getvalue()


def headline(result: door.DoorResult, lang: str) -> str:
    outcome = result.outcome
    if outcome is None:
        return t(result.message_key, lang)
    return t(
        result.message_key,
        lang,
        time=to_local(outcome.checked_in_at).strftime("%H:%M") if outcome.checked_in_at else "",
        minutes=outcome.stayed_minutes or 0,
    )


def display_name(result: door.DoorResult) -> str:
    """The masked name to show: the person's, or an unknown card's holder's (not on file yet)."""
    return result.masked_name or (identity.mask_name(result.card.full_name) if result.card else "")


def risk_label(result: door.DoorResult, lang: str) -> str:
    """The colour in words ("" for a refusal, which has no colour)."""
    if result.kind == door.REFUSED:
        return ""
    return t(f"risk.{result.risk_level}", lang) if result.risk_level else t("risk.unknown", lang)


LEAVING = (rules.CHECKED_OUT, rules.ALREADY_OUT, rules.NOT_INSIDE)  # nobody comes in: no "Cho vào" for these


def instruction(result: door.DoorResult, lang: str) -> str:
    """What the guard must do, in words ("" for a refusal, whose headline says it, and for a check-out or an exit
    scan of someone not inside: "Xanh — Cho vào" read as letting in a person who was leaving)."""
    if not result.instruction or result.kind == door.REFUSED or result.kind in LEAVING:
        return ""
    return t(result.instruction, lang)


def remember(result: door.DoorResult) -> bool:
    """Keep a result for the display; a repeat of the newest event replaces it in place (one row per event,
    the relatives and a new code of the first result kept). True for a new event."""
    shown = door_memory.results()
    if shown and door.same_event(shown[0], result):
        shown[0] = door.as_repeat_of(shown[0], result)  # the browser's own list: updated where it is kept
        return False
    door_memory.add(result)
    return True


def manual_entry(lang: str, handle_code: Callable[[str], None]) -> None:
    """A code typed or pasted (a printed card the camera cannot read, a code read out); drawn right above the
    result so the guard sees whom a decision is for without scrolling."""
    # a form: Enter submits (a USB or keyboard-wedge scanner types the code and Enter), and the box is emptied
    # for the next code (kept, the next code was typed onto the last one)
    with st.form("scan.manual_form", clear_on_submit=True, border=False):
        code = st.text_input(t("scan.manual", lang), key="scan.manual", max_chars=300)
        sent = st.form_submit_button(t("scan.manual_go", lang), key="scan.manual_go")
    if sent and code.strip():
        handle_code(code.strip())
        # the whole page again: the list of who is inside and the chart are outside the door's fragment, and the
        # scanner's counters are re-read only once the check-in is written
        st.rerun()


def show_result(result: door.DoorResult, lang: str, sound: bool = True) -> None:
    """The newest result, large: masked name, headline, colour and what to do (never the symptoms)."""
    refused = result.kind == door.REFUSED
    colour, ink = BOX["refused" if refused else result.risk_level]
    risk, todo = risk_label(result, lang), instruction(result, lang)
    st.markdown(
        f"<div data-testid='door-result' style='background:{colour};color:{ink};padding:1rem 1.5rem;"
        f"border-radius:12px;font-size:2rem;line-height:1.3'><b>{inert.html(result.masked_name)}</b><br>{headline(result, lang)}"
        f"<br>{risk}{' — ' + todo if todo else ''}</div>",
        unsafe_allow_html=True,
    )
    if sound:
        st.audio(_beep(not refused and result.risk_level != "red"), format="audio/wav", autoplay=True)


def recent(lang: str) -> None:
    """The last results, one row per event (a repeat of the same event is never kept, see `remember`)."""
    rows = [
        {
            t("col.name", lang): display_name(r),
            t("col.status", lang): headline(r, lang),
            t("col.risk", lang): t(f"risk.{r.risk_level}", lang) if r.risk_level else "",
            t("col.checked_in", lang): format_datetime(r.outcome.checked_in_at) if r.outcome else "",
        }
        for r in door_memory.results()
    ]
    if rows:
        st.caption(t("scan.last", lang))
        st.dataframe(rows, hide_index=True, key="scan.recent")


def counters(user: User, venue_id: str, lang: str) -> None:
    """Inside now and arrivals today at the venue (Vietnam's day), re-read on every run of the live fragment."""
    start, end = local_day_bounds(now_utc())
    try:
        with resources.cursor() as cur:
            here = lookup.venue_scope(cur, user, venue_id)
            inside = visits.people_inside(cur, here)
            today = visits.count_checkins(cur, here, start, end)
    except AppError as err:  # the venue left the user's scope while the page was open
        st.error(err.message(lang))
        return
    m1, m2 = st.columns(2)
    m1.metric(t("scan.inside", lang), format_number(inside))
    m2.metric(t("scan.today", lang), format_number(today))


def without_code(user: User, venue_id: str, mode: str, lang: str) -> None:
    """Manual fallback for the visitor standing at the door: phone or last four ID digits, plus birth year.
    One press is one look-up (counted per account and audited in lib.checkins.visitor_lookup); the answer is
    one masked name with what to do, or none, kept for this venue until the next look-up."""
    with st.expander(t("scan.no_code", lang)):
        c1, c2, c3 = st.columns(3)
        phone = digits_input(t("decl.phone", lang), "scan.nc_phone", where=c1, autocomplete="tel")
        last4 = digits_input(t("decl.back_last4", lang), "scan.nc_last4", where=c2)
        year = digits_input(t("decl.birth_year", lang), "scan.nc_year", where=c3)
        if st.button(t("scan.no_code_find", lang), key="scan.nc_find"):
            try:
                with resources.cursor() as cur:
                    found = visitor_lookup.look_up_visitor(cur, user, resources.settings().resolved_secret(), venue_id, year, phone, last4)
            except AppError as err:
                st.error(err.message(lang))
                return
            session_views.remember_visitor_match(venue_id, found)
        if not session_views.has_visitor_match(venue_id):
            return
        match = session_views.visitor_match(venue_id)
        if match is None:
            st.info(t("scan.nc_none", lang))
            return
        st.markdown(t("scan.nc_match", lang, name=inert.markdown(match.masked_name), instruction=t(match.instruction, lang)))
        if st.button(t("scan.nc_record", lang), key=f"scan.nc_pick.{match.person_id}"):
            with resources.cursor() as cur:
                remember(door.record(cur, user, venue_id, match.person_id, mode, "manual"))
            session_views.remember_visitor_match(venue_id, None, keep=False)


def today_view(user: User, venue_id: str, lang: str) -> None:
    """For the venue: arrivals per hour today and the open visits (masked names)."""
    try:
        with resources.cursor() as cur:
            here = lookup.venue_scope(cur, user, venue_id)
            hourly = home.arrivals_per_hour(cur, here)
            inside = visits.open_visits(cur, here)
    except AppError as err:  # the venue left the user's scope while the page was open
        st.error(err.message(lang))
        return
    st.caption(t("scan.per_hour", lang))
    if int(hourly["checkins"].to_numpy().sum()) == 0:  # an empty chart's axis read "0.000000"
        st.caption(t("scan.no_arrivals", lang))
    else:
        _per_hour_chart(hourly, lang)
    st.caption(f"{t('scan.open', lang)}: {format_number(len(inside))}")
    inside["full_name"] = [identity.mask_name(n) for n in inside["full_name"]]
    table(inside.loc[:, ["full_name", "checked_in_at", "expected_out"]], lang, "scan.open_visits")


def _per_hour_chart(hourly: pd.DataFrame, lang: str) -> None:
    """Arrivals per hour as bars, with the catalogue's axis titles."""
    st.bar_chart(
        hourly.rename(columns={"hour": t("col.hour", lang), "checkins": t("col.checkins", lang)}),
        x=t("col.hour", lang),
        y=t("col.checkins", lang),
        height=200,
    )
