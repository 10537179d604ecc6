"""The light poster page: what a phone camera opens from a venue poster (`/poster?v=<venue token>`), and its
one-tap self check-in, as plain HTML served next to Streamlit by the `st.App` routes (lib.ui.poster_routes).

A Streamlit session costs the server far more than the check-in itself (a websocket, a script run per tap,
the app's JavaScript), so the poster lands here instead: one small page, one form POST per tap. The rules
and limits are those of the Streamlit page: `posters.open_poster` for the venue, `households` for the
personal code and `self_checkin.self_check_in` for the door rules and the rate limits. The Streamlit page
`/checkin?v=` stays for posters printed before and for the full flow.

Safety: every form carries a token bound to a random HttpOnly, SameSite=Strict cookie of this browser and
to the poster it was issued for, and expires (`CSRF_LIFETIME`); nothing from the request or the database
is written into the page unescaped; the kept codes' names come from the database (`holders`).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from lib.access.rate_limits import Client
from lib.checkins import door, self_checkin
from lib.codes import tokens
from lib.people import households
from lib.platform import i18n
from lib.platform.errors import AppError, InvalidCodeError
from lib.platform.i18n import t
from lib.platform.times import format_datetime, now_utc
from lib.ui.door_widgets import BOX, headline
from lib.venues import lookup, posters

PATH = tokens.POSTER_PATH
HOLDERS_PATH = "/poster/holders"
COOKIE = "qrcheckin_poster"
CSRF_LIFETIME = 30 * 60  # seconds a page's forms stay valid: a queue at the door, not a day
MAX_CODES = 12  # the phone keeps at most 12 codes (lib.ui.browser)
SCRIPT = (Path(__file__).resolve().parent / "poster_page.js").read_text(encoding="utf-8")
# The script is inline (one request fewer per tap than a script file: issue 19) and allowed by its hash alone:
# this page's own Content-Security-Policy, stricter than the app's (no other script, nothing framed, forms only
# back here, connections only to this server).
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
POLICY = "; ".join(
    [
        "default-src 'none'",
        f"script-src 'sha256-{SCRIPT_HASH}'",
        "style-src 'unsafe-inline'",  # the page's <style> and the result's colour
        "img-src data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    ]
)


@dataclass
class Reply:
    """An HTML answer: status, body and the browser cookie to set (a new one on a first visit)."""

    status: int
    body: str
    cookie: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


def language(value: str | None, default: str) -> str:
    """The page language: `lang` from the link or form when it is one we have, else the server's default."""
    return value if value in i18n.LANGUAGES else default


def new_cookie() -> str:
    return secrets.token_urlsafe(18)


def csrf_token(secret: str, cookie: str, venue_token: str, now: float | None = None) -> str:
    """A form token for this browser (its cookie) and this poster, valid for CSRF_LIFETIME."""
    expires = int((now if now is not None else time.time()) + CSRF_LIFETIME)
    return f"{expires}.{_csrf_mac(secret, cookie, venue_token, expires)}"


def _csrf_mac(secret: str, cookie: str, venue_token: str, expires: int) -> str:
    message = f"poster-csrf|{cookie}|{venue_token}|{expires}".encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:32]


def check_csrf(secret: str, cookie: str | None, venue_token: str, token: str | None, now: float | None = None) -> str | None:
    """None when the token was issued to this browser for this poster and has not expired; else the catalogue
    key of what to tell the visitor ("light.expired" or "light.bad_request")."""
    if not cookie or not token or "." not in token:
        return "light.bad_request"
    expires_text, mac = token.split(".", 1)
    if not expires_text.isdigit() or not hmac.compare_digest(_csrf_mac(secret, cookie, venue_token, int(expires_text)), mac):
        return "light.bad_request"
    if int(expires_text) < (now if now is not None else time.time()):
        return "light.expired"
    return None


def landing(cur: duckdb.DuckDBPyConnection, secret: str, venue_token: str, lang: str, cookie: str | None) -> Reply:
    """GET /poster?v=: the venue (from the database, after the signature), or why it refuses check-ins."""
    fresh = cookie or new_cookie()
    reply = _page(cur, secret, venue_token, lang, fresh)
    reply.cookie = None if cookie else fresh
    return reply


