"""One venue on the registry page: downloads of its current code, the edit form, status and code rotation
(both confirmed in a dialog, as they stop or change check-ins) and its staff. Every widget key carries the
venue's id, so what was chosen or typed for one venue never applies to the next one opened."""

from __future__ import annotations

import streamlit as st

from lib.access.scope import Scope
from lib.access.users import User
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.platform.times import format_datetime, now_utc
from lib.ui import choices, form_state, resources
from lib.ui.confirm import confirm_button, confirmation, open_confirmation
from lib.ui.venues.form import venue_form
from lib.ui.venues.widgets import single_downloads, staff_panel
from lib.venues import lookup, posters, registry
from lib.venues.lookup import Venue


def _status(venue: Venue, lang: str) -> None:
    venue_id, current = venue.venue_id, venue.status
    new_status = choices.selectbox(
        t("venue.set_status", lang),
        registry.STATUSES,
        key=f"venues.status.{venue_id}",
        index=registry.STATUSES.index(current),
        format_func=lambda s: t(f"status.{s}", lang),
    )
    if new_status == current:
        return

    def change(by: User) -> str:
        with resources.cursor() as cur:
            registry.set_status(cur, by, venue_id, new_status)
        return t("venue.status_changed", lang, name=inert.markdown(venue.name), status=t(f"status.{new_status}", lang))

    confirm_button(
        t("venue.status_apply", lang, status=t(f"status.{new_status}", lang)),
        f"venues.status_apply.{venue_id}",
        t("venue.set_status", lang),
        t(f"venue.confirm_{new_status}", lang, name=inert.markdown(venue.name), venue_id=venue_id),
        lang,
        "venues",
        change,
        undo_on_cancel={f"venues.status.{venue_id}": current},
    )


def _rotate(venue: Venue, lang: str) -> None:
    venue_id = venue.venue_id

    def rotate(by: User) -> str:
        with resources.cursor() as cur:
            return t("venue.rotated", lang, version=posters.rotate_code(cur, by, venue_id))

    body = t("venue.confirm_rotate", lang, name=inert.markdown(venue.name), version=venue.code_version)
    confirm_button(t("venue.rotate", lang), f"venues.rotate.{venue_id}", t("venue.rotate", lang), body, lang, "venues", rotate)


def _edit(user: User, venue: Venue, lang: str) -> None:
    venue_id = venue.venue_id
    key = f"venues.edit.{venue_id}"
    opening = form_state.is_opening(f"{key}.name")
    edited, slots = venue_form(key, lang, initial=registry.venue_input_of(venue))
    base = form_state.form_base(key, edited, opening)  # what the form showed when it was opened
    confirm = st.checkbox(t("venue.confirm_duplicate", lang), key=f"venues.edit_confirm.{venue_id}")
    past_end = f"venues.save_past_end.{venue_id}"  # the dialog asking before an end moved into the past is saved
    if slots.button(t("venue.save", lang), key=f"venues.save.{venue_id}"):
        try:
            with resources.cursor() as cur:
                moved = registry.update_venue(cur, user, venue_id, edited, confirm_duplicate=confirm, base=base)
        except AppError as err:
            if err.key == "venue.past_end":
                open_confirmation(past_end)
            else:
                slots.show(err, lang)
        else:
            form_state.forget_form_base(key)
            st.success(t("venue.saved", lang))
            if moved:
                st.warning(t("venue.rotate_hint", lang))

    def save_anyway(by: User) -> str:
        with resources.cursor() as cur:
            moved = registry.update_venue(cur, by, venue_id, edited, confirm_duplicate=confirm, base=base, confirm_past_end=True)
        form_state.forget_form_base(key)
        return t("venue.saved", lang) + (f" {t('venue.rotate_hint', lang)}" if moved else "")

    body = t("venue.past_end_edit", lang, ends=format_datetime(edited.ends_at))
    confirmation(past_end, t("venue.past_end_title", lang), body, lang, "venues", save_anyway)


def venue_panel(user: User, scope: Scope, venue_id: str, lang: str) -> None:
    """Everything about one venue in scope (NotFound for one outside it is shown as an error)."""
    try:
        with resources.cursor() as cur:
            venue = lookup.get_venue(cur, scope, venue_id)
    except AppError as err:
        st.error(err.message(lang))
        return
    shown = lookup.shown_status(venue, now_utc())  # an event past its end reads "Đã kết thúc", not "Đang hoạt động"
    st.subheader(f"{inert.markdown(venue.name)} ({venue_id}) · {t('status.' + shown, lang)}", anchor=False)
    single_downloads(user, venue, lang)
    c1, c2 = st.columns(2)
    with c1:
        _status(venue, lang)
    with c2:
        _rotate(venue, lang)
    _edit(user, venue, lang)
    staff_panel(user, venue_id, lang)
