"""Role-based navigation: which st.Page objects the router offers, grouped by section.

The table of who may open what lives in lib.access.permissions; this module only maps page keys to scripts.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Literal

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from lib.access import permissions
from lib.access.users import User
from lib.platform.i18n import t

Visibility = Literal["visible", "hidden"]

VIEWS_DIR = Path(__file__).resolve().parent.parent.parent / "views"

# page key -> (section key, icon, url path)
PAGES: dict[str, tuple[str, str, str]] = {
    "home": ("nav.account", ":material/home:", "home"),
    "venues": ("nav.venues", ":material/storefront:", "venues"),
    "check_qr": ("nav.venues", ":material/qr_code_scanner:", "check-qr"),
    "scan": ("nav.doors", ":material/photo_camera:", "scan"),
    "footfall": ("nav.monitoring", ":material/monitoring:", "footfall"),
    "compliance": ("nav.monitoring", ":material/fact_check:", "compliance"),
    "reports": ("nav.monitoring", ":material/description:", "reports"),
    "risk": ("nav.health", ":material/health_and_safety:", "risk"),
    "tracing": ("nav.health", ":material/share_location:", "tracing"),
    "cards": ("nav.health", ":material/badge:", "cards"),
    "users": ("nav.admin", ":material/manage_accounts:", "users"),
    "privacy": ("nav.admin", ":material/shield_lock:", "privacy"),
    "password": ("nav.account", ":material/password:", "password"),
    "declaration": ("nav.public", ":material/assignment:", "declaration"),
    "checkin": ("nav.public", ":material/login:", "checkin"),
}


@functools.lru_cache(maxsize=256)
def _made(script: str, title: str, icon: str, url_path: str, default: bool, visibility: Visibility) -> st.Page:
    return st.Page(VIEWS_DIR / f"{script}.py", title=title, icon=icon, url_path=url_path, default=default, visibility=visibility)


def _made_once(script: str, title: str, icon: str, url_path: str, default: bool = False, hidden: bool = False) -> st.Page:
    """st.Page resolves its script's path on disk and checks its arguments every time, and the router needs
    15 of them on every run: each is made once per process and copied per run. A copy, because st.navigation
    marks the page it returns as runnable on the object itself, and sessions run at the same time."""
    visibility: Visibility = "hidden" if hidden else "visible"
    if get_script_run_ctx() is None:  # outside a run st.Page returns a blank object: never keep that one
        return st.Page(VIEWS_DIR / f"{script}.py", title=title, icon=icon, url_path=url_path, default=default, visibility=visibility)
    return copy.copy(_made(script, title, icon, url_path, default, visibility))


def _page(key: str, lang: str, default: bool = False, hidden: bool = False, at_root: bool = False) -> st.Page:
    """The page of a key; `at_root` with the empty url path (a default page), `hidden` only reachable by its URL."""
    _, icon, url = PAGES[key]
    return _made_once(key, t(f"page.{key}", lang), icon, "" if at_root else url, default, hidden)


def page_for(key: str, lang: str) -> st.Page:
    """The page object of a page key, for st.page_link from inside a page."""
    return _page(key, lang)


def _sign_in_page(lang: str, url_path: str = "sign-in", title_key: str = "page.sign_in", default: bool = False) -> st.Page:
    return _made_once("sign_in", t(title_key, lang), ":material/lock:", url_path, default)


def build(user: User | None, lang: str) -> tuple[dict[str, list[st.Page]] | list[st.Page], list[st.Page]]:
    """(sections for st.navigation, links for a signed-out sidebar).

    Signed out, every protected URL is registered as the sign-in page: a deep link such as /footfall shows
    the sign-in form, and after signing in the same URL opens the real page. The navigation menu is then
    hidden and the sidebar offers only the sign-in and public pages as links.
    """
    if user is None:
        public = [_sign_in_page(lang, default=True), _page("declaration", lang), _page("checkin", lang)]
        protected = [
            _sign_in_page(lang, url_path=PAGES[key][2], title_key=f"page.{key}") for key in PAGES if not permissions.is_public(key)
        ]
        return public + protected, public
    sections: dict[str, list[st.Page]] = {}
    landing = "password" if user.must_change_password else "home"  # a printed or reset password is changed first
    for key in permissions.pages_for(user):
        section = t(PAGES[key][0], lang)
        sections.setdefault(section, []).append(_page(key, lang, default=(key == landing), at_root=(key == landing == "home")))
    # Home is served at the root and its own path (a bookmarked /home) is a hidden alias of it: a default page
    # keeping its path reserves that path and answers it with Streamlit's "Page not found". A forced password
    # change keeps its path: a session's page is known by its path's hash, so once the password is changed
    # (home becomes the default) the session stays on the password page and sees it done.
    if landing == "home":
        sections[t(PAGES["home"][0], lang)].append(_page("home", lang, hidden=True))
    return sections, []
