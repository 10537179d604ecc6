"""Health declarations ("tờ khai y tế") for a household ("khai hộ") recorded: the people, the risk level with its
reasons, follow-up items for risky answers, and each person's signed personal code; card holders registered at
the door. The form and its validation are lib.people.declaration_form's.

A person's code is `tokens.sign(secret, PERSON, person_id, code_version)`: no personal data inside, the same
across declarations, revoked by bumping `people.code_version`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

import duckdb

from lib.access import rate_limits
from lib.access.rate_limits import Client
from lib.codes import tokens
from lib.people import identity
from lib.people.declaration_form import RELATIONSHIPS, Address, Answers, PersonForm, check_address, validate_person
from lib.platform.db import scalar, transaction
from lib.platform.errors import FormErrors, InvalidInputError, NotFoundError
from lib.platform.times import now_utc


class RiskLevel(StrEnum):
    """A declaration's colour, equal to `declarations.risk_level`."""

    GREEN = "green"  # nothing declared
    YELLOW = "yellow"  # travel or an outbreak area
    RED = "red"  # symptoms or contact with a case


@dataclass(frozen=True)
class Declared:
    """What the page shows after submitting: one entry per person."""

    person_id: int
    token: str
    masked_name: str
    declared_at: datetime
    risk_level: str
    risk_reasons: tuple[str, ...]


def assess_risk(answers: Answers) -> tuple[RiskLevel, tuple[str, ...]]:
    """Red: symptoms or contact with a case; yellow: travel or outbreak area; green: none."""
    reasons = tuple(
        r
        for r, yes in (
            ("symptoms", bool(answers.symptoms)),
            ("contact_case", answers.contact_case),
            ("travel", answers.travelled),
            ("outbreak_area", answers.outbreak_area),
        )
        if yes
    )
    if {"symptoms", "contact_case"} & set(reasons):
        return RiskLevel.RED, reasons
    return (RiskLevel.YELLOW if reasons else RiskLevel.GREEN), reasons


def declare_household(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    owner: PersonForm,
    relatives: list[PersonForm],
    address: Address,
    consent: bool,
    now: datetime | None = None,
    client: Client | None = None,
) -> list[Declared]:
    """Validate everything first (nothing is stored if any field is wrong), then count the declaration against
    the public limits (per client, per owner phone, globally: a form with typos does not count), then create
    the people, their declarations and follow-ups in one transaction. Raises FormErrors with '<person>.<field>'
    keys and ConflictError over a limit."""
    errors: dict[str, InvalidInputError] = {}
    owner = validate_person("p0", owner, errors, phone_required=True)
    for n, relative in enumerate(relatives, start=1):  # chosen, never assumed: a child is not a spouse by default
        if relative.relationship not in RELATIONSHIPS[1:]:
            errors[f"p{n}.relationship"] = InvalidInputError("val.relationship", field="relationship")
    relatives = [validate_person(f"p{n}", r, errors, phone_required=False) for n, r in enumerate(relatives, start=1)]
    address = check_address(cur, address, errors)
    if not consent:
        errors["consent"] = InvalidInputError("val.consent", field="consent")
    if errors:
        raise FormErrors(errors)
    now = now or now_utc()
    if client is not None:
        rate_limits.allow(cur, secret, "declare", client=client, phone=owner.phone, now=now)
    with transaction(cur):
        owner_id = int(scalar(cur.execute("SELECT nextval('people_seq')")))
        results = [_store(cur, secret, owner_id, owner_id, owner, address, owner.phone, now)]
        for relative in relatives:
            person_id = int(scalar(cur.execute("SELECT nextval('people_seq')")))
            results.append(_store(cur, secret, person_id, owner_id, relative, address, owner.phone, now))
    return results


