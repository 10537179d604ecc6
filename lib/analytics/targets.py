"""Expected venue counts per ward and category, entered in a grid or imported from a file by the culture and
information office; the compliance page divides registered venues by them to give an adoption rate. A file
names wards by code or by name ("Phường 01", "Xã Tân Khánh Đông"), categories by code or everyday word, and
is previewed row by row before it is saved whole."""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import cast

import duckdb
import pandas as pd

from lib.access import audit
from lib.access.users import Role, User
from lib.platform import table_reading, unit_names
from lib.platform.db import named_rows
from lib.platform.errors import InvalidInputError, PermissionDeniedError
from lib.platform.i18n import t
from lib.platform.table_reading import Field, SourceTable
from lib.venues import categories

EDITORS = (Role.ADMIN, Role.OFFICE)
FIELDS: tuple[Field, ...] = (
    Field("ward", "target.f_ward", ("Phường/Xã", "Phường", "Xã", "Đơn vị", "Mã phường", "Mã phường/xã", "phuong_xa", "Ward"), True),
    Field("category", "target.f_category", ("Loại hình", "Loại", "Loại hình cơ sở", "loai_hinh", "Category"), True),
    Field(
        "expected",
        "target.f_expected",
        ("Số dự kiến", "Số lượng dự kiến", "Dự kiến", "Số cơ sở dự kiến", "Chỉ tiêu", "Số lượng", "so_du_kien", "Expected"),
        True,
    ),
)
MAX_EXPECTED = 1_000_000


def _require_editor(user: User) -> None:
    if user.role not in EDITORS:
        raise PermissionDeniedError("err.forbidden")


def wards_for(cur: duckdb.DuckDBPyConnection, scheme: str) -> pd.DataFrame:
    """Wards of the scheme that have venues (directly, or through the old-to-new mapping) or expectations."""
    sql = (
        "WITH codes AS (SELECT ward_code FROM venues WHERE scheme = $scheme"
        " UNION SELECT m.new_ward_code FROM venues v JOIN ward_mapping m ON m.old_ward_code = v.ward_code"
        "   WHERE $scheme = '2025' AND v.scheme = '2021'"
        " UNION SELECT ward_code FROM expected_venues WHERE scheme = $scheme)"
        " SELECT c.ward_code, coalesce(u.name, c.ward_code) AS ward_name FROM codes c"
        " LEFT JOIN admin_units u ON u.scheme = $scheme AND u.level = 'ward' AND u.code = c.ward_code ORDER BY c.ward_code"
    )
    return cur.execute(sql, {"scheme": scheme}).df()


def grid(cur: duckdb.DuckDBPyConnection, scheme: str) -> pd.DataFrame:
    """One row per ward (code, name), one column per category code, the expected count or NA."""
    wards = wards_for(cur, scheme)
    rows = cur.execute("SELECT ward_code, category, expected FROM expected_venues WHERE scheme = ?", [scheme]).df()
    table = rows.pivot_table(index="ward_code", columns="category", values="expected", aggfunc="sum")
    table = table.reindex(index=wards["ward_code"], columns=list(categories.BY_CODE))
    return pd.concat([wards.set_index("ward_code")[["ward_name"]], table.astype("Int64")], axis=1).reset_index()


def _count(value: object, where: str) -> int | None:
    """A cell as a count: blank is 'no expectation'; anything else must be a whole number 0..MAX_EXPECTED."""
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))) or str(value).strip() == "":
        return None
    try:
        if isinstance(value, str):
            number = float(value.strip().replace(".", "").replace(",", ""))
        elif isinstance(value, numbers.Real):  # numpy's integers and floats too
            number = float(value)
        else:
            raise ValueError(value)
    except ValueError:
        raise InvalidInputError("target.bad_count", field="expected", where=where, value=str(value)[:40]) from None
    if not number.is_integer() or not 0 <= number <= MAX_EXPECTED:
        raise InvalidInputError("target.bad_count", field="expected", where=where, value=str(value)[:40])
    return int(number)


def _known_ward(cur: duckdb.DuckDBPyConnection, scheme: str, ward: str) -> bool:
    row = cur.execute("SELECT 1 FROM admin_units WHERE scheme = ? AND level = 'ward' AND code = ?", [scheme, ward]).fetchone()
    return row is not None


def _check_keys(cur: duckdb.DuckDBPyConnection, scheme: str, ward: str, category: str, where: str) -> None:
    if category not in categories.BY_CODE:
        raise InvalidInputError("target.bad_category", field="category", where=where, value=category[:40])
    if not _known_ward(cur, scheme, ward):
        raise InvalidInputError("target.bad_ward", field="ward", where=where, value=ward[:40])


def _save(cur: duckdb.DuckDBPyConnection, user: User, scheme: str, cells: list[tuple[str, str, int | None]], action: str) -> int:
    """Upsert the given (ward, category, count) cells (None deletes); one audit row with the count."""
    for ward, category, expected in cells:
        cur.execute("DELETE FROM expected_venues WHERE scheme = ? AND ward_code = ? AND category = ?", [scheme, ward, category])
        if expected is not None:
            cur.execute(
                "INSERT INTO expected_venues (scheme, ward_code, category, expected, updated_by) VALUES (?, ?, ?, ?, ?)",
                [scheme, ward, category, expected, user.user_id],
            )
    audit.record(cur, user, action, target=scheme, row_count=len(cells))
    return len(cells)


