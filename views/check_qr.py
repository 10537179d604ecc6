"""Kiểm tra mã QR: an officer photographs a posted venue code (or types the venue code) and learns which
venue it is — from the database, never from the code's text — and whether the poster is current, outdated,
forged, of a closed venue, or not of this system. Every check is recorded."""

import streamlit as st
from lib.access.scope import scope_for
from lib.codes import decoding
from lib.platform import inert
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import guards, layout, resources, session
from lib.venues import lookup, posters

user = guards.require_page("check_qr")
lang = session.language()
settings = resources.settings()
st.title(t("page.check_qr", lang), anchor=False)
st.write(t("check.intro", lang))

photo = st.camera_input(t("check.camera", lang), key="check_qr.camera")
upload = st.file_uploader(t("check.upload", lang), type=["png", "jpg", "jpeg", "webp"], key="check_qr.upload")
typed = st.text_input(t("check.typed", lang), key="check_qr.typed", max_chars=12)
submitted = st.button(t("check.submit", lang), type="primary", key="check_qr.submit")

results = []
image = photo or upload
if submitted and image is not None:
    try:
        payloads = decoding.decode_upload(image.getvalue(), settings.decoder)
    except AppError as err:
        st.error(err.message(lang))
        st.stop()
    if not payloads:
        st.warning(t("check.no_qr", lang))
    with resources.cursor() as cur:
        results = [posters.check_scanned(cur, user, settings.resolved_secret(), p, settings.public_url) for p in payloads]
elif submitted and typed.strip():
    with resources.cursor() as cur:
        results = [posters.check_typed_code(cur, user, typed)]

SHOW = {"current": st.success, "outdated": st.warning, "closed": st.warning, "suspended": st.warning, "ended": st.warning}
for result in results:
    if result.status == posters.CURRENT and result.scanned_version is None:
        message = t("check.typed_found", lang)
    elif result.status == posters.OUTDATED:
        message = t("check.outdated", lang, scanned=result.scanned_version, current=result.venue.code_version)
    else:
        message = t(f"check.{result.status}", lang)
    SHOW.get(result.status, st.error)(message)
    if result.venue:
        with resources.cursor() as cur:
            address = lookup.full_address(cur, result.venue)
        st.markdown(f"**{inert.markdown(result.venue.name)}** ({result.venue.venue_id}) — {inert.markdown(address)}")

st.divider()
with resources.cursor() as cur:
    frame = lookup.list_venues(cur, scope_for(user), status="active", not_checked_days=30, limit=5000)
frame = frame.sort_values("code_checked_at", na_position="first").head(200)
st.caption(t("filter.not_checked", lang))
layout.table(frame[["venue_id", "name", "address", "code_version", "code_printed_at", "code_checked_at"]], lang, "check_qr.table")
