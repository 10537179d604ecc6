"""Tables and exports for people: headers, labels, ward names, Vietnam time, Có/Không, Excel numbers and dates."""

import io
from datetime import UTC, date, datetime

import pandas as pd
from openpyxl import load_workbook

from lib.platform import presentation
from lib.platform.i18n import t
from lib.platform.spreadsheets import csv_bytes, xlsx_bytes


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "moment": pd.to_datetime([datetime(2026, 11, 30, 19, 47, tzinfo=UTC), None], utc=True),  # 02:47 on 1/12 in Vietnam
            "category": ["factory", "household"],
            "ward_code": ["29905", None],
            "active": [True, False],
            "checkins": [1676.0, 12.0],
            "capacity": [40.0, None],
            "reasons": [["symptoms", "travel"], []],
            "test_date": pd.to_datetime([date(2026, 11, 30), None]),
            "note": ["=HYPERLINK(1)", None],
        }
    )


def test_screen_shows_words_local_time_and_never_none():
    shown = presentation.for_screen(_frame(), "vi", {"29905": "Phường Sa Đéc"})
    assert list(shown.columns) == [
        "Thời điểm",
        "Loại hình",
        "Phường/xã",
        "Đang hoạt động",
        "Lượt check-in",
        "Sức chứa",
        "Lý do",
        "Ngày xét nghiệm",
        "Ghi chú",
    ]
    first, second = shown.iloc[0].tolist(), shown.iloc[1].tolist()
    assert first[:4] == ["01/12/2026 02:47", t("cat.factory", "vi"), "Phường Sa Đéc", "Có"]
    assert first[4] == 1676 and first[5] == "40" and first[6] == "có triệu chứng, đi từ tỉnh/thành khác" and first[7] == "30/11/2026"
    assert second[0] == "" and second[2] == "" and second[3] == "Không" and second[5] == "" and second[7] == ""
    assert not any(str(v) in ("None", "nan", "NaT", "<NA>", "True", "False") for v in shown.to_numpy().ravel())
    english = presentation.for_screen(_frame(), "en")
    assert english.columns[1] == "Category" and english.iloc[0, 3] == "Yes" and english.iloc[0, 2] == "29905"


def test_a_frame_with_ward_names_drops_the_codes_and_pivot_codes_get_labels():
    frame = pd.DataFrame({"ward_code": ["29905"], "ward_name": ["Phường Sa Đéc"], "market": [3], "new": [1]})
    assert list(presentation.for_screen(frame, "vi").columns) == ["Phường/xã", t("cat.market", "vi"), "Mới"]


def test_excel_export_has_numbers_dates_and_formula_safe_text():
    data = presentation.for_export(_frame(), "vi", {"29905": "Phường Sa Đéc"})
    sheet = load_workbook(io.BytesIO(xlsx_bytes(data))).active
    rows = [[c for c in row] for row in sheet.iter_rows()]
    assert rows[0][0].value == "Thời điểm"
    moment, category, ward, active, checkins, capacity, reasons, test_date, note = rows[1]
    assert moment.value == datetime(2026, 12, 1, 2, 47) and moment.number_format == "dd/mm/yyyy hh:mm"
    assert (category.value, ward.value, active.value) == (t("cat.factory", "vi"), "Phường Sa Đéc", "Có")
    assert checkins.value == 1676 and isinstance(checkins.value, int) and capacity.value == 40
    assert reasons.value == "có triệu chứng, đi từ tỉnh/thành khác"
    assert test_date.value == datetime(2026, 11, 30) and test_date.number_format == "dd/mm/yyyy"
    assert note.value == "'=HYPERLINK(1)" and note.data_type == "s"
    assert [c.value for c in rows[2]][:1] == [None] and rows[2][5].value is None


def test_csv_shows_vietnam_time():
    text = csv_bytes(presentation.for_export(_frame(), "vi")).decode("utf-8-sig")
    assert "01/12/2026 02:47" in text and "30/11/2026" in text and "2026-11-30" not in text


def test_today_is_vietnams_at_night():
    from lib.platform.times import local_today

    night = datetime(2026, 11, 30, 19, 47, tzinfo=UTC)  # 02:47 on 1 December in Vietnam
    assert local_today(night) == date(2026, 12, 1)


def test_every_header_of_the_pages_tables_is_in_the_catalogue():
    """The columns the library hands to pages (a sample of each kind) all have a localised header."""
    for column in ("venue_id", "ward_code", "code_printed_at", "followup_id", "assignee", "occurred_at", "row_count", "adoption", "kind"):
        assert presentation.has_header(column), column
    assert not presentation.has_header("made_up_column")
