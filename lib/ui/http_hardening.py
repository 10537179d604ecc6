"""HTTP hardening of the server, as `st.App` middleware (app.py): security headers on every HTTP answer, and
Streamlit's `/_stcore/metrics` not served.

The Content-Security-Policy is what Streamlit 1.67's own page needs and no more: scripts only from this server
and blob: modules the page makes itself (st.components.v2), plus the one small inline script of Streamlit's
index.html, allowed by its hash, read from the installed package so an upgrade keeps working (and the one of
lib/ui/page_shell.py that tells the page where its server is); styles inline
(Streamlit's CSS-in-JS), images, media and workers also from data:/blob: (charts, photos, the webcam),
connections only back to this server (the websocket), frames only of this server (components) and never
inside another site's frame (frame-ancestors, X-Frame-Options).
Nothing is loaded from another site (app.py's page icon is an emoji, which Streamlit draws as a data: SVG; a
`:material/...:` page icon would be fetched from fonts.gstatic.com for every visitor).
`/_stcore/metrics` publishes session counts and cache sizes to anyone who asks; it answers 404.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import streamlit
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lib.ui import page_shell

HIDDEN_PATHS = ("/_stcore/metrics",)


def _inline_script_hashes() -> list[str]:
    """CSP hashes of the inline scripts of Streamlit's index.html (exact text between the tags)."""
    page = Path(streamlit.__file__).parent / "static" / "index.html"
    scripts = re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
    return [f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" for s in scripts]


def content_security_policy() -> str:
    return "; ".join(
        [
            "default-src 'self'",
            # blob: is how st.components.v2 loads a component's JavaScript (a module made by the page itself);
            # 'wasm-unsafe-eval' lets Streamlit's own WebAssembly (Arrow tables) compile, not eval() of text
            "script-src 'self' blob: 'wasm-unsafe-eval' " + " ".join([*_inline_script_hashes(), page_shell.script_hash()]),
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "media-src 'self' data: blob:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "frame-src 'self' blob: data:",
            "frame-ancestors 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def security_headers() -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(),
        "X-Frame-Options": "SAMEORIGIN",  # components are this server's own frames; other sites may not frame it
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "strict-origin-when-cross-origin",  # a poster link's token never leaves in a Referer
        "Permissions-Policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }


class SecurityHeaders:
    """Pure ASGI middleware (a websocket passes through untouched): adds `security_headers()` to every HTTP
    response that does not set its own, and answers 404 for `HIDDEN_PATHS`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.headers = security_headers()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].rstrip("/").endswith(HIDDEN_PATHS):  # also under a server.baseUrlPath
            await self._not_found(send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    if name not in headers:
                        headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    async def _not_found(self, send: Send) -> None:
        start: Message = {"type": "http.response.start", "status": 404, "headers": []}
        headers = MutableHeaders(scope=start)
        headers["content-type"] = "text/plain; charset=utf-8"
        for name, value in self.headers.items():
            headers[name] = value
        await send(start)
        await send({"type": "http.response.body", "body": b"Not Found"})
