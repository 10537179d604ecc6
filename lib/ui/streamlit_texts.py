"""Streamlit's own English in the page language, in one place (issue 16, item 7).

Where Streamlit or a component takes the text as an argument, it is passed here: the placeholder of select
boxes and multiselects (`placeholder=`, through lib/ui/choices.py) and the camera component's buttons
(streamlit-webrtc's `translations=`). Dates are already shown as dd/mm/yyyy (`format="DD/MM/YYYY"` at every
`st.date_input`).

Everything else is written by Streamlit's frontend with no argument to change it ("Press Enter to apply",
"Select all", the file uploader's "Drag and drop file here", st.camera_input's "Take Photo", the calendar's
month and weekday names, the "Connecting" status and the "Connection error" dialog, the screen-reader labels
"Collapse sidebar", "Open", "Increment"...). For those, `show_in_language` runs a small script in the page that
replaces the text itself (not a CSS overlay): what a screen reader reads and what a person sees are the same
Vietnamese words. It matches whole texts only, from the catalogue of lib/platform/messages/streamlit_own.py
(the exact English of Streamlit 1.67), never inside what the app itself writes (Markdown, tables, code), and it
puts the English back when the person switches to English. A Streamlit upgrade that rewords a text leaves that
text in English: the browser test tests/e2e/test_streamlit_texts.py lists the ones it can see.
"""

from __future__ import annotations

import functools
from typing import Any

from streamlit.components.v2 import component

from lib.platform.i18n import t
from lib.platform.messages.streamlit_own import MESSAGES
from lib.ui import session

WEBRTC_TEXTS = (
    "start",
    "stop",
    "select_device",
    "media_api_not_available",
    "device_ask_permission",
    "device_not_available",
    "device_access_denied",
    "turn_camera_on",
    "turn_camera_off",
    "select_camera",
)
# the two-letter weekday heads ("Mo", "Tu") are short enough to be something else outside the calendar
CALENDAR_SCOPE = '[data-testid="stDateInputCalendar"]'
# text the app writes itself (user text included) is never touched; attributes are matched everywhere (an
# app label equal to "Open" or "Sidebar" would be the only casualty)
SKIP = (
    "style,script,noscript,textarea,[contenteditable],[data-testid=stIconMaterial],[data-testid=stMarkdownContainer],"
    "[data-testid=stCode],[data-testid=stDataFrame],[data-testid=stTable],[data-testid=stHeading]"
)
# ...except a button's label, which Streamlit draws as Markdown too (the file uploader's "Upload")
ALLOW = "button [data-testid=stMarkdownContainer]"

_JS = """
export default function(component) {
  const { data } = component;
  const state = window.__qrcheckinOwnTexts || (window.__qrcheckinOwnTexts = { done: new Map() });
  state.exact = new Map(Object.entries((data && data.exact) || {}));
  state.calendar = new Map(Object.entries((data && data.calendar) || {}));
  state.patterns = ((data && data.patterns) || []).map(([source, out]) => [new RegExp(source), out]);
  const ATTRIBUTES = ["placeholder", "aria-label", "title"];
  const word = (text) => state.exact.get(text) ?? state.calendar.get(text) ?? text;
  const translated = (text, inCalendar) => {
    const whole = text.trim();
    if (!whole) return null;
    const exact = state.exact.get(whole) ?? (inCalendar ? state.calendar.get(whole) : undefined);
    if (exact !== undefined) return text.replace(whole, exact);
    for (const [pattern, out] of state.patterns) {
      const found = whole.match(pattern);
      if (found) return text.replace(whole, out.replace(/\\$(\\d)/g, (_, i) => word(found[Number(i)] || "")));
    }
    return null;
  };
  const put = (node, attribute, value, original) => {
    const done = state.done.get(node) || {};
    done[attribute || "#text"] = { original: done[attribute || "#text"]?.original ?? original, value };
    state.done.set(node, done);
    if (attribute) node.setAttribute(attribute, value); else node.nodeValue = value;
  };
  const visit = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const parent = node.parentElement;
      if (!parent || (parent.closest(data.skip) && !parent.closest(data.allow))) return;
      const value = translated(node.nodeValue, !!parent.closest(data.calendarScope));
      if (value !== null) put(node, null, value, node.nodeValue);
      return;
    }
    if (node.nodeType !== Node.ELEMENT_NODE || node.closest("style,script,noscript")) return;
    for (const attribute of ATTRIBUTES) {
      const text = node.getAttribute(attribute);
      const value = text && translated(text, !!node.closest(data.calendarScope));
      if (value) put(node, attribute, value, text);
    }
  };
  const walk = (root) => {
    visit(root);
    if (root.nodeType !== Node.ELEMENT_NODE) return;
    const all = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (all.nextNode()) visit(all.currentNode);
  };
  const restore = () => {  // back to English: what was replaced and not rewritten since gets its text back
    for (const [node, done] of state.done) {
      for (const [attribute, { original, value }] of Object.entries(done)) {
        if (attribute === "#text") { if (node.nodeValue === value) node.nodeValue = original; }
        else if (node.getAttribute(attribute) === value) node.setAttribute(attribute, original);
      }
    }
    state.done.clear();
  };
  if (!state.exact.size) { restore(); return; }
  for (const node of state.done.keys()) if (!node.isConnected) state.done.delete(node);
  if (!state.observer) {
    state.observer = new MutationObserver((changes) => {
      if (!state.exact.size) return;
      for (const change of changes) {
        if (change.type === "childList") change.addedNodes.forEach(walk);
        else visit(change.target);
      }
    });
    state.observer.observe(document.body, {
      childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ATTRIBUTES,
    });
  }
  walk(document.body);
}
"""

_texts = component("qrcheckin.streamlit_texts", js=_JS)


@functools.lru_cache(maxsize=4)
def _table(lang: str) -> dict[str, Any]:
    """English -> page language for every catalogued Streamlit text, split into whole texts, calendar-only
    texts and patterns; empty in English, which tells the page script to put Streamlit's own text back.
    Made once per language: the catalogue does not change while the server runs, and every page run sends it."""
    exact: dict[str, str] = {}
    calendar: dict[str, str] = {}
    patterns: list[list[str]] = []
    if lang != "en":
        for key, entry in MESSAGES.items():
            if key.endswith("_re"):
                patterns.append([entry["en"], t(key, lang)])
            else:
                (calendar if key.startswith("stw.weekday_short.") else exact)[entry["en"]] = t(key, lang)
    return {"exact": exact, "calendar": calendar, "patterns": patterns, "skip": SKIP, "allow": ALLOW, "calendarScope": CALENDAR_SCOPE}


def show_in_language(lang: str) -> None:
    """Have the page replace Streamlit's own English with `lang` (once per run, from the page frame)."""
    _texts(key="page.streamlit_texts", data=_table(lang), height=0)


def choice_placeholder(many: bool) -> str:
    """What an empty select box (or multiselect) shows instead of Streamlit's "Choose an option", in the
    language of this run (lib/ui/choices.py passes it as `placeholder=`)."""
    return t("stw.choose_options" if many else "stw.choose_option", session.language())


def webrtc_texts(lang: str) -> dict[str, str]:
    """The camera component's own texts ("START", "Select device") in the page language (its `translations=`)."""
    return {name: t(f"webrtc.{name}", lang) for name in WEBRTC_TEXTS}
