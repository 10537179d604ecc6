"""Which role may open which page: the single table read by the router and by every page's own guard."""

from __future__ import annotations

from lib.access.users import Role, User

PUBLIC = "public"

# page key -> roles allowed ("public" pages need no sign-in)
PAGE_ROLES: dict[str, frozenset[str]] = {
    "home": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD, Role.HEALTH, Role.STAFF}),
    "venues": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD}),
    "check_qr": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD}),
    "declaration": frozenset({PUBLIC}),
    "checkin": frozenset({PUBLIC}),
    "scan": frozenset({Role.ADMIN, Role.OFFICE, Role.STAFF}),
    "footfall": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD}),
    "compliance": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD}),
    "reports": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD}),
    "risk": frozenset({Role.ADMIN, Role.HEALTH, Role.WARD}),
    "tracing": frozenset({Role.ADMIN, Role.HEALTH}),
    "cards": frozenset({Role.ADMIN, Role.HEALTH, Role.WARD}),
    "users": frozenset({Role.ADMIN}),
    "privacy": frozenset({Role.ADMIN}),
    "password": frozenset({Role.ADMIN, Role.OFFICE, Role.WARD, Role.HEALTH, Role.STAFF}),
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


# who may revoke a lost personal card and issue a new one: health city-wide (tracing, cards), and the ward chair
# for their own ward's households (cards), where a resident who lost a card goes; lib.people.cards checks the scope
REISSUE_CARD_ROLES = PAGE_ROLES["cards"]


def may_reissue_card(user: User) -> bool:
    """Whether this user may revoke a person's code and reissue their card (lib.people.cards)."""
    return user.role in REISSUE_CARD_ROLES and not user.must_change_password


def pages_for(user: User | None) -> list[str]:
    """The pages a user sees in navigation, in the table's order."""
    return [page for page in PAGE_ROLES if may_open(user, page)]
