"""Downloads that are safe to open in Excel: CSV (UTF-8 with BOM so Excel reads diacritics) and .xlsx
with every cell written as text. A cell that would start a formula (=, +, -, @, tab, carriage return) is
prefixed with an apostrophe — except real phone numbers like +84 912 345 678 and plain negative numbers,
which Excel does not run as formulas.
"""

from __future__ import annotations

import io
import re

import pandas as pd

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"^[+-]\d[\d .()-]*$")  # +84 912 345 678, -12, +1 (212) 555: no formula, no tab or CR


def safe_cell(value: object) -> object:
    """Neutralise a value that Excel would evaluate; numbers and harmless text pass unchanged."""
    if not isinstance(value, str) or not value.startswith(_TRIGGERS):
        return value
    if _HARMLESS.match(value):
        return value
    return "'" + value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) neutralised."""
    out = frame.copy()
    out.columns = [safe_cell(str(c)) for c in out.columns]
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(safe_cell)
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM, so Excel on Windows shows Vietnamese diacritics correctly."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """Every cell written as text, so nothing is evaluated or reformatted."""
    return xlsx_workbook({sheet: frame})


def xlsx_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame, every cell neutralised and written as text."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        ws = book.create_sheet(name[:31])
        safe = safe_frame(frame)
        ws.append([str(c) for c in safe.columns])
        for row in safe.itertuples(index=False):
            ws.append(["" if _missing(v) else str(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _missing(value: object) -> bool:
    """None, NaN or NaT — without tripping over list cells (symptoms, reasons), which are never missing."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False
