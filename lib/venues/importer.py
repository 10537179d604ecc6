"""Bulk venue import from the files offices really keep.

The table is found and read by lib.platform.table_reading (title blocks, merged headings, the right sheet,
old encodings); the venue fields and the headings offices write for them ("STT, Tên cơ sở, Loại hình, Tỉnh/TP,
Quận/Huyện, Phường/Xã, Địa chỉ...") are lib.venues.import_fields'. This module reads categories from everyday
words ("Chợ", "Trường học", "Chùa") and units in every common spelling ("TP. Sa Đéc", "P.1"). The officer sees
which column became which field and may change it (`mapping`); `preview` judges every row, listing all of its
errors, each named by the column as the file calls it; `import_rows` saves the valid rows only (an event that
has already ended only once confirmed). A file holds at most `MAX_ROWS` rows (uploads.MAX_TABLE_ROWS, the one
cap): checking a row costs a few milliseconds of the server that everyone shares (20,000 rows took 154 s), so
a longer list is split.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import duckdb
import pandas as pd

from lib.access.users import User
from lib.platform import admin_units, i18n, table_reading, unit_names, uploads
from lib.platform.errors import AppError, ConflictError, FormErrors, InvalidInputError
from lib.platform.table_reading import SourceTable, sentence
from lib.platform.times import LOCAL_TZ
from lib.platform.validation import match_key
from lib.venues import categories
from lib.venues.import_fields import BY_NAME, FIELDS, REQUIRED, TEMPLATE_HEADINGS  # noqa: F401 (re-exported)
from lib.venues.registry import KnownVenues, VenueInput, create_venue, has_ended, validate

MAX_ROWS = uploads.MAX_TABLE_ROWS
# validate()'s field names -> this module's fields
_FORM_FIELD = {"ward_code": "ward", "province_code": "province", "district_code": "district"}


@dataclass(frozen=True)
class RowResult:
    row: int  # line number in the file (or its sheet)
    data: VenueInput | None
    reason: str | None  # None when valid; else every error of the row, each named by its column


def read_file(name: str, raw: bytes, max_rows: int | None = MAX_ROWS) -> SourceTable:
    """The table of an upload with its guessed heading -> field mapping; InvalidInputError for a wrong file or
    more than `max_rows` rows (None: no cap, for the operator's own command line)."""
    return table_reading.read(name, raw, FIELDS, max_rows)


def read_table(name: str, raw: bytes, max_rows: int | None = MAX_ROWS) -> pd.DataFrame:
    """The rows of an upload under the file's own headings, indexed by line (the guess applies in preview)."""
    return read_file(name, raw, max_rows).frame


def guess_mapping(headings: list[str]) -> dict[str, str]:
    """Heading -> field for the headings this module recognises."""
    return table_reading.guess_mapping([str(h) for h in headings], FIELDS)


def check_mapping(mapping: dict[str, str]) -> None:
    """Raises MissingFields when a required field has no column, or a field has two."""
    chosen = list(mapping.values())
    twice = sorted({f for f in chosen if chosen.count(f) > 1})
    if twice:
        raise table_reading.MissingFields("imp.field_twice", tuple(BY_NAME[f].label_key for f in twice))
    missing = tuple(f.label_key for f in FIELDS if f.required and f.name not in chosen)
    if missing:
        raise table_reading.MissingFields("imp.missing_fields", missing)


def _number(text: str, key: str) -> int | None:
    text = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return None
    if not text.lstrip("-").isdigit():
        raise InvalidInputError(key)
    return int(text)


def _moment(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%H:%M %d/%m/%Y"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=LOCAL_TZ)
        except ValueError:
            continue
    raise InvalidInputError("imp.date", value=text[:30])


def _row_input(
    cur: duckdb.DuckDBPyConnection, get: Callable[[str], str], province: str, district: str, errors: dict[str, AppError]
) -> VenueInput:
    """The row as a VenueInput; every field that cannot be read is recorded in `errors` (field -> error)."""

    def attempt(field: str, fn: Callable[..., object], *args: object) -> object:
        try:
            return fn(*args)
        except InvalidInputError as err:
            errors[field] = err
            return None

    province_code = province
    if get("province").strip():
        province_code = cast(str | None, attempt("province", unit_names.find, cur, "2021", "province", None, get("province")))
    district_code = district
    if get("district").strip():
        district_code = cast(str | None, attempt("district", unit_names.find, cur, "2021", "district", province_code, get("district")))
    scheme, ward_code = admin_units.SCHEME_2021, None
    if get("ward").strip() and district_code and province_code:
        found = cast(tuple[str, str] | None, attempt("ward", unit_names.find_ward, cur, district_code, get("ward")))
        scheme, ward_code = found or (scheme, None)
    if scheme == admin_units.SCHEME_2025:  # today's ward: in the province the district went into, no district
        province_code, district_code = admin_units.province_now(cur, district_code or ""), None
    category = cast(str | None, attempt("category", categories.find, get("category"))) if get("category").strip() else ""
    return VenueInput(
        name=get("name"),
        category=category or "",
        scheme=scheme,
        province_code=province_code or "",
        district_code=(district_code or "") if scheme == admin_units.SCHEME_2021 else None,
        ward_code=ward_code or "",
        address=get("address"),
        registrant_name=get("registrant_name"),
        registrant_phone=get("registrant_phone"),
        staff_phones=tuple(p for p in get("staff_phones").replace(";", ",").replace("\n", ",").split(",") if p.strip()),
        capacity=cast(int | None, attempt("capacity", _number, get("capacity"), "val.capacity")),
        default_stay_minutes=cast(int | None, attempt("default_stay_minutes", _number, get("default_stay_minutes"), "val.stay")),
        opening_hours=get("opening_hours"),
        starts_at=cast(datetime | None, attempt("starts_at", _moment, get("starts_at"))),
        ends_at=cast(datetime | None, attempt("ends_at", _moment, get("ends_at"))),
    )


def _judge(
    cur: duckdb.DuckDBPyConnection, user: User, row: pd.Series, columns: dict[str, str], province: str, district: str, lang: str
) -> tuple[VenueInput | None, str | None]:
    """(clean venue, None) or (None, every error of the row named by its column)."""
    errors: dict[str, AppError] = {}
    data = _row_input(cur, lambda f: str(row[columns[f]]) if f in columns else "", province, district, errors)
    clean = None
    try:
        clean = validate(cur, data, user)
    except FormErrors as err:
        for form_field, error in err.fields.items():
            field = _FORM_FIELD.get(form_field, form_field)
            if field == "ward" and ({"province", "district"} & errors.keys()):
                continue  # the place is already wrong higher up; "choose a ward" would only repeat it
            errors.setdefault(field, error)
    if not errors:
        return clean, None
    named = [
        f"{columns.get(f.name) or i18n.t(f.label_key, lang)}: {errors[f.name].message(lang).rstrip('.')}"
        for f in FIELDS
        if f.name in errors
    ]
    return None, sentence("; ".join(named))


def preview(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    frame: pd.DataFrame,
    province: str,
    district: str,
    lang: str = "vi",
    mapping: dict[str, str] | None = None,
) -> list[RowResult]:
    """Check every row as the registry would, plus duplicates within the file; nothing is saved. `mapping` (heading
    -> field as the officer confirmed it; the guess when None) says which column is which. A blank province or
    district is the city this server serves (`province`, `district`). MissingFields when a field has no column, or two."""
    mapping = guess_mapping(list(frame.columns)) if mapping is None else mapping
    check_mapping(mapping)
    columns = {field: heading for heading, field in mapping.items()}
    results: list[RowResult] = []
    seen: dict[tuple[str, str, str, str], int] = {}
    known = KnownVenues(cur)
    for label, row in frame.fillna("").astype(str).iterrows():
        line = int(cast(int, label))  # read_table numbers the rows by their line in the file
        clean, reason = _judge(cur, user, row, columns, province, district, lang)
        if clean is None:
            results.append(RowResult(line, None, reason))
            continue
        key = (clean.scheme, clean.ward_code, match_key(clean.name), match_key(clean.address))
        existing = known.duplicates(clean)
        if key in seen:
            results.append(RowResult(line, None, i18n.t("imp.dup_file", lang, line=seen[key])))
        elif existing:
            results.append(RowResult(line, None, i18n.t("imp.dup_registry", lang, names=", ".join(existing))))
        else:
            seen[key] = line
            results.append(RowResult(line, clean, None))
    return results


def import_rows(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    results: list[RowResult],
    progress: Callable[[int, int], object] | None = None,
    confirm_past_end: bool = False,
) -> list[str]:
    """Register the valid rows (duplicates were already judged in the preview); returns the new codes. Events
    whose end has passed raise ConflictError, naming their lines, unless confirmed (as a registration does)."""
    valid = [r.data for r in results if r.data is not None]
    ended = [str(r.row) for r in results if r.data is not None and has_ended(r.data)]
    if ended and not confirm_past_end:
        raise ConflictError("imp.past_end", n=len(ended), lines=", ".join(ended))
    created = []
    for n, data in enumerate(valid, start=1):
        created.append(create_venue(cur, user, data, confirm_duplicate=True, confirm_past_end=True))
        if progress:
            progress(n, len(valid))
    return created


def _status_key(result: RowResult) -> str:
    """A row's status in the preview: wrong, valid, or valid but an event that has already ended ("Đã kết thúc")."""
    if result.data is None:
        return "imp.wrong"
    return "status.ended" if has_ended(result.data) else "imp.ok"


def report_frame(frame: pd.DataFrame, results: list[RowResult], lang: str = "vi") -> pd.DataFrame:
    """The file's rows with line, status and reason columns: the preview table and the rejected-rows report."""
    out = frame.copy()
    by_line = {r.row: r for r in results}
    out.insert(0, "dong", out.index)
    out.insert(1, "trang_thai", [i18n.t(_status_key(by_line[i]), lang) for i in out.index])
    out.insert(2, "ly_do", [by_line[i].reason or "" for i in out.index])
    return out.reset_index(drop=True)