def save_grid(cur: duckdb.DuckDBPyConnection, user: User, scheme: str, edited: pd.DataFrame) -> int:
    """Save a grid as returned by `grid` (after editing); every cell is validated before anything is written."""
    _require_editor(user)
    cells = []
    for row in named_rows(edited):
        ward = str(row.ward_code)
        for category in categories.BY_CODE:
            if category in edited.columns:
                cells.append((ward, category, _count(getattr(row, category), f"{ward} / {category}")))
    for ward, category, _ in cells:
        _check_keys(cur, scheme, ward, category, f"{ward} / {category}")
    return _save(cur, user, scheme, cells, "set_expected_venues")


@dataclass(frozen=True)
class TargetRow:
    """One row of an expected-count file: its line, the (ward, category, count) it sets, or why not."""

    row: int
    cell: tuple[str, str, int] | None
    reason: str | None


def read_file(name: str, raw: bytes) -> SourceTable:
    """The table of an expected-count upload (CSV or Excel, title blocks and merged headings allowed)."""
    return table_reading.read(name, raw, FIELDS)


def _ward_options(cur: duckdb.DuckDBPyConnection, scheme: str, city_district: str | None) -> list[tuple[str, str]]:
    """(code, name) of the wards a file may name: the city's wards (2021), or the 2025 wards they went into,
    and any ward that already has venues or expectations in the scheme."""
    sql = (
        "SELECT u.code, u.name FROM admin_units u WHERE u.scheme = $scheme AND u.level = 'ward' AND ("
        "  ($scheme = '2021' AND u.parent_code = $district)"
        "  OR ($scheme = '2025' AND u.code IN (SELECT m.new_ward_code FROM ward_mapping m JOIN admin_units o"
        "      ON o.scheme = '2021' AND o.level = 'ward' AND o.code = m.old_ward_code WHERE o.parent_code = $district))"
        "  OR u.code IN (SELECT ward_code FROM wards))"
    )
    cur.register("wards", wards_for(cur, scheme)[["ward_code"]])
    try:
        rows = cur.execute(sql, {"scheme": scheme, "district": city_district or ""}).fetchall()
    finally:
        cur.unregister("wards")
    return sorted((str(c), str(n)) for c, n in rows)


def preview_file(
    cur: duckdb.DuckDBPyConnection,
    scheme: str,
    frame: pd.DataFrame,
    mapping: dict[str, str] | None = None,
    city_district: str | None = None,
    lang: str = "vi",
) -> list[TargetRow]:
    """Judge every row: the ward by code or name (any common spelling), the category by code or everyday
    word, a whole count; each error named by the file's own column heading. Raises MissingFields when a
    column is missing."""
    mapping = table_reading.guess_mapping([str(c) for c in frame.columns], FIELDS) if mapping is None else mapping
    chosen = list(mapping.values())
    missing = tuple(f.label_key for f in FIELDS if f.name not in chosen)
    if missing or len(chosen) != len(set(chosen)):
        raise table_reading.MissingFields("imp.missing_fields" if missing else "imp.field_twice", missing or ())
    columns = {field: heading for heading, field in mapping.items()}
    options = _ward_options(cur, scheme, city_district)
    out = []
    for label, series in frame.fillna("").astype(str).iterrows():
        line, errors = int(cast(int, label)), []
        row = {field: str(series[heading]) for field, heading in columns.items()}
        ward = category = count = None
        try:
            ward = unit_names.match(options, "ward", row["ward"])
            if not _known_ward(cur, scheme, ward):
                raise InvalidInputError("imp.unit_unknown", field="ward", name=row["ward"].strip()[:40])
        except InvalidInputError as err:
            errors.append(f"{columns['ward']}: {err.message(lang).rstrip('.')}")
        try:
            category = categories.find(row["category"])
        except InvalidInputError as err:
            errors.append(f"{columns['category']}: {err.message(lang).rstrip('.')}")
        try:
            count = _count(row["expected"], str(line))
            if count is None:
                raise InvalidInputError("val.required", field="expected")
        except InvalidInputError:
            value = row["expected"].strip()[:40]
            errors.append(f"{columns['expected']}: {t('target.count_wrong', lang, value=value)}")
        if errors or ward is None or category is None or count is None:
            out.append(TargetRow(line, None, table_reading.sentence("; ".join(errors))))
        else:
            out.append(TargetRow(line, (ward, category, count), None))
    return out


def save_rows(cur: duckdb.DuckDBPyConnection, user: User, scheme: str, rows: list[TargetRow]) -> int:
    """Save a previewed file, only when every row is valid, so a half-imported target table never exists."""
    _require_editor(user)
    wrong = [r for r in rows if r.cell is None]
    if wrong:
        raise InvalidInputError("target.file_wrong", field="file", line=wrong[0].row, reason=wrong[0].reason or "", n=len(wrong))
    if not rows:
        raise InvalidInputError("target.empty_file", field="file")
    return _save(cur, user, scheme, [r.cell for r in rows if r.cell is not None], "import_expected_venues")


def import_file(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    scheme: str,
    name: str,
    raw: bytes,
    mapping: dict[str, str] | None = None,
    city_district: str | None = None,
) -> int:
    """Read, judge and save an expected-count file in one step (the command line and tests); the whole file
    is refused, naming the first wrong line, when any row is wrong."""
    _require_editor(user)
    table = read_file(name, raw)
    return save_rows(cur, user, scheme, preview_file(cur, scheme, table.frame, mapping, city_district))
