"""Expected venue counts per ward and category, entered in a grid or imported from a file by the culture and
information office; the compliance page divides registered venues by them to give an adoption rate."""

from __future__ import annotations

import numbers

import duckdb
import pandas as pd

from lib.access import audit
from lib.access.users import Role, User
from lib.platform.errors import InvalidInputError, PermissionDeniedError
from lib.platform.frames import frame_of, named_rows
from lib.venues import categories
from lib.venues.importer import read_table

EDITORS = (Role.ADMIN, Role.OFFICE)
FILE_COLUMNS = ("phuong_xa", "loai_hinh", "so_du_kien")  # ward code, category code, expected count
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
    return frame_of(cur.execute(sql, {"scheme": scheme}))


def grid(cur: duckdb.DuckDBPyConnection, scheme: str) -> pd.DataFrame:
    """One row per ward (code, name), one column per category code, the expected count or NA."""
    wards = wards_for(cur, scheme)
    rows = frame_of(cur.execute("SELECT ward_code, category, expected FROM expected_venues WHERE scheme = ?", [scheme]))
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


def _check_keys(cur: duckdb.DuckDBPyConnection, scheme: str, ward: str, category: str, where: str) -> None:
    if category not in categories.BY_CODE:
        raise InvalidInputError("target.bad_category", field="category", where=where, value=category[:40])
    known = cur.execute("SELECT 1 FROM admin_units WHERE scheme = ? AND level = 'ward' AND code = ?", [scheme, ward]).fetchone()
    if known is None:
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


def import_file(cur: duckdb.DuckDBPyConnection, user: User, scheme: str, name: str, raw: bytes) -> int:
    """Import `phuong_xa, loai_hinh, so_du_kien` rows (CSV or Excel); the whole file is refused, naming the
    line, when any row is wrong, so a half-imported target table never exists."""
    _require_editor(user)
    table = read_table(name, raw, required=FILE_COLUMNS, known=FILE_COLUMNS)
    cells = []
    for line, row in table.iterrows():
        where = str(line)
        ward, category = str(row["phuong_xa"]).strip(), str(row["loai_hinh"]).strip()
        _check_keys(cur, scheme, ward, category, where)
        count = _count(row["so_du_kien"], where)
        if count is None:
            raise InvalidInputError("target.bad_count", field="expected", where=where, value="")
        cells.append((ward, category, count))
    if not cells:
        raise InvalidInputError("target.empty_file", field="file")
    return _save(cur, user, scheme, cells, "import_expected_venues")
