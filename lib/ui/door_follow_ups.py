"""What the door asks of the guard, and keeps asking until it is done: decide for a held red person, tick the
relatives of a household owner, register an unknown ID card's holder, hand a new card holder their code. The
newest result shows its prompt under the big result; older prompts still waiting stay listed below it, so the
next person at the door never wipes the prompt of the one before (a man waiting to be registered from his ID
card while the guard turns away a confirmed case)."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from lib.access.users import User
from lib.checkins import door, relatives
from lib.codes import rendering
from lib.platform import inert
from lib.platform.i18n import t
from lib.ui import door_memory, door_widgets, resources

MAX_WAITING = 4  # older prompts listed under the newest result; more than that and the guard scrolls past the door


def for_guard(user: User, venue_id: str, mode: str, lang: str, sound: bool) -> None:
    """The newest result, large, with its prompt; below it the older results still waiting for the guard."""
    results = door_memory.results()
    if not results:
        return
    newest = results[0]
    door_widgets.show_result(newest, lang, sound=sound)
    waiting = door.waiting_for_guard(results)
    if waiting and waiting[0] is newest:
        follow_ups(user, venue_id, mode, newest, lang)
        waiting = waiting[1:]
    if not waiting:
        return
    st.caption(t("scan.waiting", lang, n=len(waiting)))
    for result in waiting[:MAX_WAITING]:
        with st.container(border=True):
            name = door_widgets.display_name(result)
            st.markdown(f"**{inert.markdown(name)}** — {inert.markdown(door_widgets.headline(result, lang))}")
            follow_ups(user, venue_id, mode, result, lang)


def _settle(result: door.DoorResult) -> None:
    """Mark a result done in the browser's list (where it is kept: the list is shared by its tabs and reruns)."""
    shown = door_memory.results()
    for index, kept in enumerate(shown):
        if kept is result:
            shown[index] = replace(kept, settled=True)


def _who(result: door.DoorResult) -> str:
    """The part of a widget key that names the result's person (or card: its last digits and birth date)."""
    if result.person_id is not None:
        return str(result.person_id)
    card = result.card
    return f"{card.id_number[-4:]}.{card.birth_date:%d%m%Y}" if card else ""


def follow_ups(user: User, venue_id: str, mode: str, result: door.DoorResult, lang: str) -> None:
    """The prompt of one result: decide for a held red person, tick relatives (each with their own colour, red
    ones not pre-ticked), register an unknown ID card holder, show a new card holder's code. Each action marks
    the result done, so its prompt leaves the list. `venue_id` and `mode` (the page's) serve only a result that
    does not say where it was scanned."""
    window_seconds = resources.settings().scan_window_seconds
    venue_id, mode = result.venue_id or venue_id, result.mode or mode  # where it was scanned, not where the page is now
    if result.kind == door.RED_HOLD and result.person_id is not None:
        _decision(user, venue_id, mode, result, lang, window_seconds)
    if result.relatives:
        _relatives(user, venue_id, result, lang, window_seconds)
    if result.kind == door.UNKNOWN_CARD and result.card:
        card = result.card
        st.markdown(" · ".join(inert.markdown(part) for part in (card.full_name, f"{card.birth_date:%d/%m/%Y}", card.gender, card.address)))
        # one under the other: side by side in the door's narrow column the label was cut ("Xác nhận và đăng ký ng…")
        if st.button(t("scan.register_card", lang), key=f"scan.register.{_who(result)}", type="primary", width="stretch"):
            with resources.cursor() as cur:
                secret = resources.settings().resolved_secret()
                registered = door.register_card_holder(cur, user, secret, venue_id, card, mode, window_seconds)
            _settle(result)
            door_widgets.remember(replace(registered, scan_id=result.scan_id))
            st.rerun()
        _skip(result, lang, st)
    if result.personal_code:
        _new_code(result, lang)


def _skip(result: door.DoorResult, lang: str, where) -> None:
    """Let the guard drop a prompt the visitor walked away from (never offered for a red hold: that is decided)."""
    if where.button(t("scan.skip", lang), key=f"scan.skip.{result.kind}.{_who(result)}"):
        _settle(result)
        st.rerun()


def _relatives(user: User, venue_id: str, result: door.DoorResult, lang: str, window_seconds: int) -> None:
    st.caption(t("scan.relatives", lang))
    chosen = [
        r.person_id
        for r in result.relatives
        if st.checkbox(
            t(
                "scan.rel_level",
                lang,
                name=inert.markdown(r.masked_name),
                level=t(f"risk.{r.risk_level}", lang) if r.risk_level else t("risk.unknown", lang),
            ),
            key=f"scan.rel.{result.person_id}.{r.person_id}",
            value=r.risk_level != "red",
        )
    ]
    c1, c2 = st.columns(2)
    if c1.button(t("scan.relatives_go", lang), key=f"scan.rel_go.{result.person_id}"):
        with resources.cursor() as cur:
            recorded = relatives.check_in(cur, user, venue_id, result, chosen, window_seconds)
        _settle(result)
        for relative in recorded:
            door_widgets.remember(relative)
        st.rerun()
    _skip(result, lang, c2)


def _decision(user: User, venue_id: str, mode: str, result: door.DoorResult, lang: str, window_seconds: int) -> None:
    """Admit or turn away a held red person; either is recorded."""
    person_id = result.person_id
    assert person_id is not None
    st.caption(t("door.decision_help", lang))
    c1, c2 = st.columns(2)
    choice = None
    if c1.button(t("door.refuse", lang), key=f"scan.refuse.{person_id}", type="primary"):
        choice = door.REFUSE
    if c2.button(t("door.admit", lang), key=f"scan.admit.{person_id}"):
        choice = door.ADMIT
    if choice is not None:
        with resources.cursor() as cur:
            decided = door.decide(cur, user, venue_id, person_id, choice, mode, result.method or "staff_scan", window_seconds)
        _settle(result)
        door_memory.add(replace(decided, scan_id=result.scan_id))
        st.rerun()


def _new_code(result: door.DoorResult, lang: str) -> None:
    """A card holder registered at the door gets their personal code at once: on screen, as a PNG, as a card;
    it stays until the guard says it was handed over."""
    st.info(t("scan.new_code", lang, name=inert.markdown(result.masked_name)))
    st.image(
        rendering.png_bytes(result.personal_code, scale=6),
        width=220,
        caption=result.masked_name,
        alt=t("decl.code_alt", lang, name=result.masked_name),
    )
    c1, c2 = st.columns(2)  # in three columns "In thẻ mã (PDF)" was cut
    c1.download_button(
        t("scan.new_code_png", lang),
        rendering.png_bytes(result.personal_code),
        "ma-ca-nhan.png",
        "image/png",
        key=f"scan.code_png.{result.person_id}",
    )
    card = rendering.Card(result.personal_code, result.masked_name, t("door.do_unknown", lang))
    c2.download_button(
        t("scan.new_code_pdf", lang),
        rendering.cards_pdf([card]),
        "the-ma-qr.pdf",
        "application/pdf",
        key=f"scan.code_pdf.{result.person_id}",
    )
    if st.button(t("scan.code_done", lang), key=f"scan.code_done.{result.person_id}", width="stretch"):
        _settle(result)
        st.rerun()
