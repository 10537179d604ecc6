"""Door scanning station (staff at their venues; officers anywhere in scope): the camera (decoding in the
browser, or streamed to the server with QRCHECKIN_SCANNER=server), snapshot and manual entry all go through
lib.checkins.door, so each records exactly what a camera scan records."""

import streamlit as st
from lib.access.scope import scope_for
from lib.access.users import User
from lib.checkins import door, rules
from lib.codes import decoding
from lib.platform.errors import AppError
from lib.platform.i18n import t
from lib.ui import choices, door_closing, door_follow_ups, door_widgets, guards, resources, session, streamlit_texts, webcam
from lib.ui.scanner import station
from lib.venues import lookup

user = guards.require_page("scan")
lang = session.language()
settings = resources.settings()
scope = scope_for(user)
st.title(t("page.scan", lang), anchor=False)
session.show_flash()

with resources.cursor() as cur:
    places = lookup.list_venues(cur, scope, status="active", limit=2000)
if places.empty:
    st.warning(t("scan.no_venue", lang))
    st.stop()
names = dict(zip(places["venue_id"], places["name"], strict=True))
# an event past its end stays listed (people inside still check out), named as ended so the guard knows why
# every check-in there is refused
labels = {
    v: f"{names[v]} ({v})" + (f" · {t('status.ended', lang)}" if status == lookup.ENDED else "")
    for v, status in zip(places["venue_id"], places["status"], strict=True)
}
c1, c2 = st.columns(2)
venue_id = choices.selectbox(
    t("scan.venue", lang), list(labels), key="scan.venue", where=c1, format_func=labels.__getitem__, in_url="venue"
)
mode = choices.radio(
    t("scan.mode", lang),
    [rules.AUTO, rules.ENTRY, rules.EXIT],
    horizontal=True,
    key="scan.mode",
    where=c2,
    format_func=lambda m: t(f"scan.mode_{m}", lang),
    in_url="mode",  # F5 keeps "entries only": back on "automatic", the next scan of someone inside checked them out
)
in_browser = settings.scanner != "server"
frame_scanner = None if in_browser else session.frame_scanner(settings.decoder)


def handle(payloads: list[str], by: User) -> None:
    """Verify and record each payload on the script thread; tell the video which codes were accepted."""
    with resources.cursor() as cur:
        for payload in payloads:
            result = door.handle_payload(
                cur,
                by,
                settings.resolved_secret(),
                venue_id,
                payload,
                mode,
                window_seconds=settings.scan_window_seconds,
                public_url=settings.public_url,
            )
            if frame_scanner is not None:
                frame_scanner.verdicts[payload] = result.kind != door.REFUSED and result.risk_level != "red"
            door_widgets.remember(result)


def fallbacks() -> None:
    """Someone without a code, and a snapshot when live video is blocked (manual entry sits above the result,
    in the live part: below the camera, the result of a typed code was drawn above the top of the screen)."""
    door_widgets.without_code(user, venue_id, mode, lang)
    # the snapshot's camera opens only when asked for: drawn with the page, it held the camera the scanner then
    # shared (and a phone may give one camera to one user only), and it opened it again at every language switch
    if not st.toggle(t("scan.snapshot", lang), key="scan.snapshot_open", help=t("scan.snapshot_help", lang)):
        return
    snapshot = st.camera_input(t("scan.snapshot", lang), key="scan.snapshot", label_visibility="collapsed")
    if snapshot is not None and st.button(t("scan.manual_go", lang), key="scan.snapshot_go"):
        try:
            handle(decoding.decode_upload(snapshot.getvalue(), settings.decoder), user)
        except AppError as err:
            st.error(err.message(lang))


def live_results() -> None:
    """Polls the webcam queue (every 0.3 s while the camera plays; a poll competing with the page's reruns
    during WebRTC signalling slowed the start by seconds); the newest result stays on screen, large.
    A fragment rerun skips the page's top, so it reads the signed-in user again: a disabled account or an
    ended session stops here, before anything is written."""
    now_user = guards.require_page("scan")
    if now_user is None or frame_scanner is None:
        return
    fresh = frame_scanner.drain()
    if fresh:
        handle(fresh, now_user)
    door_widgets.manual_entry(lang, lambda code: handle([code], now_user))
    door_follow_ups.for_guard(now_user, venue_id, mode, lang, sound=bool(fresh))
    door_widgets.recent(lang)
    door_widgets.counters(now_user, venue_id, lang)  # inside the fragment: they follow the scans while the camera runs


if in_browser:
    live_station = st.container()  # above the fallbacks, filled after them so a manual entry shows at once
    left, right = st.columns([3, 2])
    with left:
        fallbacks()
    with live_station:
        station.door_station(venue_id, mode, lang, lambda code, by: handle([code], by))
else:
    left, right = st.columns([3, 2])
    with left:
        playing = webcam.stream(frame_scanner, settings.ice_server_list(), translations=streamlit_texts.webrtc_texts(lang))
        fallbacks()
    with right:
        st.fragment(run_every=0.3 if playing else None)(live_results)()
with right:
    door_closing.close_day_button(user, venue_id, names[venue_id], lang)
    door_widgets.today_view(user, venue_id, lang)
