"""Which role may open which page: the single table read by the router and by every page's own guard."""

from __future__ import annotations

from lib.access.users import User

PUBLIC = "public"

# page key -> roles allowed ("public" pages need no sign-in)
PAGE_ROLES: dict[str, frozenset[str]] = {
    "home": frozenset({"admin", "office", "ward", "health", "staff"}),
    "venues": frozenset({"admin", "office", "ward"}),
    "check_qr": frozenset({"admin", "office", "ward"}),
    "declaration": frozenset({PUBLIC}),
    "checkin": frozenset({PUBLIC}),
    "scan": frozenset({"admin", "office", "staff"}),
    "footfall": frozenset({"admin", "office", "ward"}),
    "compliance": frozenset({"admin", "office", "ward"}),
    "risk": frozenset({"admin", "health", "ward"}),
    "tracing": frozenset({"admin", "health"}),
    "users": frozenset({"admin"}),
    "privacy": frozenset({"admin"}),
    "password": frozenset({"admin", "office", "ward", "health", "staff"}),
}


def is_public(page: str) -> bool:
    """Public pages (declaration, self check-in) are reached from a phone without an account."""
    return PUBLIC in PAGE_ROLES[page]


def may_open(user: User | None, page: str) -> bool:
    """Whether this user (None: not signed in) may open the page."""
    if is_public(page):
        return True
    if user is not None and user.must_change_password and page != "password":
        return False  # a printed or reset password opens nothing but its own change
    return user is not None and user.role in PAGE_ROLES[page]


def pages_for(user: User | None) -> list[str]:
    """The pages a user sees in navigation, in the table's order."""
    return [page for page in PAGE_ROLES if may_open(user, page)]
