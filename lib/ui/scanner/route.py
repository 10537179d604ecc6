"""The scanner's HTTP route, served next to Streamlit by the `st.App` in app.py: POST `/scanner/scans`.

The component sends its queued scans here and draws the answer at once (big result, beep, counters, recent
scans): a Streamlit fragment run per scan cost the server 80-120 ms of CPU and the guard one to four seconds.
The scans go through lib.checkins.scans (the same door path, each scan id once, the age limit); only a result
the guard must act on is handed to the page (lib/ui/scanner/handoff.py), which the component then asks to
rerun. An empty batch re-reads the counters (the venue's other doors), every COUNTERS_EVERY_SECONDS; they
are counted once per venue for all its doors (lib.checkins.venue_counters).

Who may send: the signed-in staff member of the HttpOnly session cookie (SameSite=Strict), read from the
database at most every USER_FRESH_SECONDS per session (a scan a second made the look-up a tenth of the route's
CPU; a revoked session or a disabled account stops within those seconds), allowed on the door page
and in scope of the venue (lib.venues.lookup.venue_scope); against cross-site requests also the Origin (and
Sec-Fetch-Site) of this server, JSON only (which another site cannot send without a CORS preflight, answered
by nothing here) and the page token the door page gave the component, bound to the session.
"""

from __future__ import annotations

import hashlib
import hmac
import threading
import time
from urllib.parse import urlsplit

import duckdb
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from lib.access import permissions, sessions
from lib.access.scope import Scope
from lib.access.users import User
from lib.checkins import door, relatives, scans, venue_counters
from lib.platform.config import Settings
from lib.platform.errors import AppError
from lib.platform.i18n import LANGUAGES, format_number, t
from lib.platform.times import to_local
from lib.ui import door_widgets, resources
from lib.ui.scanner import handoff
from lib.venues import lookup

PATH = "/scanner/scans"
MAX_BODY = 300_000  # a full batch (scans.MAX_BATCH texts of at most scans.MAX_TEXT characters) and a little
PER_ACCOUNT_PER_MINUTE = 1_200  # an officer running sixteen doors at a scan a second each sends 960
COUNTERS_EVERY_SECONDS = 30  # how soon a check-in at another server's door of the venue shows; an empty batch costs a few ms
USER_FRESH_SECONDS = 5.0  # how long a session's user, read from the database, answers for the session
_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}


def page_token(secret: str, session_token: str) -> str:
    """The token the door page gives its scanner: bound to the browser's session (a new sign-in, a new token)."""
    return hmac.new(secret.encode(), f"door-scanner:{session_token}".encode(), hashlib.sha256).hexdigest()[:40]


def same_origin(request: Request, public_url: str) -> bool:
    """Whether the request comes from a page of this server: its Origin names the host it was sent to (or the
    configured public address), and the browser does not call it cross-site."""
    if request.headers.get("sec-fetch-site", "same-origin") != "same-origin":
        return False
    origin = urlsplit(request.headers.get("origin", "")).netloc
    return bool(origin) and origin in {request.headers.get("host", ""), urlsplit(public_url).netloc}


