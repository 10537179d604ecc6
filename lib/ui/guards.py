"""Page guards: every page checks its own permission first, because a page can be reached by URL.

A fragment or dialog reruns alone, without the page's top: whatever it writes, it calls `require_page`
again at the start of that run rather than using the user captured by the full run (issue 17.6).
"""

from __future__ import annotations

import streamlit as st

from lib.access import permissions
from lib.access.users import User
from lib.platform.i18n import t
from lib.ui import session


def require_page(page: str) -> User | None:
    """Return the user allowed on `page` (None on a public page without sign-in), or show a refusal and stop."""
    user = session.current_user()
    if not permissions.may_open(user, page):
        key = "err.sign_in_required" if user is None else "err.must_change_password" if user.must_change_password else "err.forbidden"
        st.error(t(key, session.language()))
        st.stop()
    return user
