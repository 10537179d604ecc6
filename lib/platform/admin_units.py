"""Administrative units in both schemes (2021 three-level, 2025 two-level) and the old-to-new ward mapping.

Units are loaded at first start from the `vietnamadminunits` package's bundled SQLite data; codes are
official statistics-office codes kept as text. Everything matches on (scheme, code), never on names.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import vietnamadminunits

from lib.platform import db
from lib.platform.db import scalar
from lib.platform.errors import InvalidInputError, NotFoundError

SCHEME_2021 = "2021"
SCHEME_2025 = "2025"
SCHEMES = (SCHEME_2021, SCHEME_2025)
# A CTE `wmap (old_ward_code, new_ward)`: the ward each 2021 ward is reported under now, the 2025 ward it went into
# (the one it went into whole when it was split, else the lowest code); compliance and footfall count by it.
WARD_NOW_CTE = """wmap AS (
    SELECT old_ward_code,
           coalesce(min(new_ward_code) FILTER (WHERE merge_type = 'full'), min(new_ward_code)) AS new_ward
    FROM ward_mapping
    GROUP BY old_ward_code
)"""


def ward_now_columns(alias: str, only_when: str = "TRUE") -> str:
    """Select-list columns rward, rscheme: the ward (and its scheme) a row of `alias` (scheme, ward_code) is
    reported under, with WARD_NOW_CTE joined as `m`; `only_when` an SQL condition for rolling old wards up at all
    (a compliance report in the 2021 scheme keeps them as they are)."""
    mapped = f"({only_when}) AND {alias}.scheme = '2021' AND m.new_ward IS NOT NULL"
    return (
        f"CASE WHEN {mapped} THEN m.new_ward ELSE {alias}.ward_code END AS rward,"
        f" CASE WHEN {mapped} THEN '2025' ELSE {alias}.scheme END AS rscheme"
    )


def wards_now(cur: duckdb.DuckDBPyConnection, rows_sql: str, params: dict[str, object]) -> list[tuple[str, str, str]]:
    """(scheme, ward code, name) of the wards a set of rows is reported under now, by name, for a ward filter.

    `rows_sql` is a fixed query (never user text) selecting `scheme, ward_code` (venues, people), bound with
    `params`. A row in a 2021 ward is offered under the 2025 ward it went into (WARD_NOW_CTE), so a filter
    offers today's wards while old data stays stored as it was; a 2021 ward without a mapping is offered as it is.
    """
    sql = (
        f"WITH {WARD_NOW_CTE}, r AS ({rows_sql}),"
        f" w AS (SELECT DISTINCT {ward_now_columns('r')} FROM r LEFT JOIN wmap m ON m.old_ward_code = r.ward_code)"
        " SELECT w.rscheme, w.rward, coalesce(u.name, w.rward) FROM w"
        " LEFT JOIN admin_units u ON u.scheme = w.rscheme AND u.level = 'ward' AND u.code = w.rward ORDER BY 3, 2"
    )
    return [(str(scheme), str(code), str(name)) for scheme, code, name in cur.execute(sql, params).fetchall()]


def ward_now(cur: duckdb.DuckDBPyConnection, scheme: str, ward_code: str) -> tuple[str, str]:
    """(scheme, code) of the ward a stored ward is today: a 2021 ward's 2025 ward (the one it went into whole,
    else the lowest code), any other ward itself; unchanged when no mapping says where it went."""
    if scheme != SCHEME_2021:
        return scheme, ward_code
    row = cur.execute(f"WITH {WARD_NOW_CTE} SELECT new_ward FROM wmap WHERE old_ward_code = ?", [ward_code]).fetchone()
    return (SCHEME_2025, str(row[0])) if row else (scheme, ward_code)


def province_now(cur: duckdb.DuckDBPyConnection, district_code: str) -> str | None:
    """The 2025 province a 2021 district's wards went into (the mapping tells; provinces merged in 2025, so
    Sa Đéc's 87 became 82), or None when no mapping covers the district."""
    row = cur.execute(
        """
        SELECT min(u.province_code)
        FROM admin_units o
        JOIN ward_mapping m ON m.old_ward_code = o.code
        JOIN admin_units u ON u.scheme = '2025' AND u.level = 'ward' AND u.code = m.new_ward_code
        WHERE o.scheme = '2021' AND o.level = 'ward' AND o.parent_code = $district
        """,
        {"district": district_code},
    ).fetchone()
    return str(row[0]) if row and row[0] is not None else None


