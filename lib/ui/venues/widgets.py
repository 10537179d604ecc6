"""Venue page widgets: QR and poster downloads (single and bulk, with a progress bar) and the staff panel."""

from __future__ import annotations

import streamlit as st

from lib.access.scope import scope_for
from lib.access.users import User
from lib.codes import rendering
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.frames import named_rows
from lib.platform.i18n import t
from lib.ui import resources, session
from lib.venues import posters, staff
from lib.venues.lookup import Venue


def _mark_printed(user: User, venue_ids: list[str], versions: dict[str, int]) -> None:
    with resources.cursor() as cur:
        posters.record_printed(cur, user, venue_ids, versions)


def single_downloads(user: User, venue: Venue, lang: str) -> None:
    """PNG, SVG and the A4 PDF poster of one venue; downloading the PDF records the printing."""
    settings = resources.settings()
    with resources.cursor() as cur:
        poster = posters.poster_for(cur, settings, venue)
    name = f"{venue.venue_id}-v{poster.version}"  # keys too: a rotated code gets new buttons with the new files
    c1, c2, c3 = st.columns(3)
    c1.download_button(t("venue.download_png", lang), rendering.png_bytes(poster.url), f"{name}.png", "image/png", key=f"venues.png.{name}")
    c2.download_button(
        t("venue.download_svg", lang), rendering.svg_bytes(poster.url), f"{name}.svg", "image/svg+xml", key=f"venues.svg.{name}"
    )
    c3.download_button(
        t("venue.download_pdf", lang),
        rendering.posters_pdf([poster]),
        f"{name}.pdf",
        "application/pdf",
        key=f"venues.pdf.{name}",
        on_click=_mark_printed,
        args=(user, [venue.venue_id], {venue.venue_id: poster.version}),
    )
    st.image(rendering.png_bytes(poster.url, scale=4), caption=poster.url, width=220, alt=t("venue.qr_alt", lang, name=venue.name))


def bulk_downloads(user: User, venue_ids: list[str], lang: str) -> None:
    """All posters of the filtered list as one PDF and as a ZIP of PNGs, made on request with progress;
    closed venues and ended events are left out, and the page says how many and why."""
    st.caption(t("venue.bulk", lang, n=len(venue_ids)))
    if not venue_ids or not st.button(t("venue.bulk_make", lang), key="venues.bulk_make"):
        return
    settings = resources.settings()
    with resources.cursor() as cur:
        bulk = posters.posters_for(cur, settings, scope_for(user), venue_ids)
    sheets = bulk.posters
    if bulk.left_out:
        reasons = ", ".join(t(f"venue.left_out.{reason}", lang, n=n) for reason, n in bulk.left_out.items())
        st.info(t("venue.bulk_left_out", lang, n=sum(bulk.left_out.values()), reasons=reasons))
    if not sheets:
        return
    bar = st.progress(0.0)
    total = len(sheets) * 2

    def step(offset: int):
        return lambda n: bar.progress((offset + n) / total, t("venue.progress", lang, n=offset + n, total=total))

    pdf = rendering.posters_pdf(sheets, step(0))
    archive = rendering.png_zip(sheets, step(len(sheets)))
    bar.empty()
    c1, c2 = st.columns(2)
    c1.download_button(
        t("venue.bulk_pdf", lang),
        pdf,
        "ap-phich-ma-qr.pdf",
        "application/pdf",
        key="venues.bulk_pdf",
        on_click=_mark_printed,
        args=(user, [sheet.venue_id for sheet in sheets], {sheet.venue_id: sheet.version for sheet in sheets}),
    )
    c2.download_button(t("venue.bulk_zip", lang), archive, "ma-qr-png.zip", "application/zip", key="venues.bulk_zip")


def staff_panel(user: User, venue_id: str, lang: str) -> None:
    """List, create, link and revoke the venue's staff accounts."""
    st.subheader(t("staff.title", lang), anchor=False)
    try:
        with resources.cursor() as cur:
            members = staff.staff_of(cur, user, venue_id)
        for row in named_rows(members):
            if st.button(t("staff.revoke", lang, username=inert.markdown(row.username)), key=f"venues.revoke.{row.user_id}"):
                with resources.cursor() as cur:
                    staff.revoke_staff(cur, user, venue_id, int(row.user_id))
                st.rerun()
        new_tab, link_tab = st.tabs([t("staff.new", lang), t("staff.link", lang)])
        # a refused form keeps what was typed; a saved one is emptied and the list above redrawn with the account
        with new_tab, st.form("venues.staff_new"):
            username = st.text_input(t("signin.username", lang), key="venues.staff_username")
            full_name = st.text_input(t("staff.full_name", lang), key="venues.staff_name")
            password = st.text_input(t("signin.password", lang), type="password", key="venues.staff_password")
            if st.form_submit_button(t("staff.create", lang)):
                with resources.cursor() as cur:
                    staff.add_staff_account(cur, user, venue_id, username, full_name, password)
                session.flash(t("staff.done", lang))
                session.clear_after_save(("venues.staff_username", "venues.staff_name", "venues.staff_password"))
                st.rerun()
        with link_tab, st.form("venues.staff_link"):
            existing = st.text_input(t("signin.username", lang), key="venues.staff_existing")
            if st.form_submit_button(t("staff.add", lang)):
                with resources.cursor() as cur:
                    staff.link_staff(cur, user, venue_id, existing)
                session.flash(t("staff.done", lang))
                session.clear_after_save(("venues.staff_existing",))
                st.rerun()
    except AppError as err:
        st.error(err.message(lang))
