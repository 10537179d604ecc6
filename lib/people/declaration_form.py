"""What a household declaration form holds (each person, their 14-day answers, the address) and its validation:
every field cleaned, every error collected at once under '<person>.<field>' keys. Recording the declaration is
lib.people.declarations'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from lib.people import identity
from lib.platform import admin_units
from lib.platform.errors import FormErrors, InvalidInputError
from lib.platform.validation import clean_text, normalize_phone

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


def _clean_answers(prefix: str, a: Answers, errors: dict[str, InvalidInputError]) -> Answers:
    def detail(flag: bool, text: str, name: str, asked: str = "val.details") -> str:
        try:
            value = clean_text(text, f"{prefix}.{name}", 300, required=flag)
        except InvalidInputError as err:
            # only a missing answer asks for details; anything else (too long, control characters) says what it is
            errors[f"{prefix}.{name}"] = InvalidInputError(asked, field=err.field) if flag and err.key == "val.required" else err
            return ""
        return value if flag else ""

    symptoms = tuple(s for s in a.symptoms if s in SYMPTOMS)
    return Answers(
        symptoms,
        detail(bool(symptoms), a.symptom_details, "symptom_details", "val.symptom_details"),  # symptoms are picked, not "Có"
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


def check_address(cur: duckdb.DuckDBPyConnection, address: Address, errors: dict[str, InvalidInputError]) -> Address:
    parent = address.district_code if address.scheme == admin_units.SCHEME_2021 else address.province_code
    if not address.ward_code or not parent or not admin_units.ward_belongs(cur, address.scheme, address.ward_code, parent):
        errors["address.ward_code"] = InvalidInputError("val.ward_missing", field="ward_code")
    try:
        street = clean_text(address.street, "address.street", 200)
    except InvalidInputError as err:
        errors["address.street"] = err
        street = ""
    return Address(address.scheme, address.province_code, address.district_code, address.ward_code, street)


def validated_answers(answers: Answers, prefix: str) -> Answers:
    """Clean a re-declaration's answers; FormErrors keyed '<prefix>.<detail field>' when a "yes" lacks details."""
    errors: dict[str, InvalidInputError] = {}
    clean = _clean_answers(prefix, answers, errors)
    if errors:
        raise FormErrors(errors)
    return clean
