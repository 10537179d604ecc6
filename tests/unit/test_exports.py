"""Exports: formulas neutralised, real names, e-mails and +84 phones untouched, Excel cells are text."""

import io

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from lib.platform.spreadsheets import csv_bytes, safe_cell, xlsx_bytes


def test_formulas_neutralised_and_real_values_kept():
    assert safe_cell('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("-2+3+cmd|' /C calc'!A0") == "'-2+3+cmd|' /C calc'!A0"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("+84 912 345 678") == "+84 912 345 678"
    assert safe_cell("Hồ Yến Nhi") == "Hồ Yến Nhi"
    assert safe_cell("an.nguyen@sadec.gov.vn") == "an.nguyen@sadec.gov.vn"
    assert safe_cell(-12) == -12


@given(st.text(min_size=1))
def test_no_cell_ever_starts_a_formula(text):
    out = safe_cell(text)
    assert not out.startswith(("=", "@", "\t", "\r")) or out.startswith("'")
    assert out == text or out == "'" + text


def test_csv_has_bom_and_xlsx_cells_are_text():
    frame = pd.DataFrame({"name": ["=1+1", "Trần Thị Mai"], "phone": ["+84912345678", "0912345678"]})
    data = csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf") and "'=1+1" in data.decode("utf-8-sig")
    sheet = load_workbook(io.BytesIO(xlsx_bytes(frame))).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[1] == ["'=1+1", "+84912345678"] and values[2] == ["Trần Thị Mai", "0912345678"]
    assert all(isinstance(v, str) for row in values for v in row)
