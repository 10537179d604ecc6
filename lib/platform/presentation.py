"""How tables look to people: one place for every table, chart and export.

A frame from the library holds codes, UTC moments, booleans and raw column names. `for_screen` turns it into
what a person reads — headers from the catalogue, labels for codes (categories, statuses, kinds, methods,
roles, reasons), ward names instead of codes, dd/mm/yyyy HH:MM in Vietnam time, Có/Không, nothing shown as
"None" or "nan". `for_export` gives the same headers and labels but keeps numbers as numbers and moments as
moments, so lib.platform.spreadsheets writes Excel numbers and Excel dates (formula-safe).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from lib.platform.i18n import CATALOGUE, format_number, t
from lib.platform.times import format_date, format_datetime

# raw column -> catalogue key of its header, where it is not simply "col.<column>"
HEADERS = {
    "full_name": "col.name",
    "venue_name": "col.venue",
    "ward_code": "col.ward",
    "ward_name": "col.ward",
    "checked_in_at": "col.checked_in",
    "checked_out_at": "col.checked_out",
    "last_login_at": "col.last_login",
    "risk_level": "col.risk",
    "risk_reasons": "col.reasons",
    "moment": "col.time",
    "started": "col.checked_in",
    "ended": "col.checked_out",
    "left_at": "col.checked_out",
}
# a column whose values are codes -> catalogue templates tried in turn ("lbl.<column>.<value>" is always tried first)
LABELS = {
    "category": ("cat.{}",),
    "role": ("role.{}",),
    "risk_level": ("risk.{}",),
    "status": ("status.{}", "rq.status.{}"),
    "kind": ("decl.kind_{}",),
    "source": ("rq.source.{}",),
    "reasons": ("reason.{}",),
    "risk_reasons": ("reason.{}",),
    "scheme": ("picker.scheme_{}",),
    "ward_scheme": ("picker.scheme_{}",),
}
# codes that become columns in pivots (a category per column, a status per column)
_HEADER_TEMPLATES = ("cat.{}", "rq.status.{}")
PERCENT = frozenset({"adoption", "active_share"})


def header(column: object, lang: str) -> str:
    """The localised header of a raw column name (the name itself when the catalogue has none)."""
    name = str(column)
    for key in (HEADERS.get(name, ""), f"col.{name}", *(template.format(name) for template in _HEADER_TEMPLATES)):
        if key in CATALOGUE:
            return t(key, lang)
    return name


def has_header(column: object) -> bool:
    """Whether the catalogue names this column (a test keeps every shown table labelled)."""
    name = str(column)
    return any(key in CATALOGUE for key in (HEADERS.get(name, ""), f"col.{name}", *(tpl.format(name) for tpl in _HEADER_TEMPLATES)))


def label(column: str, value: object, lang: str) -> object:
    """The label of a code in a column ("factory" -> "Nhà máy, xí nghiệp"); other values unchanged."""
    if not isinstance(value, str):
        return value
    for key in (f"lbl.{column}.{value}", *(template.format(value) for template in LABELS.get(column, ()))):
        if key in CATALOGUE:
            return t(key, lang)
    return value


def for_screen(frame: pd.DataFrame, lang: str, wards: Mapping[str, str] | None = None, hide: Iterable[str] = ()) -> pd.DataFrame:
    """A copy to show in st.dataframe: every value text a person reads, numbers kept numeric where complete
    (so they still sort), missing values blank."""
    out = _prepared(frame, wards, hide)
    for column, values in list(out.items()):
        out[column] = _screen_column(str(column), values, lang)
    out.columns = _unique([header(c, lang) for c in out.columns])
    return out


def for_export(frame: pd.DataFrame, lang: str, wards: Mapping[str, str] | None = None, hide: Iterable[str] = ()) -> pd.DataFrame:
    """A copy for CSV and Excel: headers and labels as on screen, numbers as numbers, moments as moments
    (aware, shown in Vietnam time by the writer), calendar days as dates, Có/Không, missing values empty."""
    out = _prepared(frame, wards, hide)
    for column, values in list(out.items()):
        out[column] = _export_column(str(column), values, lang)
    out.columns = _unique([header(c, lang) for c in out.columns])
    return out


def _unique(headers: list[str]) -> list[str]:
    """Two columns with the same header (a table and a grid cannot show that) get a number."""
    seen: dict[str, int] = {}
    out = []
    for name in headers:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _prepared(frame: pd.DataFrame, wards: Mapping[str, str] | None, hide: Iterable[str]) -> pd.DataFrame:
    """Hidden columns dropped; ward codes become names (a frame that already has ward_name keeps only that).
    A `ward_scheme` column only says which scheme the row's ward code is in (codes are reused across schemes):
    it names the ward and is not shown."""
    out = frame.drop(columns=[c for c in hide if c in frame.columns]).copy()
    if "ward_code" in out.columns:
        if "ward_name" in out.columns:
            out = out.drop(columns=["ward_code"])
        elif wards:
            scheme_column = next((c for c in ("ward_scheme", "scheme") if c in out.columns), None)
            schemes = out[scheme_column] if scheme_column else pd.Series([None] * len(out), index=out.index)
            out["ward_code"] = [
                wards.get(f"{scheme}:{code}", wards.get(str(code), code)) if _present(code) else None
                for code, scheme in zip(out["ward_code"], schemes, strict=True)
            ]
        out = out.drop(columns=[c for c in ("ward_scheme",) if c in out.columns])
    return out


def _screen_column(column: str, values: pd.Series, lang: str) -> pd.Series:
    if column in PERCENT:
        return pd.Series([_percent(v) for v in values], index=values.index, dtype=object)
    if pd.api.types.is_bool_dtype(values):
        return pd.Series([_yes_no(v, lang) for v in values], index=values.index, dtype=object)
    if pd.api.types.is_datetime64_any_dtype(values):
        calendar = _is_calendar(values)
        return pd.Series([_screen_value(column, v, lang, calendar) for v in values], index=values.index, dtype=object)
    if pd.api.types.is_numeric_dtype(values):
        if values.isna().any():
            return pd.Series([_screen_value(column, v, lang) for v in values], index=values.index, dtype=object)
        if pd.api.types.is_float_dtype(values) and bool((values == values.round()).all()):
            return values.astype("int64")
        return values
    return pd.Series([_screen_value(column, v, lang) for v in values], index=values.index, dtype=object)


def _screen_value(column: str, value: object, lang: str, calendar: bool = False) -> object:
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(label(column, v, lang)) for v in value)
    if not _present(value):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return _yes_no(value, lang)
    if isinstance(value, datetime):
        return format_date(value.date()) if calendar or _is_calendar_value(value) else format_datetime(value)
    if isinstance(value, date):
        return format_date(value)
    if isinstance(value, (float, np.floating)):
        return format_number(int(value)) if float(value).is_integer() else f"{float(value):.1f}".replace(".", ",")
    if isinstance(value, (int, np.integer)):
        return int(value)
    return label(column, value, lang)


def _export_column(column: str, values: pd.Series, lang: str) -> pd.Series:
    if pd.api.types.is_bool_dtype(values):
        return pd.Series([_yes_no(v, lang) for v in values], index=values.index, dtype=object)
    if pd.api.types.is_datetime64_any_dtype(values):
        if _is_calendar(values):
            return pd.Series([v.date() if _present(v) else None for v in values], index=values.index, dtype=object)
        return values
    if pd.api.types.is_numeric_dtype(values):
        return values
    return pd.Series([_export_value(column, v, lang) for v in values], index=values.index, dtype=object)


def _export_value(column: str, value: object, lang: str) -> Any:
    if isinstance(value, (list, tuple, np.ndarray)):
        return ", ".join(str(label(column, v, lang)) for v in value)
    if not _present(value):
        return None
    if isinstance(value, (bool, np.bool_)):
        return _yes_no(value, lang)
    if isinstance(value, datetime) and _is_calendar_value(value):
        return value.date()
    return label(column, value, lang)


def _yes_no(value: object, lang: str) -> str:
    if not _present(value):
        return ""
    return t("lbl.yes", lang) if bool(value) else t("lbl.no", lang)


def _percent(value: object) -> str:
    if not _present(value) or not isinstance(value, (int, float, np.integer, np.floating)):
        return ""
    return f"{float(value) * 100:.1f} %".replace(".", ",")


def _is_calendar(values: pd.Series) -> bool:
    """A DATE column read from the database: naive, every value at midnight."""
    if getattr(values.dtype, "tz", None) is not None:
        return False
    present = values.dropna()
    return bool(len(present)) and bool((present.dt.normalize() == present).all())


def _is_calendar_value(value: datetime) -> bool:
    return value.tzinfo is None and (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0)


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, (list, tuple, np.ndarray)):
        return True
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):
        return True


def ward_names(cur: Any) -> dict[str, str]:
    """Ward names by "scheme:code" and by code alone. The two schemes reuse codes for different wards, so a
    code alone names the ward of the scheme the city's venues use with that code (both names when they use
    both, or when none uses it and the schemes differ)."""
    rows = cur.execute(
        "SELECT u.code, u.scheme, u.name, EXISTS (SELECT 1 FROM venues v WHERE v.scheme = u.scheme AND v.ward_code = u.code)"
        " FROM admin_units u WHERE u.level = 'ward' ORDER BY u.code, u.scheme"
    ).fetchall()
    names: dict[str, str] = {}
    by_code: dict[str, list[tuple[str, bool]]] = {}
    for code, scheme, name, used in rows:
        names[f"{scheme}:{code}"] = str(name)
        by_code.setdefault(str(code), []).append((str(name), bool(used)))
    for code, candidates in by_code.items():
        chosen = [n for n, used in candidates if used] or [n for n, _ in candidates]
        names[code] = " / ".join(dict.fromkeys(chosen))
    return names