class _PerAccount:
    """Requests per account in the current minute, counted in this process: a staff route, behind a sign-in,
    where a database count would cost a commit per scan, as much as the door path itself."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.counts: dict[int, tuple[int, int]] = {}  # user id -> (minute, requests)
        self.lock = threading.Lock()

    def allow(self, user_id: int) -> bool:
        minute = int(time.time() // 60)
        with self.lock:
            if len(self.counts) > 10_000:
                self.counts = {u: c for u, c in self.counts.items() if c[0] == minute}
            seen_minute, used = self.counts.get(user_id, (minute, 0))
            used = used + 1 if seen_minute == minute else 1
            self.counts[user_id] = (minute, used)
            return used <= self.limit


_limit = _PerAccount(PER_ACCOUNT_PER_MINUTE)


def shown(scan_id: str, result: door.DoorResult, lang: str) -> dict:
    """What the component draws of one result: the masked name, the headline, the colour with the level and
    what to do in words (never the symptoms), and whether the page shows more for the guard."""
    refused = result.kind == door.REFUSED
    colour, ink = door_widgets.BOX["refused" if refused else result.risk_level]
    return {
        "scan_id": scan_id,
        "ok": not refused and result.risk_level != "red",
        "colour": colour,
        "ink": ink,
        "name": door_widgets.display_name(result),  # an unknown card's holder too (the line was blank)
        "headline": door_widgets.headline(result, lang),
        "risk": door_widgets.risk_label(result, lang),
        "todo": door_widgets.instruction(result, lang),
        "time": to_local(result.outcome.checked_in_at).strftime("%H:%M") if result.outcome and result.outcome.checked_in_at else "",
        "follow_up": handoff.needs_guard(result),
        "relatives": [
            {
                "id": r.person_id,
                "label": t("scan.rel_level", lang, name=r.masked_name, level=_level(r.risk_level, lang)),
                "red": r.risk_level == "red",
            }
            for r in result.relatives
        ],
    }


def _level(risk_level: str, lang: str) -> str:
    return t(f"risk.{risk_level}", lang) if risk_level else t("risk.unknown", lang)


class _Fresh:
    """Answers read from the database, each kept for USER_FRESH_SECONDS (and all dropped past 10,000): what
    every scanner request asks again (its session's user, the venue in the user's scope) read once in those
    seconds instead of once per request. Only an answer that lets the request go on is kept."""

    def __init__(self) -> None:
        self.kept: dict[tuple, tuple[float, object]] = {}
        self.lock = threading.Lock()

    def get(self, key: tuple) -> object | None:
        with self.lock:
            kept = self.kept.get(key)
        return kept[1] if kept is not None and time.monotonic() - kept[0] < USER_FRESH_SECONDS else None

    def keep(self, key: tuple, value: object) -> None:
        with self.lock:
            if len(self.kept) > 10_000:
                self.kept.clear()
            self.kept[key] = (time.monotonic(), value)

    def forget(self, key: tuple) -> None:
        with self.lock:
            self.kept.pop(key, None)


_users = _Fresh()  # (database file, session token) -> User
_scopes = _Fresh()  # (database file, user, venue id) -> the venue's Scope


def _kept_user(settings: Settings, token: str) -> User | None:
    """The session's user as read in the last USER_FRESH_SECONDS, if it was (asked on the event loop: no thread
    hop, which was a tenth of a request's CPU, for what needs no database)."""
    kept = _users.get((str(settings.db_path), token))
    return kept if isinstance(kept, User) else None


def _user(settings: Settings, token: str) -> User | None:
    """The session's user, read from the database when not read in the last USER_FRESH_SECONDS (an ended
    session, an expired or disabled one is never kept: it is asked again on every request)."""
    key = (str(settings.db_path), token)
    if kept := _kept_user(settings, token):
        return kept
    try:
        with resources.cursor() as cur:
            user = sessions.user_for_token(cur, token, settings.idle_timeout_minutes)
    except AppError:
        _users.forget(key)
        return None
    _users.keep(key, user)
    return user


def _venue_scope(cur: duckdb.DuckDBPyConnection, settings: Settings, user: User, venue_id: str) -> Scope:
    """lib.venues.lookup.venue_scope, asked of the database once in USER_FRESH_SECONDS per user and venue
    (a tenth of the request's CPU); the door path checks each scan's venue in its own transaction anyway."""
    key = (str(settings.db_path), user, venue_id)
    kept = _scopes.get(key)
    if isinstance(kept, Scope):
        return kept
    scope = lookup.venue_scope(cur, user, venue_id)
    _scopes.keep(key, scope)
    return scope


def _counters(cur: duckdb.DuckDBPyConnection, venue_id: str, here: Scope) -> dict[str, str]:
    """Inside now and arrivals today (Vietnam's day) at the venue, as the page shows them."""
    inside, today = venue_counters.counters(cur, venue_id, here)
    return {"inside": format_number(inside), "today": format_number(today)}


def page_counters(user: User, venue_id: str) -> dict[str, str] | None:
    """The counters for the page's own run to hand the scanner (None once the venue left the user's scope): after
    a manual entry the scanner's next re-read came before the check-in was written, one entry behind."""
    try:
        with resources.cursor() as cur:
            return _counters(cur, venue_id, lookup.venue_scope(cur, user, venue_id))
    except AppError:
        return None


