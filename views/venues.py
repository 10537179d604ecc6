"""Venue registry (office and admin city-wide, ward chairs their ward): list with filters and bulk posters,
registration, and per venue: edit, status, code rotation, QR and poster downloads, staff accounts."""

import streamlit as st
from lib.access.scope import scope_for
from lib.platform.i18n import t
from lib.ui import choices, downloads, guards, layout, resources, session
from lib.ui.venues.create import create_button
from lib.ui.venues.detail import venue_panel
from lib.ui.venues.form import venue_form
from lib.ui.venues.import_tab import import_tab
from lib.ui.venues.widgets import bulk_downloads
from lib.venues import categories, lookup

user = guards.require_page("venues")
lang = session.language()
scope = scope_for(user)
st.title(t("page.venues", lang), anchor=False)
session.show_flash()
tab_list, tab_new, tab_import, tab_detail = layout.tabs(
    "venues.tab",
    {
        "list": t("venue.tab_list", lang),
        "new": t("venue.tab_new", lang),
        "import": t("imp.tab", lang),
        "detail": t("venue.tab_detail", lang),
    },
    lang,
)

with tab_list:
    with resources.cursor() as cur:
        ward_names = {(scheme, code): name for scheme, code, name in lookup.wards_in_scope(cur, scope)}
    f0, f1, f2, f3, f4 = st.columns(5)
    ward = choices.selectbox(
        t("col.ward", lang),
        [None, *ward_names],
        key="venues.f_ward",
        where=f0,
        format_func=lambda w: ward_names.get(w, w) if w else t("filter.all", lang),
    )
    category = choices.selectbox(
        t("venue.category", lang),
        [None] + [c.code for c in categories.CATEGORIES],
        where=f1,
        format_func=lambda c: t(f"cat.{c}", lang) if c else t("filter.all", lang),
        key="venues.f_cat",
    )
    status = choices.selectbox(
        t("col.status", lang),
        [None, *lookup.SHOWN_STATUSES],
        where=f2,
        key="venues.f_status",
        format_func=lambda s: t(f"status.{s}", lang) if s else t("filter.all", lang),
    )
    not_printed = f3.checkbox(t("filter.not_printed", lang), key="venues.f_printed")
    not_checked = f4.checkbox(t("filter.not_checked", lang), key="venues.f_checked")
    text = st.text_input(t("venue.search", lang), key="venues.search", max_chars=100)
    with resources.cursor() as cur:
        frame = lookup.list_venues(
            cur,
            scope,
            ward=ward,
            category=category,
            shown=status,
            not_printed=not_printed,
            not_checked_days=30 if not_checked else None,
            limit=5000,
            text=text,
        )
    columns = [*lookup.LIST_COLUMNS]
    layout.table(frame[columns], lang, "venues.table")
    downloads.table_downloads(frame[columns], "dia-diem", "venues.export", lang)
    bulk_downloads(user, frame["venue_id"].tolist(), lang)

with tab_new:
    own_ward = (user.ward_scheme, user.ward_code) if user.ward_scheme and user.ward_code else None  # a chair's own ward first
    data, slots = venue_form("venues.new", lang, own_ward=own_ward)
    confirm = st.checkbox(t("venue.confirm_duplicate", lang), key="venues.new_confirm")
    create_button(user, data, slots, confirm, lang)

with tab_import:
    import_tab(user, lang)

with tab_detail:
    options = frame["venue_id"].tolist()
    names = dict(zip(frame["venue_id"], frame["name"], strict=True))
    chosen = choices.selectbox(
        t("venue.pick", lang),
        options,
        index=None,
        key="venues.pick",
        format_func=lambda v: f"{v} — {names.get(v, '')}",
        in_url="venue",
    )
    if chosen:
        venue_panel(user, scope, chosen, lang)
