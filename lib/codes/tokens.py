"""Signed opaque tokens carried by QR codes: HMAC-SHA256 under the server secret, never personal data.

Format: `C1.<kind>.<subject>.<version>.<signature>` where kind is V (venue) or P (person), subject is the
venue code or person number, version is the code version (bump it to outdate posters or revoke a personal
code), and the signature is the first 16 bytes of HMAC-SHA256 over the rest, base64url without padding.
A venue poster carries the self check-in URL `{public_url}/poster?v=<token>` (the light poster page) so any
phone camera opens it.
Parsing never raises anything but InvalidCodeError.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lib.platform.errors import InvalidCodeError

PREFIX = "C1"
VENUE = "V"
PERSON = "P"
_SIG_BYTES = 16
_TOKEN = re.compile(r"^C1\.([VP])\.([0-9A-Z]{1,20})\.([1-9][0-9]{0,5})\.([A-Za-z0-9_-]{22})$")
MAX_SCAN_LENGTH = 2048


@dataclass(frozen=True)
class Token:
    kind: str
    subject: str
    version: int


def _signature(secret: str, body: str) -> str:
    digest = hmac.new(secret.encode(), body.encode(), hashlib.sha256).digest()[:_SIG_BYTES]
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def sign(secret: str, kind: str, subject: str, version: int) -> str:
    """A token for a venue code or a person number at a code version."""
    if kind not in (VENUE, PERSON) or not re.fullmatch(r"[0-9A-Z]{1,20}", subject) or not 1 <= version < 10**6:
        raise ValueError("token fields out of range")
    body = f"{PREFIX}.{kind}.{subject}.{version}"
    return f"{body}.{_signature(secret, body)}"


def verify(secret: str, token: str) -> Token:
    """Check shape and signature; raises InvalidCodeError('code.foreign') or ('code.forged')."""
    if not isinstance(token, str):
        raise InvalidCodeError("code.foreign")
    match = _TOKEN.match(token.strip())
    if not match:
        raise InvalidCodeError("code.foreign")
    kind, subject, version, signature = match.groups()
    body = f"{PREFIX}.{kind}.{subject}.{version}"
    if not hmac.compare_digest(_signature(secret, body), signature):
        raise InvalidCodeError("code.forged")
    return Token(kind, subject, int(version))


POSTER_PATH = "/poster"  # the light poster page's path (lib.ui.poster_page serves it)


def venue_url(public_url: str, token: str) -> str:
    """The self check-in URL printed in a venue poster's QR: the light poster page (lib.ui.poster_page), which
    costs the server a fraction of a Streamlit session; `/checkin?v=` (the Streamlit page) still accepts it."""
    return f"{public_url.rstrip('/')}{POSTER_PATH}?v={token}"


def token_from_scan(text: str, public_url: str = "") -> str:
    """The token inside a scanned or pasted payload: the text itself, or the `v` parameter of a link only
    when the link is this server's own self check-in page (`poster_token`). Every other link raises
    InvalidCodeError('code.foreign_link'): a genuine token inside a foreign address is a phishing poster."""
    if not isinstance(text, str) or not text or len(text) > MAX_SCAN_LENGTH:
        raise InvalidCodeError("code.foreign")
    text = text.strip()
    if is_link(text):
        return poster_token(text, public_url)
    return text


_LINK = re.compile(r"^([a-z][a-z0-9+.-]{0,30}://|//|\\\\|www\.|(javascript|data|vbscript|file|blob|intent):)", re.IGNORECASE)


def is_link(text: str) -> bool:
    """Whether a payload is a link: it starts with a scheme and `//`, `//host`, `www.` or a scheme that runs
    or loads something (`javascript:`, `data:`...). Text that merely contains a link (an ID card's address) is not."""
    return bool(_LINK.match(str(text or "").strip()))


def poster_token(text: str, public_url: str) -> str:
    """The venue token of a poster link, only when the link is exactly `{public_url}/poster?v=<token>` (the light
    poster page, lib.ui.poster_page) or `{public_url}/checkin?v=<token>` (the Streamlit page of older posters): the
    same scheme, host and port, no user part, the same path, one `v` parameter and nothing else, written as a
    token is written (no percent-encoding, no spaces or backslashes). Raises InvalidCodeError('code.foreign_link')
    for every other link, look-alikes included (another host, `host@evil`, `host.evil`, another path, `%2F`)."""
    foreign = InvalidCodeError("code.foreign_link")
    own = _own_poster_base(public_url)
    if own is None or not isinstance(text, str) or len(text) > MAX_SCAN_LENGTH:
        raise foreign
    text = text.strip()
    if not re.fullmatch(r"[A-Za-z0-9:/?=._~-]+", text):  # no %, @, \\, #, &, spaces, controls or non-ASCII
        raise foreign
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        raise foreign from None
    scheme, host, default_port, path = own
    same_place = (
        parts.scheme.lower() == scheme
        and parts.username is None
        and parts.password is None
        and (parts.hostname or "") == host
        and (port or _DEFAULT_PORTS.get(parts.scheme.lower())) == default_port
        and parts.path in (path + POSTER_PATH, path + "/checkin")
        and not parts.fragment
    )
    match = re.fullmatch(r"v=([A-Za-z0-9._-]{1,200})", parts.query)
    if not same_place or match is None:
        raise foreign
    return match.group(1)


_DEFAULT_PORTS = {"http": 80, "https": 443}


def _own_poster_base(public_url: str) -> tuple[str, str, int, str] | None:
    """(scheme, host, port, path under which its pages live) of this server's public URL; None when it has none."""
    try:
        parts = urlsplit(str(public_url or "").strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        return None
    return scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[scheme], parts.path.rstrip("/")