def _receive(user: User, venue_id: str, lang: str, batch: object) -> dict:
    """Record the batch and describe it; NotFoundError, before anything is written, for a venue outside the
    user's scope (each scan's own venue is checked again by the door path)."""
    settings = resources.settings()
    with resources.cursor() as cur:
        here = _venue_scope(cur, settings, user, venue_id)
        parsed, malformed = scans.parse_batch(batch)
        receipts = scans.receive(
            cur,
            user,
            settings.resolved_secret(),
            parsed,
            settings.scan_window_seconds,
            settings.scan_max_age_minutes,
            public_url=settings.public_url,
        )
        before = scans.recorded(cur, user, [r.scan_id for r in receipts if r.result is None])
        counters = _counters(cur, venue_id, here)
    results = []
    for receipt in receipts:
        if receipt.result is None:  # received before, its answer lost: what was said then, nothing recorded
            if receipt.scan_id in before:
                results.append(shown(receipt.scan_id, before[receipt.scan_id], lang) | {"replay": True, "follow_up": False})
            continue
        _keep(user, receipt.scan_id, receipt.result)
        results.append(shown(receipt.scan_id, receipt.result, lang))
    return {"acks": [r.scan_id for r in receipts] + malformed, "results": results, "counters": counters}


def _keep(user: User, scan_id: str, result: door.DoorResult) -> None:
    if handoff.needs_guard(result) or result.relatives:
        handoff.keep(user.user_id, scan_id, result)


def _relatives(user: User, venue_id: str, lang: str, asked: object) -> dict:
    """Check in the relatives the guard ticked in the scanner for a household owner's scan `{scan_id, ids}`:
    only relatives the door offered with that owner's result for this user, each once (the result is taken),
    through the same door path, as entries (lib.checkins.relatives)."""
    settings = resources.settings()
    scan_id = asked.get("scan_id") if isinstance(asked, dict) else None
    ids = asked.get("ids") if isinstance(asked, dict) else None
    if not isinstance(scan_id, str) or not isinstance(ids, list):
        return {"acks": [], "results": [], "counters": None}
    owner = handoff.take(user.user_id, scan_id)
    results = []
    with resources.cursor() as cur:
        here = _venue_scope(cur, settings, user, venue_id)
        # where the owner was scanned: the scanner may have moved to another venue meanwhile
        recorded = (
            relatives.check_in(cur, user, owner.venue_id or venue_id, owner, ids, settings.scan_window_seconds) if owner is not None else []
        )
        for result in recorded:
            _keep(user, f"{scan_id}.{result.person_id}", result)
            results.append(shown(f"{scan_id}.{result.person_id}", result, lang))
        counters = _counters(cur, venue_id, here)
    return {"acks": [], "results": results, "counters": counters}


async def receive(request: Request) -> Response:
    """POST JSON {csrf, venue, lang, batch: the component's batch (lib.checkins.scans.parse_batch)} or, for
    the relatives ticked in the scanner, {csrf, venue, lang, relatives: {scan_id, ids}}: 200 {acks,
    results, counters}; 401 without a live session; 403 from another origin, without the page's
    token, or for a user not allowed at the door or the venue; 429 over the account's limit."""
    settings = resources.settings()
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return Response(status_code=415, headers=_NO_STORE)
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return Response(status_code=413, headers=_NO_STORE)
    if not same_origin(request, settings.public_url):
        return Response(status_code=403, headers=_NO_STORE)
    try:
        body = await request.json()
    except ValueError:
        return Response(status_code=400, headers=_NO_STORE)
    if not isinstance(body, dict) or not isinstance(body.get("csrf"), str) or not isinstance(body.get("venue"), str):
        return Response(status_code=400, headers=_NO_STORE)
    token = sessions.unseal(settings.resolved_secret(), request.cookies.get(sessions.COOKIE_NAME))
    user = None if token is None else _kept_user(settings, token) or await run_in_threadpool(_user, settings, token)
    if token is None or user is None:
        return Response(status_code=401, headers=_NO_STORE)
    if not hmac.compare_digest(body["csrf"], page_token(settings.resolved_secret(), token)) or not permissions.may_open(user, "scan"):
        return Response(status_code=403, headers=_NO_STORE)
    if not _limit.allow(user.user_id):
        return Response(status_code=429, headers={**_NO_STORE, "Retry-After": "60"})
    lang = str(body["lang"]) if body.get("lang") in LANGUAGES else settings.language
    try:
        if "relatives" in body:
            answer = await run_in_threadpool(_relatives, user, body["venue"], lang, body["relatives"])
        else:
            answer = await run_in_threadpool(_receive, user, body["venue"], lang, body.get("batch"))
    except AppError:  # the venue is unknown or outside the user's scope
        return Response(status_code=403, headers=_NO_STORE)
    return JSONResponse(answer, headers=_NO_STORE)


ROUTES = [Route(PATH, receive, methods=["POST"])]