def check_in(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    form: dict[str, str],
    cookie: str | None,
    client: Client,
    default_lang: str,
    limits: Mapping[str, int] | None = None,
) -> Reply:
    """POST /poster: one tap (a kept code) or a pasted code, through the project's self check-in rules and
    limits (`limits`: the deployment's sizes, Settings.self_checkin_limits). A bad or expired form token
    records nothing."""
    lang = language(form.get("lang"), default_lang)
    venue_token = form.get("v", "")
    problem = check_csrf(secret, cookie, venue_token, form.get("csrf"))
    if problem == "light.bad_request" or not cookie:
        notice = _notice("error", t("light.bad_request", lang))
        return Reply(403, _document(lang, t("light.bad_request", lang), notice, _links(lang, venue_token)))
    if problem:
        return _page(cur, secret, venue_token, lang, cookie, _notice("error", t(problem, lang)))
    code = form.get("code", "").strip()
    if not code:
        return _page(cur, secret, venue_token, lang, cookie, _notice("error", t("light.no_code", lang)))
    try:
        visit = posters.open_poster(cur, secret, venue_token)
    except InvalidCodeError:
        return _page(cur, secret, venue_token, lang, cookie)
    if visit.refusal:
        return _page(cur, secret, venue_token, lang, cookie, visit=visit)
    try:
        person_id = households.verify_personal_code(cur, secret, code)
        result = self_checkin.self_check_in(cur, visit.venue.venue_id, person_id, client, secret, limits=limits)
    except AppError as err:
        return _page(cur, secret, venue_token, lang, cookie, _notice("error", err.message(lang)), visit)
    shown = _result(result, lang) + _notice("caption", t("self.at", lang, venue=visit.venue.name, time=format_datetime(now_utc())))
    return _page(cur, secret, venue_token, lang, cookie, shown, visit)


def holders(cur: duckdb.DuckDBPyConnection, secret: str, body: object, cookie: str | None) -> list[dict[str, str]] | None:
    """POST /poster/holders: the masked names (from the database) of the valid codes kept on the phone, for
    its one-tap buttons; None for a request without this browser's form token."""
    if not isinstance(body, dict):
        return None
    venue_token, codes = body.get("v"), body.get("codes")
    if not isinstance(venue_token, str) or not isinstance(codes, list) or check_csrf(secret, cookie, venue_token, body.get("csrf")):
        return None
    texts = [c for c in codes[:MAX_CODES] if isinstance(c, str) and len(c) <= 200]
    answer, seen = [], set()
    for text in texts:  # the code each button sends back, with its holder's masked name
        for person_id, name in households.code_holders(cur, secret, [text]):
            if person_id not in seen:
                seen.add(person_id)
                answer.append({"code": text, "name": name})
    return answer


def _page(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    venue_token: str,
    lang: str,
    cookie: str,
    top: str = "",
    visit: posters.PosterVisit | None = None,
) -> Reply:
    """The page of a poster: `top` (a result or a notice) above the kept codes' buttons and the paste form."""
    try:
        visit = visit or posters.open_poster(cur, secret, venue_token)
    except InvalidCodeError as err:
        return Reply(404, _document(lang, t("page.checkin", lang), _notice("error", err.message(lang)), _links(lang, venue_token)))
    venue = visit.venue
    head = f"<h1>{_e(venue.name)}</h1><p class='muted'>{_e(lookup.full_address(cur, venue))} · {_e(venue.venue_id)}</p>"
    if visit.refusal:
        refusal = t(visit.refusal, lang, starts=format_datetime(venue.starts_at), ends=format_datetime(venue.ends_at))
        return Reply(200, _document(lang, venue.name, head + top + _notice("error", refusal), _links(lang, venue_token)))
    csrf = csrf_token(secret, cookie, venue_token)
    hidden = _hidden(venue_token, csrf, lang)
    kept = (
        f"<section id='kept' hidden data-url='{HOLDERS_PATH}' data-action='{PATH}' data-v='{_e(venue_token)}'"
        f" data-csrf='{_e(csrf)}' data-lang='{lang}' data-label='{_e(t('self.as', lang, name='{name}'))}'>"
        f"<p>{_e(t('light.kept', lang))}</p><div id='kept-buttons'></div></section>"
    )
    paste = (
        f"<form method='post' action='{PATH}' class='paste'>{hidden}"
        f"<label for='code'>{_e(t('light.paste', lang))}</label>"
        f"<input id='code' name='code' maxlength='120' autocomplete='off' autocapitalize='off' spellcheck='false'>"
        f"<button type='submit' class='secondary'>{_e(t('self.go', lang))}</button></form>"
    )
    return Reply(200, _document(lang, venue.name, head + top + kept + paste, _links(lang, venue_token)))


