"""A venue's QR code over its life: the signed poster token, rotation, printing, and "Kiểm tra mã QR" —
telling a current poster from an outdated, forged or foreign one. The venue shown always comes from the
database, never from the code's text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

import duckdb

from lib.access import audit
from lib.access.scope import CITY, Scope, scope_for, venue_clause
from lib.access.users import User
from lib.codes import rendering, tokens
from lib.platform.config import Settings
from lib.platform.db import scalar
from lib.platform.errors import InvalidCodeError, NotFoundError
from lib.platform.i18n import t
from lib.platform.times import format_datetime, now_utc, to_local
from lib.venues.lookup import Venue, full_address, get_venue, shown_status
from lib.venues.registry import normalize_venue_code


class CodeCheck(StrEnum):
    """What checking a scanned venue poster found (stored in `code_checks.result`)."""

    CURRENT = "current"  # the poster's version is the venue's current one
    OUTDATED = "outdated"  # an older version: the code was rotated since it was printed
    FORGED = "forged"  # the signature does not verify
    CLOSED = "closed"  # the venue is closed
    SUSPENDED = "suspended"  # the venue is suspended: check-ins are refused until it reopens
    ENDED = "ended"  # a temporary event that is over: the poster should come down
    UNKNOWN = "unknown"  # signed, but no such venue
    FOREIGN = "foreign"  # not a code of this system
    PERSON = "person"  # a personal code, not a venue poster
    FOREIGN_LINK = "foreign_link"  # a link that is not this server's check-in page (a phishing poster if it carries our token)
    BARE_TOKEN = "bare_token"  # a venue token without this server's link: no poster of this system prints that


CURRENT, OUTDATED, FORGED, CLOSED, SUSPENDED, ENDED, UNKNOWN, FOREIGN, PERSON, FOREIGN_LINK, BARE_TOKEN = tuple(
    CodeCheck
)  # the names callers use


def venue_token(secret: str, venue: Venue) -> str:
    return tokens.sign(secret, tokens.VENUE, venue.venue_id, int(venue.code_version))


def poster_for(cur: duckdb.DuckDBPyConnection, settings: Settings, venue: Venue, printed_on: date | None = None) -> rendering.Poster:
    """What one poster shows, for the venue's current code version, with the health hotline and, for a
    temporary event, its dates."""
    url = tokens.venue_url(settings.public_url, venue_token(settings.resolved_secret(), venue))
    return rendering.Poster(
        venue.venue_id,
        venue.name,
        full_address(cur, venue),
        url,
        int(venue.code_version),
        printed_on or to_local(now_utc()).date(),
        settings.issuing_authority,
        tuple(t("poster.hotline", lang, hotline=settings.health_hotline) for lang in ("vi", "en")),
        event_dates(venue),
    )


def event_dates(venue: Venue) -> str:
    """The poster line of a temporary event's window in Vietnam time ("" for a permanent venue): a visitor
    sees the dates the code works, and a poster left up after the event says it is over."""
    if venue.starts_at is None and venue.ends_at is None:
        return ""
    return t("poster.event_dates", "vi", starts=format_datetime(venue.starts_at) or "…", ends=format_datetime(venue.ends_at) or "…")


@dataclass(frozen=True)
class BulkPrint:
    """The posters of a bulk print and how many venues were left out, by reason (a shown status)."""

    posters: list[rendering.Poster]
    left_out: dict[str, int]


NOT_PRINTED = (CLOSED, ENDED)  # a closed venue or an event that is over must not get a fresh poster on a wall


def posters_for(cur: duckdb.DuckDBPyConnection, settings: Settings, scope: Scope, venue_ids: list[str]) -> BulkPrint:
    """Posters of several venues in scope, in the order given (for bulk PDF and ZIP downloads), leaving out
    closed venues and ended events: a filtered list printed in bulk would otherwise post codes that refuse
    every check-in."""
    now = now_utc()
    sheets: list[rendering.Poster] = []
    left_out: dict[str, int] = {}
    for venue_id in venue_ids:
        venue = get_venue(cur, scope, venue_id)
        status = shown_status(venue, now)
        if status in NOT_PRINTED:
            left_out[status] = left_out.get(status, 0) + 1
        else:
            sheets.append(poster_for(cur, settings, venue))
    return BulkPrint(sheets, left_out)


def rotate_code(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str) -> int:
    """Issue a new code version: every older poster of the venue now reads as outdated."""
    get_venue(cur, scope_for(user), venue_id)
    version = scalar(
        cur.execute(
            "UPDATE venues SET code_version = code_version + 1, code_printed_at = NULL, updated_at = now()"
            " WHERE venue_id = ? RETURNING code_version",
            [venue_id],
        )
    )
    audit.record(cur, user, "rotate_code", target=venue_id, details={"version": int(version)})
    return int(version)


def record_printed(cur: duckdb.DuckDBPyConnection, user: User, venue_ids: list[str], versions: dict[str, int] | None = None) -> None:
    """Remember that the current codes of these venues (in scope) were printed now. With `versions` (the code
    version on each printed poster), a venue whose code was rotated since is not marked: an outdated poster
    is not its current one."""
    scope = scope_for(user)
    cur.execute(
        f"UPDATE venues v SET code_printed_at = now() WHERE list_contains($ids, v.venue_id) AND {venue_clause(scope)}"
        " AND ($printed IS NULL OR list_contains($printed, v.venue_id || ':' || v.code_version))",
        {
            **scope.params(),
            "ids": list(venue_ids),
            "printed": [f"{v}:{n}" for v, n in versions.items()] if versions is not None else None,
        },
    )
    audit.record(cur, user, "print_codes", row_count=len(venue_ids), target=",".join(venue_ids[:20]))


@dataclass(frozen=True)
class CheckResult:
    status: str
    venue: Venue | None = None
    scanned_version: int | None = None


def check_scanned(cur: duckdb.DuckDBPyConnection, user: User, secret: str, scanned: str, public_url: str) -> CheckResult:
    """Judge a decoded poster payload and record the check. A poster is valid only as this server's own link
    (`{public_url}/checkin?v=<token>`: scheme, host and path): any other link is FOREIGN_LINK whatever token it
    carries, a venue token without the link is BARE_TOKEN; outside the scope reads unknown."""
    bare = not tokens.is_link(str(scanned or ""))
    try:
        token = tokens.verify(secret, tokens.token_from_scan(scanned, public_url))
    except InvalidCodeError as err:
        status = {"code.forged": FORGED, "code.foreign_link": FOREIGN_LINK}.get(err.key, FOREIGN)
        return _record(cur, user, CheckResult(status))
    if token.kind == tokens.PERSON:
        return _record(cur, user, CheckResult(PERSON))
    if bare:
        return _record(cur, user, CheckResult(BARE_TOKEN))
    return _judge(cur, user, token.subject, token.version)


def check_typed_code(cur: duckdb.DuckDBPyConnection, user: User, typed: str) -> CheckResult:
    """A venue code typed from a poster: tells which venue and its status (no version to compare)."""
    return _judge(cur, user, normalize_venue_code(typed), None)


def _judge(cur: duckdb.DuckDBPyConnection, user: User, venue_id: str, version: int | None) -> CheckResult:
    try:
        venue = get_venue(cur, scope_for(user), venue_id)
    except NotFoundError:
        return _record(cur, user, CheckResult(UNKNOWN, scanned_version=version))
    if venue.status == "closed":
        status = CLOSED
    elif venue.status == "suspended":
        status = SUSPENDED  # a current-looking poster of a venue that refuses check-ins is not "current"
    elif venue.ends_at is not None and now_utc() > venue.ends_at:
        status = ENDED
    elif version is not None and version < venue.code_version:
        status = OUTDATED
    elif version is not None and version > venue.code_version:
        status = FORGED  # a validly signed future version cannot exist unless the secret leaked
    else:
        status = CURRENT
    return _record(cur, user, CheckResult(status, venue, version))


def _record(cur: duckdb.DuckDBPyConnection, user: User, result: CheckResult) -> CheckResult:
    venue_id = result.venue.venue_id if result.venue else None
    cur.execute(
        "INSERT INTO code_checks (venue_id, checked_by, result, scanned_version) VALUES (?, ?, ?, ?)",
        [venue_id, user.user_id, result.status, result.scanned_version],
    )
    if result.status == CURRENT and result.scanned_version is not None:
        cur.execute("UPDATE venues SET code_checked_at = now() WHERE venue_id = ?", [venue_id])
    return result


@dataclass(frozen=True)
class PosterVisit:
    """What a phone that opened a poster link may be told: the venue (from the database) and, when a
    check-in must be refused, why."""

    venue: Venue
    refusal: str | None  # i18n key, None when check-in is allowed now


def open_poster(cur: duckdb.DuckDBPyConnection, secret: str, token_text: str, now: datetime | None = None) -> PosterVisit:
    """Resolve a poster token for the public self check-in page; raises InvalidCodeError for foreign,
    forged or unknown codes. Temporary venues refuse check-ins outside their start-end window."""
    token = tokens.verify(secret, token_text)
    if token.kind != tokens.VENUE:
        raise InvalidCodeError("code.foreign")
    try:
        venue = get_venue(cur, Scope(CITY), token.subject)  # public: any venue of this server's city
    except NotFoundError as exc:
        raise InvalidCodeError("code.foreign") from exc
    return PosterVisit(venue, checkin_refusal(venue, token.version, now or now_utc()))


def checkin_refusal(venue: Venue, version: int, now: datetime) -> str | None:
    """Why a check-in with this code must be refused now (i18n key), or None."""
    if version < venue.code_version:
        return "poster.outdated"
    if venue.status != "active":
        return f"poster.{venue.status}"
    if venue.starts_at is not None and now < venue.starts_at:
        return "poster.not_started"
    if venue.ends_at is not None and now > venue.ends_at:
        return "poster.ended"
    return None