def city_wards(cur: duckdb.DuckDBPyConnection, district_code: str) -> list[tuple[str, str, str]]:
    """(scheme, code, name) of the wards a ward chair of this city can hold: today's (2025) wards of the
    province the city's district went into, then the city's wards before July 2025. A picker offers these by
    name instead of asking an administrator for a bare code (Phường Sa Đéc is 29905 in both schemes)."""
    province = province_now(cur, district_code)
    today = [(SCHEME_2025, code, name) for code, name in wards(cur, SCHEME_2025, province)] if province else []
    return today + [(SCHEME_2021, code, name) for code, name in wards(cur, SCHEME_2021, district_code)]


def district_wards_now(cur: duckdb.DuckDBPyConnection, district_code: str) -> list[tuple[str, str]]:
    """(code, name) of today's (2025) wards that a 2021 district's wards went into, by name: the city's own
    wards of today (Sa Đéc: Phường Sa Đéc, Xã Tân Dương), not the whole merged province's."""
    rows = cur.execute(
        """
        SELECT DISTINCT u.code, u.name
        FROM admin_units o
        JOIN ward_mapping m ON m.old_ward_code = o.code
        JOIN admin_units u ON u.scheme = '2025' AND u.level = 'ward' AND u.code = m.new_ward_code
        WHERE o.scheme = '2021' AND o.level = 'ward' AND o.parent_code = $district
        ORDER BY u.name, u.code
        """,
        {"district": district_code},
    ).fetchall()
    return [(str(code), str(name)) for code, name in rows]


SA_DEC_MAPPING = Path(__file__).resolve().parents[2] / "data" / "ward_mapping_sa_dec.csv"


def _package_dataset() -> Path:
    return Path(vietnamadminunits.__file__).resolve().parent / "data" / "dataset.db"


def _package_units() -> pd.DataFrame:
    """All units of both schemes from the package, in the admin_units table's shape."""
    with sqlite3.connect(f"file:{_package_dataset()}?mode=ro", uri=True) as src:
        legacy = pd.read_sql_query(
            "SELECT provinceCode, province, districtCode, district, districtType, wardCode, ward, wardType FROM admin_units_legacy",
            src,
        )
        current = pd.read_sql_query("SELECT provinceCode, province, wardCode, ward, wardType FROM admin_units", src)
    frames = [
        _units(legacy, SCHEME_2021, "province", "provinceCode", "province", None, None),
        _units(legacy, SCHEME_2021, "district", "districtCode", "district", "districtType", "provinceCode"),
        _units(legacy, SCHEME_2021, "ward", "wardCode", "ward", "wardType", "districtCode"),
        _units(current, SCHEME_2025, "province", "provinceCode", "province", None, None),
        _units(current, SCHEME_2025, "ward", "wardCode", "ward", "wardType", "provinceCode"),
    ]
    return pd.concat(frames, ignore_index=True)


def _units(df: pd.DataFrame, scheme: str, level: str, code: str, name: str, kind: str | None, parent: str | None) -> pd.DataFrame:
    """One level of one scheme, deduplicated (the package repeats parents on every ward row)."""
    out = pd.DataFrame(
        {
            "scheme": scheme,
            "level": level,
            "code": df[code],
            "name": df[name],
            "unit_type": df[kind] if kind else df[name].str.extract(r"^(Tỉnh|Thành phố)", expand=False),
            "parent_code": df[parent] if parent else None,
            "province_code": df["provinceCode"],
        }
    )
    # Island districts without wards appear with an empty ward code: they are not wards.
    return out.dropna(subset=["code"]).drop_duplicates(subset=["code"])


def load_units(cur: duckdb.DuckDBPyConnection) -> int:
    """Load both schemes once (no-op when units exist); returns the number of units present."""
    present = scalar(cur.execute("SELECT count(*) FROM admin_units"))
    if present:
        return int(present)
    units = _package_units()
    cur.register("units_df", units)
    try:
        cur.execute("INSERT INTO admin_units SELECT scheme, level, code, name, unit_type, parent_code, province_code FROM units_df")
    finally:
        cur.unregister("units_df")
    return len(units)


