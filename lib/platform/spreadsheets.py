"""Downloads that are safe to open in Excel: CSV (UTF-8 with BOM so Excel reads diacritics) and .xlsx with
typed cells: numbers as numbers, moments as Excel dates in Vietnam time (dd/mm/yyyy hh:mm), text as text.
A text cell that would start a formula (=, +, -, @, tab, carriage return) is prefixed with an apostrophe —
except real phone numbers like +84 912 345 678 and plain negative numbers, which Excel does not run as
formulas. Headers and labels come from lib.platform.presentation; this module only writes cells.
"""

from __future__ import annotations

import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import numpy as np
import pandas as pd

from lib.platform.times import LOCAL_TZ

_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_HARMLESS = re.compile(r"^[+-]\d[\d .()-]*$")  # +84 912 345 678, -12, +1 (212) 555: no formula, no tab or CR
DATETIME_FORMAT, DATE_FORMAT = "dd/mm/yyyy hh:mm", "dd/mm/yyyy"


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
    """UTF-8 with BOM, so Excel on Windows shows Vietnamese diacritics correctly; moments as dd/mm/yyyy HH:MM
    in Vietnam time."""
    out = frame.copy()
    for column in out.columns:
        if any(isinstance(v, (datetime, date)) for v in out[column]) or pd.api.types.is_datetime64_any_dtype(out[column]):
            out[column] = [_csv_moment(v) for v in out[column]]
    return safe_frame(out).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame: pd.DataFrame, sheet: str = "Sheet1") -> bytes:
    """One sheet with typed, formula-safe cells."""
    return xlsx_workbook({sheet: frame})


def xlsx_workbook(sheets: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame: numbers as numbers, moments as Excel dates, text neutralised."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for name, frame in sheets.items():
        ws = book.create_sheet(name[:31])
        ws.append([str(safe_cell(str(c))) for c in frame.columns])
        for row in frame.itertuples(index=False):
            cells = []
            for value in row:
                typed, number_format = excel_value(value)
                cell = WriteOnlyCell(ws, value=typed)
                if isinstance(typed, str):
                    cell.data_type = "s"  # never a formula, whatever openpyxl guesses
                if number_format:
                    cell.number_format = number_format
                cells.append(cell)
            ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def excel_value(value: object) -> tuple[Any, str | None]:
    """The value to write and its number format: None for missing, int/float for numbers, a naive Vietnam
    datetime (or date) for moments, formula-safe text for everything else (lists joined by commas)."""
    if _missing(value):
        return None, None
    if isinstance(value, (bool, np.bool_)):
        return bool(value), None
    if isinstance(value, (int, np.integer)):
        return int(value), None
    if isinstance(value, (float, np.floating)):
        number = float(value)
        return (int(number) if number.is_integer() and abs(number) < 2**53 else number), None
    if isinstance(value, datetime):  # pd.Timestamp included; Excel has no time zones: Vietnam time
        moment = value.astimezone(LOCAL_TZ) if value.tzinfo else value
        if isinstance(moment, pd.Timestamp):
            moment = moment.to_pydatetime()
        return moment.replace(tzinfo=None), DATETIME_FORMAT
    if isinstance(value, date):
        return value, DATE_FORMAT
    if isinstance(value, (list, tuple, np.ndarray)):
        return safe_cell(", ".join(str(v) for v in value)), None
    return safe_cell(str(value)), None


def _csv_moment(value: object) -> object:
    if _missing(value):
        return ""
    if isinstance(value, datetime):
        return (value.astimezone(LOCAL_TZ) if value.tzinfo else value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def _missing(value: object) -> bool:
    """None, NaN or NaT — without tripping over list cells (symptoms, reasons), which are never missing."""
    if value is None:
        return True
    if isinstance(value, str):
        return False
    if isinstance(value, float):
        return math.isnan(value)
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class PickList:
    """A drop-down for one column of a template: the values (written on the lists sheet under `title`) and
    the prompt and error texts Excel shows."""

    column: str
    title: str
    values: tuple[str, ...]
    prompt: str
    error: str


def xlsx_template(sheet: str, frame: pd.DataFrame, lists_sheet: str, picks: tuple[PickList, ...], rows: int) -> bytes:
    """A fill-in workbook: `frame` (headings and example rows) on `sheet` with bold, frozen, wide headings;
    each PickList's values in a column of `lists_sheet` and a drop-down validation on its column for `rows`
    rows (Excel warns on other values but lets the office keep them: the importer reads everyday words)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = sheet[:31]
    ws.append([str(safe_cell(str(c))) for c in frame.columns])
    for row in frame.itertuples(index=False):
        ws.append([excel_value(v)[0] for v in row])
    for i, column in enumerate(frame.columns, start=1):
        ws.cell(row=1, column=i).font = Font(bold=True)
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(str(column)) + 4)
    ws.freeze_panes = "A2"
    lists = book.create_sheet(lists_sheet[:31])
    for n, pick in enumerate(picks, start=1):
        letter = get_column_letter(n)
        lists.cell(row=1, column=n, value=pick.title).font = Font(bold=True)
        for r, value in enumerate(pick.values, start=2):
            lists.cell(row=r, column=n, value=str(safe_cell(value)))
        lists.column_dimensions[letter].width = max(len(v) for v in (pick.title, *pick.values)) + 2
        target = get_column_letter(list(frame.columns).index(pick.column) + 1)
        source = f"{quote_sheetname(lists.title)}!${letter}$2:${letter}${len(pick.values) + 1}"
        check = DataValidation(type="list", formula1=source, allow_blank=True, showDropDown=False, errorStyle="warning")
        check.prompt, check.error, check.promptTitle = pick.prompt, pick.error, pick.title
        check.showInputMessage = check.showErrorMessage = True
        check.add(f"{target}2:{target}{rows + 1}")
        ws.add_data_validation(check)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