def _store(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    person_id: int,
    household_id: int,
    person: PersonForm,
    address: Address,
    owner_phone: str,
    now: datetime,
) -> Declared:
    cur.execute(
        "INSERT INTO people (person_id, household_id, relationship, owner_phone, full_name, birth_year, gender,"
        " nationality, scheme, province_code, district_code, ward_code, address, phone, id_hash, id_last4,"
        " insurance_hash, insurance_last4) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            person_id,
            household_id,
            person.relationship if person_id != household_id else "self",
            owner_phone,
            person.full_name,
            person.birth_year,
            person.gender,
            person.nationality,
            address.scheme,
            address.province_code,
            address.district_code,
            address.ward_code,
            address.street,
            person.phone or None,
            identity.id_hash(secret, person.id_number) if person.id_number else None,
            person.id_number[-4:] or None,
            identity.insurance_hash(secret, person.insurance_no) if person.insurance_no else None,
            person.insurance_no[-4:] or None,
        ],
    )
    return record_declaration(cur, secret, person_id, household_id if person_id != household_id else None, person.answers, now)


def record_declaration(
    cur: duckdb.DuckDBPyConnection, secret: str, person_id: int, declared_by: int | None, answers: Answers, now: datetime | None = None
) -> Declared:
    """A new declaration for an existing person (declaring again keeps the person's code); NotFoundError when the
    person is not (or no longer) on file, checked before anything is written."""
    now = now or now_utc()
    person = cur.execute("SELECT full_name, code_version FROM people WHERE person_id = ?", [person_id]).fetchone()
    if person is None:
        raise NotFoundError("err.household_not_found")
    name, version = person
    level, reasons = assess_risk(answers)
    declaration_id = int(scalar(cur.execute("SELECT nextval('declarations_seq')")))
    cur.execute(
        "INSERT INTO declarations (declaration_id, person_id, declared_by, declared_at, symptoms, symptom_details,"
        " contact_case, contact_details, travelled, travel_details, outbreak_area, outbreak_details, consent,"
        " risk_level, risk_reasons) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?)",
        [
            declaration_id,
            person_id,
            declared_by,
            now,
            list(answers.symptoms),
            answers.symptom_details or None,
            answers.contact_case,
            answers.contact_details or None,
            answers.travelled,
            answers.travel_details or None,
            answers.outbreak_area,
            answers.outbreak_details or None,
            level,
            list(reasons),
        ],
    )
    if level != RiskLevel.GREEN:
        cur.execute(
            "INSERT INTO risk_followups (followup_id, person_id, declaration_id, source, reasons)"
            " VALUES (nextval('followups_seq'), ?, ?, 'declaration', ?)",
            [person_id, declaration_id, list(reasons)],
        )
    token = tokens.sign(secret, tokens.PERSON, str(person_id), int(version))
    return Declared(person_id, token, identity.mask_name(name), now, level, reasons)


def find_by_citizen_id(cur: duckdb.DuckDBPyConnection, secret: str, id_number: str) -> int | None:
    """The person whose keyed ID hash matches a presented card, if any."""
    row = cur.execute(
        "SELECT person_id FROM people WHERE id_hash = ? ORDER BY person_id LIMIT 1", [identity.id_hash(secret, id_number)]
    ).fetchone()
    return int(row[0]) if row else None


def register_from_card(cur: duckdb.DuckDBPyConnection, secret: str, card, address: Address) -> int:
    """Register an unknown card holder from the card's data, after the staff confirmed it; returns person_id.

    Only what the purpose needs is kept: name, birth year, gender, the keyed hash and last four ID digits.
    """
    existing = find_by_citizen_id(cur, secret, card.id_number)
    if existing is not None:
        return existing
    person_id = int(scalar(cur.execute("SELECT nextval('people_seq')")))
    cur.execute(
        "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code,"
        " district_code, ward_code, address, id_hash, id_last4) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            person_id,
            person_id,
            identity.person_name(card.full_name),
            card.birth_date.year,
            card.gender or "Khác",
            address.scheme,
            address.province_code,
            address.district_code,
            address.ward_code,
            address.street,
            identity.id_hash(secret, card.id_number),
            card.id_number[-4:],
        ],
    )
    return person_id