def _result(result: door.DoorResult, lang: str) -> str:
    """The door result as large as the Streamlit page shows it (masked name, what happened, colour, what to do)."""
    refused = result.kind == door.REFUSED
    colour, ink = BOX["refused" if refused else result.risk_level]
    risk = "" if refused else (t(f"risk.{result.risk_level}", lang) if result.risk_level else t("risk.unknown", lang))
    todo = t(result.instruction, lang) if result.instruction and not refused else ""
    return (
        f"<div class='result' data-testid='door-result' data-kind='{_e(str(result.kind))}' style='background:{colour};color:{ink}'>"
        f"<b>{_e(result.masked_name)}</b><br>{_e(headline(result, lang))}<br>{_e(risk)}{_e(' — ' + todo) if todo else ''}</div>"
    )


def _hidden(venue_token: str, csrf: str, lang: str) -> str:
    return (
        f"<input type='hidden' name='v' value='{_e(venue_token)}'><input type='hidden' name='csrf' value='{_e(csrf)}'>"
        f"<input type='hidden' name='lang' value='{lang}'>"
    )


def _links(lang: str, venue_token: str) -> str:
    from urllib.parse import quote

    v = quote(venue_token, safe="")
    switch = " · ".join(
        f"<a href='{PATH}?v={v}&amp;lang={code}' lang='{code}'>{_e(name)}</a>" for code, name in i18n.LANGUAGES.items() if code != lang
    )
    return (
        f"<p><a href='/declaration'>{_e(t('light.declare', lang))}</a></p>"
        f"<p class='muted'><a href='/checkin?v={v}'>{_e(t('light.full_page', lang))}</a> · {switch}</p>"
    )


def _notice(kind: str, text: str) -> str:
    return f"<p class='{kind}' role='{'alert' if kind == 'error' else 'status'}'>{_e(text)}</p>"


def _e(value: object) -> str:
    """Inert text: every value shown goes through here (names, addresses, codes, catalogue texts)."""
    return html.escape(str(value), quote=True)


_STYLE = (
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;padding:1rem;max-width:34rem;"
    "margin-inline:auto;line-height:1.4;color:#1d1d1f;background:#fff}h1{font-size:1.5rem;margin:.2rem 0}"
    ".muted{color:#666;font-size:.9rem}.error{background:#fdecea;color:#8a1c12;padding:.75rem;border-radius:8px}"
    ".caption{color:#555}.result{padding:1rem 1.25rem;border-radius:12px;font-size:1.6rem;line-height:1.3}"
    "button{display:block;width:100%;min-height:3rem;margin:.5rem 0;font-size:1.15rem;border:0;border-radius:10px;"
    "background:#1c5fb8;color:#fff;padding:.6rem}button.secondary{background:#444}"
    "input{width:100%;box-sizing:border-box;font-size:1rem;padding:.6rem;border:1px solid #999;border-radius:8px}"
    "label{display:block;margin:1rem 0 .3rem}a{color:#0b57d0}"
)


def _document(lang: str, title: str, main: str, footer: str = "") -> str:
    return (
        f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width,initial-scale=1'><link rel='icon' href='data:,'>"
        f"<meta name='referrer' content='no-referrer'><title>{_e(title)} · {_e(t('page.checkin', lang))}</title>"
        f"<style>{_STYLE}</style></head><body><main>{main}</main><footer>{footer}</footer>"
        f"<script>{SCRIPT}</script></body></html>"
    )
