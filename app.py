"""Router: page config, sign-in gate, role-based navigation. Reads like the table of contents.

`streamlit run app.py` finds the `st.App` below and serves it: Streamlit itself plus the two routes that set
and clear the HttpOnly sign-in cookie (lib/ui/session_routes.py), the door scanner's vendored zxing-wasm
(lib/ui/scanner/assets.py) and the route its scans are sent to (lib/ui/scanner/route.py), and the light
poster page that a poster QR opens (lib/ui/poster_routes.py), behind the security headers (and without the
public metrics) of lib/ui/http_hardening.py, with Streamlit's page told where its server is
(lib/ui/page_shell.py: a deep link skips two probing requests), its config files polled once a minute
(lib/ui/config_polling.py) and its page scripts compiled once (lib/ui/compiled_pages.py); an unexpected
exception shows a message with a reference and is logged without personal data (lib/ui/failures.py).
Streamlit then runs this same file as the page script of every browser run, where `__name__` is "__main__".
"""

import streamlit as st
from starlette.middleware import Middleware

from lib.ui import (
    compiled_pages,
    config_polling,
    failures,
    http_hardening,
    layout,
    navigation,
    page_shell,
    poster_routes,
    reconnect,
    resources,
    session,
    session_routes,
)
from lib.ui.scanner import assets, route

if __name__ != "__main__":  # imported as the ASGI app by `streamlit run app.py` (or uvicorn app:app)
    failures.quiet_streamlit_log()
    config_polling.slow_config_polling()  # an idle server otherwise spends its CPU polling config.toml
    compiled_pages.keep_compiled_pages()  # a new visitor's session does not compile app.py and its page again
    app = st.App(
        __file__,
        routes=[*session_routes.ROUTES, *assets.ROUTES, *route.ROUTES, *poster_routes.ROUTES],
        middleware=[Middleware(http_hardening.SecurityHeaders), Middleware(page_shell.PageShell)],
        on_script_error=failures.on_script_error,
    )
else:
    from lib.platform.i18n import t

    st.set_page_config(page_title="QR check-in Sa Đéc", page_icon="🔳", layout="wide")
    with reconnect.restoring():  # a tab whose connection came back shows what was typed (lib/ui/reconnect.py)
        lang = session.language()
        user = session.current_user()
        session.browser_tasks()
        sections, signed_out_links = navigation.build(user, lang)
        page = st.navigation(sections, position="hidden" if user is None else "sidebar", expanded=True)  # every page in view
        layout.sidebar(user, lang, signed_out_links)
        st.sidebar.caption(t("app.city", lang))
        with resources.desk_run(user):  # an official's lists and charts on every DuckDB thread, the door on one
            page.run()
