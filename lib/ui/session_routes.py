"""The two HTTP routes of staff sign-in, served next to Streamlit by the `st.App` in app.py.

Streamlit talks to the browser over a websocket, where no cookie can be set, let alone an HttpOnly one. So
the sign-in page makes a session record with a one-time ticket (lib.access.sessions) and the browser posts
that ticket here; the answer sets the signed, HttpOnly, SameSite=Strict cookie and the page reloads, which
starts a fresh Streamlit session that reads the cookie (`st.context.cookies`). Sign-out posts here too, to
revoke the record and clear the cookie.
"""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from lib.access import sessions
from lib.platform.errors import AuthError
from lib.ui import resources

CLAIM_PATH = "/session/claim"
END_PATH = "/session/end"


def _current_token(request: Request) -> str | None:
    return sessions.unseal(resources.settings().resolved_secret(), request.cookies.get(sessions.COOKIE_NAME))


def _claim(ticket: str, previous: str | None) -> str | None:
    try:
        with resources.cursor() as cur:
            return sessions.claim_ticket(cur, ticket, previous)
    except AuthError:
        return None


def _end(token: str | None) -> None:
    if token:
        with resources.cursor() as cur:
            sessions.end_session(cur, token)


async def claim(request: Request) -> Response:
    """POST {"ticket": ...}: 204 with the session cookie, or 403 for an unknown, used or expired ticket.

    Only JSON is read: another site cannot send that without a CORS preflight, which nothing here answers, so
    it cannot sign a visitor's browser into the attacker's account."""
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return Response(status_code=415)
    try:
        body = await request.json()
    except ValueError:
        return Response(status_code=400)
    ticket = body.get("ticket") if isinstance(body, dict) else None
    if not isinstance(ticket, str) or not ticket:
        return Response(status_code=400)
    token = await run_in_threadpool(_claim, ticket, _current_token(request))
    if token is None:
        return Response(status_code=403)
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        sessions.COOKIE_NAME,
        sessions.seal(resources.settings().resolved_secret(), token),
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


async def end(request: Request) -> Response:
    """POST: revoke the cookie's session (if any) and clear the cookie; always 204."""
    await run_in_threadpool(_end, _current_token(request))
    response = Response(status_code=204, headers={"Cache-Control": "no-store"})
    response.delete_cookie(sessions.COOKIE_NAME, path="/", httponly=True, samesite="strict")
    return response


ROUTES = [Route(CLAIM_PATH, claim, methods=["POST"]), Route(END_PATH, end, methods=["POST"])]
