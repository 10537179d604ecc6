"""Streamlit's index.html gets the script that tells it where its server is (lib.ui.page_shell), allowed by its
hash in the Content-Security-Policy; nothing else a route answers is changed."""

from __future__ import annotations

import asyncio
import gzip
from pathlib import Path

import streamlit

from lib.ui import http_hardening, page_shell

INDEX = (Path(streamlit.__file__).parent / "static" / "index.html").read_bytes()


def _serve(body: bytes, content_type: str, status: int = 200, gzipped: bool = False, chunks: int = 1, method: str = "GET"):
    """What a client receives from PageShell in front of an app answering `body` in `chunks` parts."""
    payload = gzip.compress(body) if gzipped else body

    async def app(scope, receive, send):
        headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(payload)).encode())]
        if gzipped:
            headers.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        size = -(-len(payload) // chunks)
        for i in range(chunks):
            part = payload[i * size : (i + 1) * size]
            await send({"type": "http.response.body", "body": part, "more_body": i < chunks - 1})

    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    async def receive():
        return {"type": "http.request", "body": b""}

    scope = {"type": "http", "method": method, "path": "/declaration", "headers": []}
    asyncio.run(page_shell.PageShell(app)(scope, receive, send))
    start = sent[0]
    received = b"".join(m.get("body", b"") for m in sent[1:])
    headers = dict(start["headers"])
    return start["status"], headers, received


def test_streamlit_index_gets_the_script_before_its_bundle_plain_and_gzipped_in_any_chunks():
    for gzipped, chunks in ((False, 1), (True, 1), (False, 3), (True, 4)):
        status, headers, body = _serve(INDEX, "text/html; charset=utf-8", gzipped=gzipped, chunks=chunks)
        page = gzip.decompress(body) if gzipped else body
        assert status == 200 and int(headers[b"content-length"]) == len(body)
        script = f"<script>{page_shell.SCRIPT}</script>".encode()
        assert page.count(script) == 1 and page.index(script) < page.index(b'<script type="module"')
        assert page.replace(script + b"\n    ", b"") == INDEX  # nothing else changed


def test_other_answers_pass_unchanged():
    poster = b"<!doctype html><html><body><form method='post'></form></body></html>"
    assert _serve(poster, "text/html; charset=utf-8")[2] == poster  # the light poster page has no Streamlit bundle
    assert _serve(INDEX, "text/html", status=404)[2] == INDEX
    assert _serve(b'{"ok": true}', "application/json", chunks=2)[2] == b'{"ok": true}'
    assert _serve(INDEX, "text/html", method="HEAD")[2] == INDEX
    once = page_shell.with_shell(INDEX, False)
    assert page_shell.with_shell(once, False) == once


def test_the_script_is_allowed_by_its_hash_and_nothing_else_inline_is():
    policy = http_hardening.content_security_policy()
    script_src = next(d for d in policy.split("; ") if d.startswith("script-src"))
    assert page_shell.script_hash() in script_src and "'unsafe-inline'" not in script_src
