"""Replacing a lost personal card: an officer revokes the person's code (the card, and any copy of it on a phone,
then reads "revoked" at every door) and receives the new one to show or print. Allowed to the roles of
lib.access.permissions (admin and health city-wide, a ward chair for the households of their ward: a resident
who lost a card goes to the ward office), only for a person in their scope, with a stated reason; audited."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from lib.access import audit, permissions
from lib.access.scope import person_clause, scope_for
from lib.access.users import User
from lib.codes import tokens
from lib.people import households, identity
from lib.platform.errors import NotFoundError, PermissionDeniedError
from lib.platform.validation import clean_text


@dataclass(frozen=True)
class NewCard:
    """What the officer hands over: the new personal code, its version and the masked name to print."""

    person_id: int
    token: str
    version: int
    masked_name: str


def reissue_card(cur: duckdb.DuckDBPyConnection, user: User, secret: str, person_id: int, reason: str) -> NewCard:
    """Revoke the person's current code and return the new one. Raises PermissionDeniedError for a role that
    may not, NotFoundError for a person outside the officer's scope, InvalidInputError without a reason."""
    if not permissions.may_reissue_card(user):
        raise PermissionDeniedError("err.forbidden")
    reason = clean_text(reason, "reason", 300)
    scope = scope_for(user)
    # the scope is the household's ward (where its owner declared), so a chair serves a whole family together
    row = cur.execute(
        f"SELECT p.full_name FROM people p JOIN people h ON h.person_id = p.household_id"
        f" WHERE p.person_id = $id AND {person_clause(scope, 'h')}",
        {**scope.params(), "id": person_id},
    ).fetchone()
    if row is None:
        raise NotFoundError("err.household_not_found")
    version = households.revoke_code(cur, person_id, actor=user)
    audit.record(cur, user, "reissue_card", target=str(person_id), reason=reason, details={"version": version})
    return NewCard(person_id, tokens.sign(secret, tokens.PERSON, str(person_id), version), version, identity.mask_name(row[0]))
