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
from urllib.parse import parse_qs, urlsplit

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


def venue_url(public_url: str, token: str) -> str:
    """The self check-in URL printed in a venue poster's QR: the light poster page (lib.ui.poster_page), which
    costs the server a fraction of a Streamlit session; `/checkin?v=` (the Streamlit page) still accepts it."""
    return f"{public_url.rstrip('/')}/poster?v={token}"


def token_from_scan(text: str) -> str:
    """The token inside a scanned payload: the `v` parameter of a poster URL, or the text itself."""
    if not isinstance(text, str) or not text or len(text) > MAX_SCAN_LENGTH:
        raise InvalidCodeError("code.foreign")
    text = text.strip()
    if text.lower().startswith(("http://", "https://")):
        try:
            values = parse_qs(urlsplit(text).query).get("v", [])
        except ValueError as exc:
            raise InvalidCodeError("code.foreign") from exc
        if len(values) != 1:
            raise InvalidCodeError("code.foreign")
        return values[0]
    return text