def import_ward_mapping(cur: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Import an official old-to-new conversion table (columns old_ward_code,new_ward_code; more allowed).

    Re-importing replaces the pairs of the old wards in the file, so a corrected table can be loaded again.
    """
    if not Path(path).exists():
        raise NotFoundError("err.file_missing", path=str(path))
    frame = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    frame.columns = [c.strip().lower() for c in frame.columns]
    if not {"old_ward_code", "new_ward_code"} <= set(frame.columns):
        raise InvalidInputError("err.mapping_columns")
    frame = frame.loc[(frame["old_ward_code"].str.strip() != "") & (frame["new_ward_code"].str.strip() != "")]
    pairs = pd.DataFrame(
        {
            "old_ward_code": frame["old_ward_code"].str.strip(),
            "new_ward_code": frame["new_ward_code"].str.strip(),
            "merge_type": frame["merge_type"].str.strip() if "merge_type" in frame else None,
        }
    ).drop_duplicates(subset=["old_ward_code", "new_ward_code"])
    cur.register("mapping_df", pairs)
    try:
        cur.execute("DELETE FROM ward_mapping WHERE old_ward_code IN (SELECT old_ward_code FROM mapping_df)")
        cur.execute("INSERT INTO ward_mapping SELECT old_ward_code, new_ward_code, merge_type FROM mapping_df")
    finally:
        cur.unregister("mapping_df")
    return len(pairs)


def provinces(cur: duckdb.DuckDBPyConnection, scheme: str) -> list[tuple[str, str]]:
    """(code, name) of the provinces of a scheme, by name."""
    return _children(cur, scheme, "province", None)


def districts(cur: duckdb.DuckDBPyConnection, province_code: str) -> list[tuple[str, str]]:
    """(code, name) of a province's districts (2021 scheme only: the 2025 scheme has none)."""
    return _children(cur, SCHEME_2021, "district", province_code)


def wards(cur: duckdb.DuckDBPyConnection, scheme: str, parent_code: str) -> list[tuple[str, str]]:
    """(code, name) of the wards under a district (2021) or a province (2025)."""
    return _children(cur, scheme, "ward", parent_code)


# (root connection id, scheme, level, parent) -> (code, name) of the units under it. An import checks every row's
# province, district and ward against these lists: asked of the database each time, a 2,000-row file spent over a
# minute in some 9,000 identical queries. Units are loaded once, into an empty table, and never edited.
_CHILDREN: dict[tuple[int, str, str, str | None], list[tuple[str, str]]] = {}


def _children(cur: duckdb.DuckDBPyConnection, scheme: str, level: str, parent: str | None) -> list[tuple[str, str]]:
    """The units of `level` under `parent`, by name (remembered per database once any exist)."""
    try:
        key: tuple[int, str, str, str | None] | None = (id(db.root_of(cur)), scheme, level, parent)
    except KeyError:  # a connection not opened through db.cursor: ask the database every time
        key = None
    if key is not None and key in _CHILDREN:
        return list(_CHILDREN[key])  # a copy: callers may sort or extend theirs
    rows = cur.execute(
        """
        SELECT code, name
        FROM admin_units
        WHERE scheme = $scheme AND level = $level AND ($parent IS NULL OR parent_code = $parent)
        ORDER BY name, code
        """,
        {"scheme": scheme, "level": level, "parent": parent},
    ).fetchall()
    found = [(str(r[0]), str(r[1])) for r in rows]
    if key is not None and found:  # an empty answer is not kept: the units may not be loaded yet
        _CHILDREN[key] = found
    return list(found)


# (root connection id, scheme, level, code) -> name. Units are loaded once and never edited, so a name read
# from a database stays its name; every page and poster showing an address used to query it (issue 19).
_NAMES: dict[tuple[int, str, str, str], str] = {}


def _forget_names(root: duckdb.DuckDBPyConnection) -> None:
    for key in [k for k in _NAMES if k[0] == id(root)]:
        _NAMES.pop(key, None)
    for unit in [k for k in _CHILDREN if k[0] == id(root)]:
        _CHILDREN.pop(unit, None)


db.on_close(_forget_names)


def unit_name(cur: duckdb.DuckDBPyConnection, scheme: str, level: str, code: str) -> str:
    """The official name of a unit (remembered per database); raises NotFoundError for an unknown code."""
    try:
        key: tuple[int, str, str, str] | None = (id(db.root_of(cur)), scheme, level, code)
    except KeyError:  # a connection not opened through db.cursor: ask the database every time
        key = None
    if key is not None and key in _NAMES:
        return _NAMES[key]
    row = cur.execute("SELECT name FROM admin_units WHERE scheme = ? AND level = ? AND code = ?", [scheme, level, code]).fetchone()
    if row is None:
        raise NotFoundError("err.unit_unknown", code=code)
    if key is not None:
        _NAMES[key] = str(row[0])
    return str(row[0])


def ward_belongs(cur: duckdb.DuckDBPyConnection, scheme: str, ward_code: str, parent_code: str) -> bool:
    """Whether a ward is under the given district (2021) or province (2025)."""
    return any(code == ward_code for code, _ in wards(cur, scheme, parent_code))


def ward_belongs_district(cur: duckdb.DuckDBPyConnection, district_code: str, province_code: str) -> bool:
    """Whether a 2021 district is in the given province."""
    return any(code == district_code for code, _ in districts(cur, province_code))


def new_wards_of(cur: duckdb.DuckDBPyConnection, old_ward_code: str) -> list[str]:
    """The 2025 ward(s) an old ward went into (several when it was split)."""
    rows = cur.execute("SELECT new_ward_code FROM ward_mapping WHERE old_ward_code = ? ORDER BY new_ward_code", [old_ward_code]).fetchall()
    return [r[0] for r in rows]
