"""The "lost card" action for the person looked up (on the tracing page and the lost-card page): revoke the old
code after a confirmation dialog, then show the new code (image with alt text, copyable text) and its printable
card until the officer moves on. The rules, the scope and the audit are lib.people.cards'."""

from __future__ import annotations

import streamlit as st

from lib.access import permissions
from lib.access.users import User
from lib.codes import rendering
from lib.people import cards
from lib.platform import inert
from lib.platform.i18n import t
from lib.ui import resources
from lib.ui.confirm import confirm_button


def _remembered(person_id: int) -> str:
    return f"cards.new.{person_id}"  # the new card of this person, for this browser session only


def reissue_panel(user: User, person_id: int, label: str, reason: str, lang: str, page: str = "tracing") -> None:
    """The reissue button (for roles that may) and, once reissued, the new card; `page` the page it is on (the
    dialog's action checks the user may open it)."""
    if not permissions.may_reissue_card(user):
        return

    def reissue(by: User) -> str:
        with resources.cursor() as cur:
            card = cards.reissue_card(cur, by, resources.settings().resolved_secret(), person_id, reason)
        st.session_state[_remembered(person_id)] = card
        return t("card.reissued", lang, version=card.version)

    confirm_button(
        t("card.reissue", lang),
        f"cards.reissue.{person_id}",
        t("card.reissue", lang),
        t("card.confirm", lang, name=inert.markdown(label)),
        lang,
        page,
        reissue,
    )
    card = st.session_state.get(_remembered(person_id))
    if isinstance(card, cards.NewCard):
        _show(card, lang)


def _show(card: cards.NewCard, lang: str) -> None:
    """The new code as an image and as text, and the printable 6 x 6 cm card."""
    st.image(rendering.png_bytes(card.token, scale=4), width=200, alt=t("card.alt", lang, name=card.masked_name))
    st.code(card.token, language=None)
    caption = t("card.caption", "vi", version=card.version)  # printed: Vietnamese, as every card
    st.download_button(
        t("scan.new_code_pdf", lang),
        rendering.cards_pdf([rendering.Card(card.token, card.masked_name, caption)]),
        f"the-ma-qr-{card.person_id}-v{card.version}.pdf",
        "application/pdf",
        key=f"cards.pdf.{card.person_id}.{card.version}",
    )
