"""The door display: a result large enough to read from a metre away (masked name, colour with the reason in
words, the event), a short sound, the relatives' tick boxes and the unknown-card registration form."""

from __future__ import annotations

import io
import math
import struct
import wave

import streamlit as st

from lib.access.scope import VENUES, Scope, scope_for
from lib.access.users import User
from lib.analytics import home
from lib.checkins import door, visits
from lib.people import declarations, identity
from lib.platform.errors import AppError
from lib.platform.i18n import format_number, t
from lib.platform.times import format_datetime, to_local
from lib.ui import resources, session
from lib.ui.layout import local_times
from lib.venues import registry

BOX = {"green": "#1b873f", "yellow": "#b7950b", "red": "#c0392b", "": "#555555", "refused": "#c0392b"}


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


def show_result(result: door.DoorResult, lang: str, sound: bool = True) -> None:
    refused = result.kind == door.REFUSED
    colour = BOX["refused" if refused else result.risk_level]
    risk = "" if refused else (t(f"risk.{result.risk_level}", lang) if result.risk_level else t("risk.unknown", lang))
    reasons = ", ".join(t(f"reason.{r}", lang) for r in result.reasons)
    st.markdown(
        f"<div data-testid='door-result' style='background:{colour};color:white;padding:1rem 1.5rem;"
        f"border-radius:12px;font-size:2rem;line-height:1.3'><b>{result.masked_name}</b><br>{headline(result, lang)}"
        f"<br>{risk}{' — ' + reasons if reasons else ''}</div>",
        unsafe_allow_html=True,
    )
    if sound:
        st.audio(_beep(not refused), format="audio/wav", autoplay=True)


def follow_ups(user: User, venue_id: str, mode: str, result: door.DoorResult, lang: str) -> None:
    """Relatives' tick boxes after an owner's check-in; the registration form for an unknown ID card."""
    if result.relatives:
        chosen = [pid for pid, name in result.relatives if st.checkbox(name, key=f"scan.rel.{result.person_id}.{pid}", value=True)]
        if st.button(t("scan.relatives_go", lang), key=f"scan.rel_go.{result.person_id}"):
            with resources.cursor() as cur:
                for pid in chosen:
                    session.add_door_result(door.record(cur, user, venue_id, pid, mode, "staff_scan"))
            st.rerun()
    if result.kind == door.UNKNOWN_CARD and result.card:
        card = result.card
        st.write(f"{card.full_name} · {card.birth_date:%d/%m/%Y} · {card.gender or ''} · {card.address or ''}")
        if st.button(t("scan.register_card", lang), key=f"scan.register.{card.id_number[-4:]}"):
            with resources.cursor() as cur:
                venue = registry.get_venue(cur, scope_for(user), venue_id)
                address = declarations.Address(
                    venue["scheme"], venue["province_code"], venue["district_code"], venue["ward_code"], card.address or ""
                )
                person_id = declarations.register_from_card(cur, resources.settings().resolved_secret(), card, address)
                session.add_door_result(door.record(cur, user, venue_id, person_id, mode, "id_card"))
            st.rerun()


def recent(lang: str) -> None:
    rows = [
        {
            "": r.masked_name,
            t("col.status", lang): headline(r, lang),
            t("col.risk", lang): t(f"risk.{r.risk_level}", lang) if r.risk_level else "",
            t("col.checked_in", lang): format_datetime(r.outcome.checked_in_at) if r.outcome else "",
        }
        for r in session.door_results()
    ]
    if rows:
        st.caption(t("scan.last", lang))
        st.dataframe(rows, hide_index=True, key="scan.recent")


def without_code(user: User, venue_id: str, mode: str, lang: str) -> None:
    """Manual fallback: phone or last four ID digits, plus birth year; the guard picks the right person."""
    with st.expander(t("scan.no_code", lang)):
        c1, c2, c3 = st.columns(3)
        phone = c1.text_input(t("decl.phone", lang), key="scan.nc_phone", max_chars=20)
        last4 = c2.text_input(t("decl.back_last4", lang), key="scan.nc_last4", max_chars=4)
        year = c3.text_input(t("decl.birth_year", lang), key="scan.nc_year", max_chars=4)
        if not st.toggle(t("scan.no_code_find", lang), key="scan.nc_find"):
            return
        try:
            with resources.cursor() as cur:
                candidates = door.find_without_code(cur, year, phone, last4)
        except AppError as err:
            st.error(err.message(lang))
            return
        if not candidates:
            st.info(t("scan.no_code_none", lang))
        for person_id, name in candidates:
            if st.button(name, key=f"scan.nc_pick.{person_id}"):
                with resources.cursor() as cur:
                    session.add_door_result(door.record(cur, user, venue_id, person_id, mode, "manual"))


def today_view(venue_id: str, lang: str) -> None:
    """For the venue: arrivals per hour today and the open visits (masked names)."""
    here = Scope(VENUES, venue_ids=(venue_id,))  # the chosen venue, already within the user's scope
    with resources.cursor() as cur:
        hourly = home.arrivals_per_hour(cur, here)
        inside = visits.open_visits(cur, here)
    st.caption(t("scan.per_hour", lang))
    st.bar_chart(
        hourly.rename(columns={"hour": t("col.hour", lang), "checkins": t("col.checkins", lang)}),
        x=t("col.hour", lang),
        y=t("col.checkins", lang),
        height=200,
    )
    st.caption(f"{t('scan.open', lang)}: {format_number(len(inside))}")
    inside["full_name"] = [identity.mask_name(n) for n in inside["full_name"]]
    shown = local_times(inside, ["checked_in_at", "expected_out"])
    st.dataframe(shown[["full_name", "checked_in_at", "expected_out"]], hide_index=True, key="scan.open_visits")
