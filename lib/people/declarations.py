"""Health declarations ("tờ khai y tế") for a household ("khai hộ"): validation of every field, the risk
level with its reasons, follow-up items for risky answers, and each person's signed personal code.

A person's code is `tokens.sign(secret, PERSON, person_id, code_version)`: no personal data inside, the same
across declarations, revoked by bumping `people.code_version`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

import duckdb

from lib.codes import tokens
from lib.people import identity
from lib.platform import admin_units
from lib.platform.db import scalar, transaction
from lib.platform.errors import FormErrors, InvalidInputError, NotFoundError
from lib.platform.times import now_utc
from lib.platform.validation import clean_text, normalize_phone


class RiskLevel(StrEnum):
    """A declaration's colour, equal to `declarations.risk_level`."""

    GREEN = "green"  # nothing declared
    YELLOW = "yellow"  # travel or an outbreak area
    RED = "red"  # symptoms or contact with a case


SYMPTOMS = ("fever", "cough", "breath", "throat", "fatigue")
RELATIONSHIPS = ("self", "spouse", "child", "parent", "grandparent", "sibling", "other")


@dataclass(frozen=True)
class Answers:
    """The 14-day questions; a "yes" needs its details."""

    symptoms: tuple[str, ...] = ()
    symptom_details: str = ""
    contact_case: bool = False
    contact_details: str = ""
    travelled: bool = False
    travel_details: str = ""
    outbreak_area: bool = False
    outbreak_details: str = ""


@dataclass(frozen=True)
class PersonForm:
    """One person on the form: the owner (relationship 'self') or a relative."""

    full_name: str
    birth_year: object
    gender: str
    relationship: str = "self"
    phone: str = ""
    id_number: str = ""
    insurance_no: str = ""
    nationality: str = "Việt Nam"
    answers: Answers = field(default_factory=Answers)


@dataclass(frozen=True)
class Address:
    scheme: str
    province_code: str
    district_code: str | None
    ward_code: str
    street: str


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


def _clean_answers(prefix: str, a: Answers, errors: dict[str, InvalidInputError]) -> Answers:
    def detail(flag: bool, text: str, name: str) -> str:
        try:
            value = clean_text(text, f"{prefix}.{name}", 300, required=flag)
        except InvalidInputError as err:
            # only a missing answer asks for details; anything else (too long, control characters) says what it is
            errors[f"{prefix}.{name}"] = InvalidInputError("val.details", field=err.field) if flag and err.key == "val.required" else err
            return ""
        return value if flag else ""

    symptoms = tuple(s for s in a.symptoms if s in SYMPTOMS)
    return Answers(
        symptoms,
        detail(bool(symptoms), a.symptom_details, "symptom_details"),
        a.contact_case,
        detail(a.contact_case, a.contact_details, "contact_details"),
        a.travelled,
        detail(a.travelled, a.travel_details, "travel_details"),
        a.outbreak_area,
        detail(a.outbreak_area, a.outbreak_details, "outbreak_details"),
    )


def validate_person(prefix: str, person: PersonForm, errors: dict[str, InvalidInputError], phone_required: bool) -> PersonForm:
    """Clean one person's fields; errors go into `errors` under '<prefix>.<field>'."""

    def check(name: str, fn, *args):
        try:
            return fn(*args)
        except InvalidInputError as err:
            errors[f"{prefix}.{name}"] = err
            return None

    name = check("full_name", identity.person_name, person.full_name)
    year = check("birth_year", identity.birth_year, person.birth_year)
    if person.gender not in identity.GENDERS:
        errors[f"{prefix}.gender"] = InvalidInputError("val.gender", field="gender")
    phone = check("phone", normalize_phone, person.phone) if (phone_required or str(person.phone).strip()) else ""
    id_number = ""
    if str(person.id_number).strip():  # its own format is checked even when the year is wrong: every error at once
        if year:
            id_number = check("id_number", identity.citizen_id, person.id_number, person.gender, year) or ""
        else:
            check("id_number", identity.citizen_id_digits, person.id_number)
    insurance = check("insurance_no", identity.insurance_number, person.insurance_no) if str(person.insurance_no).strip() else ""
    nationality = check("nationality", clean_text, person.nationality or "Việt Nam", "nationality", 60)
    relationship = person.relationship if person.relationship in RELATIONSHIPS else "other"
    answers = _clean_answers(prefix, person.answers, errors)
    return PersonForm(
        name or "", year or 0, person.gender, relationship, phone or "", id_number, insurance or "", nationality or "Việt Nam", answers
    )


def _check_address(cur: duckdb.DuckDBPyConnection, address: Address, errors: dict[str, InvalidInputError]) -> Address:
    parent = address.district_code if address.scheme == admin_units.SCHEME_2021 else address.province_code
    if not address.ward_code or not parent or not admin_units.ward_belongs(cur, address.scheme, address.ward_code, parent):
        errors["address.ward_code"] = InvalidInputError("val.ward_missing", field="ward_code")
    try:
        street = clean_text(address.street, "address.street", 200)
    except InvalidInputError as err:
        errors["address.street"] = err
        street = ""
    return Address(address.scheme, address.province_code, address.district_code, address.ward_code, street)


def declare_household(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    owner: PersonForm,
    relatives: list[PersonForm],
    address: Address,
    consent: bool,
    now: datetime | None = None,
) -> list[Declared]:
    """Validate everything first (nothing is stored if any field is wrong), then create the people, their
    declarations and follow-ups in one transaction. Raises FormErrors with '<person>.<field>' keys."""
    errors: dict[str, InvalidInputError] = {}
    owner = validate_person("p0", owner, errors, phone_required=True)
    relatives = [validate_person(f"p{n}", r, errors, phone_required=False) for n, r in enumerate(relatives, start=1)]
    address = _check_address(cur, address, errors)
    if not consent:
        errors["consent"] = InvalidInputError("val.consent", field="consent")
    if errors:
        raise FormErrors(errors)
    now = now or now_utc()
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
        " insurance_no) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            person.insurance_no or None,
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


def validated_answers(answers: Answers, prefix: str) -> Answers:
    """Clean a re-declaration's answers; FormErrors keyed '<prefix>.<detail field>' when a "yes" lacks details."""
    errors: dict[str, InvalidInputError] = {}
    clean = _clean_answers(prefix, answers, errors)
    if errors:
        raise FormErrors(errors)
    return clean


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
