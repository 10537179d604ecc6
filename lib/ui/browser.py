"""Small pieces of JavaScript that run in the app's page (Streamlit 1.67 `st.components.v2`, no build step):
trading a sign-in ticket for the HttpOnly session cookie, clearing it at sign-out, the household's
personal codes kept on the phone (localStorage) for one-tap self check-in from any poster link, and the page's
language and accessibility fixes for what Streamlit draws itself.

Nothing personal is stored on the phone beyond what the resident sees on their own screen: the masked name
and the signed personal code of each member.
"""

from __future__ import annotations

from typing import Any

from streamlit.components.v2 import component

from lib.ui import session_routes

PHONE_CODES_KEY = "qrcheckin.codes"
LANGUAGE_COOKIE = "qrcheckin_lang"  # the chosen language, so F5 or a new tab keeps it (not personal, not secret)

# POST the ticket; on success reload the page: the new websocket carries the cookie and starts a fresh
# Streamlit session (the one that signed in is never resumed). Each ticket is posted at most once.
_CLAIM_JS = """
export default function(component) {
  const { data, setTriggerValue } = component;
  if (!data || !data.ticket) return;
  window.__qrcheckinTickets = window.__qrcheckinTickets || new Set();
  if (window.__qrcheckinTickets.has(data.ticket)) return;
  window.__qrcheckinTickets.add(data.ticket);
  fetch(data.url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ticket: data.ticket }),
  }).then((response) => {
    if (response.ok) { window.location.reload(); } else { setTriggerValue("failed", response.status); }
  }).catch(() => setTriggerValue("failed", 0));
}
"""

_END_JS = """
export default function(component) {
  const { data } = component;
  if (!data || !data.url || window.__qrcheckinEnded === data.nonce) return;
  window.__qrcheckinEnded = data.nonce;
  fetch(data.url, { method: "POST", credentials: "same-origin" });
}
"""

# data: {"save": [{"name", "code"}...] | null, "forget": bool}; reports the stored list as state "codes".
_PHONE_CODES_JS = """
export default function(component) {
  const { data, setStateValue } = component;
  const KEY = "__KEY__";
  let codes = [];
  try { codes = JSON.parse(window.localStorage.getItem(KEY) || "[]"); } catch (e) { codes = []; }
  if (!Array.isArray(codes)) codes = [];
  codes = codes.filter((c) => c && typeof c.code === "string" && typeof c.name === "string");
  if (data && data.forget) {
    codes = [];
    window.localStorage.removeItem(KEY);
  } else if (data && Array.isArray(data.save) && data.save.length) {
    for (const item of data.save) {
      codes = codes.filter((c) => c.code !== item.code && c.person !== item.person);
      codes.push({ person: item.person, name: item.name, code: item.code });
    }
    window.localStorage.setItem(KEY, JSON.stringify(codes.slice(-12)));
  }
  setStateValue("codes", codes);
}
""".replace("__KEY__", PHONE_CODES_KEY)

# data: {"lang"}. Streamlit's index.html says lang="en" whatever the page's language, and a screen reader then
# reads Vietnamese with English rules; the cookie lets a reload (a new Streamlit session) start in the same
# language. Streamlit 1.67's sectioned sidebar menu puts <div> groups straight into its <ul> (invalid list
# markup that screen readers announce as a broken list): the list roles are dropped there, the links stay.
#
# A tab whose connection came back is asked to run its page again ("reconnected"): when the cut fell in the middle
# of a run, Streamlit 1.67 could leave the page cut short where the lost run had got to (the declaration without
# its address, its button or even its name box, 4 of 9 runs on a loaded machine) and did not rerun, as if that
# run had finished; the new run draws the whole page and lib/ui/reconnect.py puts back what was typed.
_PAGE_JS = """
export default function(component) {
  const { data, setTriggerValue } = component;
  const lang = data && data.lang === "en" ? "en" : "vi";
  document.documentElement.lang = lang;
  document.cookie = "__COOKIE__=" + lang + "; path=/; max-age=31536000; SameSite=Strict";
  window.__qrcheckinRerun = setTriggerValue; // the newest mount's
  if (window.__qrcheckinPage) return;
  window.__qrcheckinPage = true;
  let lost = false;
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    const state = app && app.getAttribute("data-test-connection-state");
    if (!state) return;
    if (state !== "CONNECTED") {
      lost = true;
    } else if (lost) {
      lost = false;
      setTimeout(() => window.__qrcheckinRerun("reconnected", Date.now()), 200);
    }
  };
  new MutationObserver(watch).observe(document.body, {
    subtree: true, attributes: true, attributeFilter: ["data-test-connection-state"],
  });
  const fix = () => {
    document.querySelectorAll('[data-testid="stSidebarNavItems"]').forEach((list) => {
      if (!list.querySelector(":scope > div")) return;
      if (list.getAttribute("role") !== "none") list.setAttribute("role", "none");
      list.querySelectorAll("li:not([role])").forEach((item) => item.setAttribute("role", "none"));
    });
  };
  new MutationObserver(fix).observe(document.body, { childList: true, subtree: true });
  fix();
}
""".replace("__COOKIE__", LANGUAGE_COOKIE)

_claim = component("qrcheckin.claim_session", js=_CLAIM_JS)
_end = component("qrcheckin.end_session", js=_END_JS)
_phone_codes = component("qrcheckin.phone_codes", js=_PHONE_CODES_JS)
_page = component("qrcheckin.page", js=_PAGE_JS)


def _ignore() -> None:
    """State callbacks are required for a component to report back; the value is read from the result."""


def claim_session(ticket: str) -> bool:
    """Have the browser trade the sign-in ticket for the session cookie and reload; False once it reported a
    failure (no st.App route, or the ticket expired)."""
    result = _claim(key="session.claim", data={"ticket": ticket, "url": session_routes.CLAIM_PATH}, on_failed_change=_ignore, height=0)
    return getattr(result, "failed", None) is None


def end_session(nonce: str) -> None:
    """Have the browser clear the session cookie (its record is already revoked)."""
    _end(key="session.end", data={"url": session_routes.END_PATH, "nonce": nonce}, height=0)


def phone_codes(key: str, save: list[dict[str, Any]] | None = None, forget: bool = False) -> list[dict[str, Any]] | None:
    """The personal codes kept on this phone ([{"person", "name", "code"}], None until the browser answered),
    after adding `save` or, with `forget`, removing them all."""
    result = _phone_codes(key=key, data={"save": save or [], "forget": forget}, default={"codes": None}, on_codes_change=_ignore, height=0)
    codes = getattr(result, "codes", None)
    return codes if isinstance(codes, list) else None


def page_language(lang: str) -> None:
    """Declare the page's language to the browser (`<html lang>`) and remember it in a cookie for reloads; the
    same script reruns the page when the tab's connection came back (see _PAGE_JS)."""
    _page(key="page.language", data={"lang": lang}, on_reconnected_change=_ignore, height=0)
