"""Streamlit's page (its index.html) told where its server is, so a deep link opens with two requests fewer.

Opened at a page's own address (`/declaration`, a poster's `/checkin?v=`), Streamlit's frontend does not know
whether `/declaration` is the server's base path or a page: it asks `/declaration/_stcore/health` and
`/declaration/_stcore/host-config` first, gets two 404s, and only then the server's own. Each is a full HTTP
request through the server (issue 19: with the page itself, about a third of what a new session of the
declaration page cost the server outside its script, measured with py-spy and per request). Streamlit reads
`window.__streamlit.BACKEND_BASE_URL` when a page sets it before its bundle runs; this middleware puts one
small script doing that into the index.html Streamlit serves. The base it sets is the folder of the page's
address (`new URL(".", location.href)`), which is also what the page's own relative `./static/...` links
resolve against: under a proxy's path prefix or a `server.baseUrlPath` it is that prefix, as before. The
script is allowed by its hash in the Content-Security-Policy (lib/ui/http_hardening.py).
"""

from __future__ import annotations

import base64
import gzip
import hashlib

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SCRIPT = 'window.__streamlit={BACKEND_BASE_URL:new URL(".",location.href).href}'
_TAG = f"<script>{SCRIPT}</script>\n    ".encode()
_BEFORE = b'<script type="module"'  # Streamlit's bundle: the setting must come first


def script_hash() -> str:
    """The CSP source of SCRIPT (http_hardening adds it to script-src)."""
    return f"'sha256-{base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()}'"


def with_shell(body: bytes, gzipped: bool) -> bytes:
    """index.html with the script before Streamlit's bundle; anything else (the light poster page, another
    HTML answer, a page that has it already) unchanged."""
    page = gzip.decompress(body) if gzipped else body
    at = page.find(_BEFORE)
    if at < 0 or _TAG in page:
        return body
    page = page[:at] + _TAG + page[at:]
    return gzip.compress(page, mtime=0) if gzipped else page


class PageShell:
    """Pure ASGI middleware: a 200 text/html answer is held until its last byte and passed on `with_shell`;
    everything else (scripts, styles, the websocket, JSON) streams through untouched."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []
        parts: list[bytes] = []

        async def send_with_shell(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if message["status"] == 200 and headers.get("content-type", "").startswith("text/html"):
                    held.append(message)
                    return
            elif held and message["type"] == "http.response.body":
                parts.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                start = held.pop()
                headers = MutableHeaders(scope=start)
                body = with_shell(b"".join(parts), headers.get("content-encoding") == "gzip")
                headers["content-length"] = str(len(body))
                await send(start)
                message = {"type": "http.response.body", "body": body}
            await send(message)

        await self.app(scope, receive, send_with_shell)
