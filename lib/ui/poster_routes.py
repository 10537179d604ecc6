"""The HTTP routes of the light poster page (lib.ui.poster_page), served next to Streamlit by the `st.App` in
app.py: GET and POST `/poster`, POST `/poster/holders` (names of the kept codes); the page's script is inline, allowed by the page's own
Content-Security-Policy (poster_page.POLICY).

The database work runs on a worker thread (the event loop serves every Streamlit session too); the client
address is counted exactly as on the Streamlit pages (lib.ui.client): the peer, or behind a trusted proxy the
address it forwarded.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

from lib.access import rate_limits
from lib.ui import poster_page, resources

MAX_BODY = 8_192  # a form or the list of kept codes; anything bigger is not from this page
_NO_STORE = {"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"}
_PAGE = {**_NO_STORE, "Content-Security-Policy": poster_page.POLICY}  # kept by http_hardening: it sets none over it


def _client(request: Request) -> rate_limits.Client:
    settings = resources.settings()
    peer = request.client.host if request.client else None
    address = rate_limits.client_address(peer, request.headers.get("x-forwarded-for"), settings.trusted_proxy_list())
    return rate_limits.client(resources.secret(), address)


def _html(reply: poster_page.Reply, secure: bool) -> Response:
    response = HTMLResponse(reply.body, status_code=reply.status, headers={**_PAGE, **reply.headers})
    if reply.cookie:
        response.set_cookie(poster_page.COOKIE, reply.cookie, httponly=True, samesite="strict", secure=secure, path=poster_page.PATH)
    return response


def _landing(venue_token: str, lang: str, cookie: str | None) -> poster_page.Reply:
    with resources.cursor() as cur:
        return poster_page.landing(cur, resources.secret(), venue_token, lang, cookie)


def _check_in(form: dict[str, str], cookie: str | None, client: rate_limits.Client, lang: str) -> poster_page.Reply:
    limits = resources.settings().self_checkin_limits()
    with resources.cursor() as cur:
        return poster_page.check_in(cur, resources.secret(), form, cookie, client, lang, limits)


def _holders(body: object, cookie: str | None) -> list[dict[str, str]] | None:
    with resources.cursor() as cur:
        return poster_page.holders(cur, resources.secret(), body, cookie)


async def poster(request: Request) -> Response:
    """GET: the landing page of a poster link. POST (a form of this page): one self check-in."""
    default = resources.settings().language
    cookie = request.cookies.get(poster_page.COOKIE)
    secure = request.url.scheme == "https"
    if request.method == "GET":
        lang = poster_page.language(request.query_params.get("lang"), default)
        return _html(await run_in_threadpool(_landing, request.query_params.get("v", ""), lang, cookie), secure)
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return Response(status_code=413)
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/x-www-form-urlencoded":
        return Response(status_code=415)
    form = await request.form(max_files=0, max_fields=8)
    fields = {k: v for k, v in form.items() if isinstance(v, str)}
    reply = await run_in_threadpool(_check_in, fields, cookie, _client(request), default)
    return _html(reply, secure)


async def holders(request: Request) -> Response:
    """POST JSON {v, csrf, codes}: [{code, name}] of the valid kept codes; 403 without this browser's token.
    Only JSON is read, which another site cannot send without a CORS preflight."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return Response(status_code=415)
    if int(request.headers.get("content-length") or 0) > MAX_BODY:
        return Response(status_code=413)
    try:
        body = await request.json()
    except ValueError:
        return Response(status_code=400)
    answer = await run_in_threadpool(_holders, body, request.cookies.get(poster_page.COOKIE))
    if answer is None:
        return Response(status_code=403, headers=_NO_STORE)
    return JSONResponse(answer, headers=_NO_STORE)


ROUTES = [
    Route(poster_page.PATH, poster, methods=["GET", "POST"]),
    Route(poster_page.HOLDERS_PATH, holders, methods=["POST"]),
]
