"""Replacing a lost personal card (admin and health city-wide, ward chairs for their ward's households): the
audited person search with its reason, the person picked by id, then lib.people.cards revokes the old code and
issues the new one after a confirmation. A resident who lost a card goes to the ward office, not the health
station's tracing page, so the chair can serve them here."""

import streamlit as st
from lib.platform.i18n import t
from lib.ui import guards, session
from lib.ui.card_reissue import reissue_panel
from lib.ui.tracing import widgets as tracing_widgets

user = guards.require_page("cards")
lang = session.language()
st.title(t("page.cards", lang), anchor=False)
session.show_flash()
st.caption(t("card.intro", lang))
st.caption(t("lookup.audited", lang))
chosen, label, reason = tracing_widgets.look_up_person(user, lang, "cards", t("card.pick", lang))
if chosen is not None:
    reissue_panel(user, chosen, label, reason, lang, page="cards")
