"""Issue 21, the row cap and the expected-count file on workbooks as offices keep them: the cap counts the
table's rows, not the title block above it nor the empty rows an office pre-formats with borders below it;
the expected-count file takes ward codes as well as names."""

import io

import pytest
from openpyxl import Workbook
from openpyxl.styles import Border, Side

from lib.analytics import targets
from lib.platform import uploads
from lib.platform.errors import InvalidInputError

TITLE = [["UBND THÀNH PHỐ SA ĐÉC"], ["SỐ CƠ SỞ DỰ KIẾN ĐĂNG KÝ MÃ QR"], []]
HEADING = ["STT", "Phường/Xã", "Loại hình", "Số dự kiến"]


def _workbook(rows: list[list], bordered_to: int = 0) -> bytes:
    """The title block, the heading and `rows`; with `bordered_to`, the table's cells ruled down to that row
    although they are empty, as an office prepares a sheet to fill."""
    book = Workbook()
    sheet = book.active
    for line in [*TITLE, HEADING, *rows]:
        sheet.append(line)
    thin = Side(style="thin")
    for line in range(len(TITLE) + 2 + len(rows), bordered_to + 1):
        for column in range(1, len(HEADING) + 1):
            sheet.cell(line, column).border = Border(left=thin, right=thin, top=thin, bottom=thin)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(count: int) -> list[list]:
    return [[n, "Phường 1", "Chợ", 1] for n in range(1, count + 1)]


def test_empty_ruled_rows_below_the_table_do_not_count_against_the_cap():
    table = targets.read_file("du-kien.xlsx", _workbook(_rows(10), bordered_to=uploads.MAX_TABLE_ROWS + 500))
    assert len(table.frame) == 10 and table.header_line == 4


def test_a_full_table_under_a_title_block_is_within_the_cap_and_one_more_row_is_refused_with_its_count():
    table = targets.read_file("du-kien.xlsx", _workbook(_rows(uploads.MAX_TABLE_ROWS)))
    assert len(table.frame) == uploads.MAX_TABLE_ROWS
    with pytest.raises(InvalidInputError) as err:
        targets.read_file("du-kien.xlsx", _workbook(_rows(uploads.MAX_TABLE_ROWS + 1)))
    assert err.value.message("vi") == "Tệp có 2.001 dòng; mỗi lần nhập tối đa 2.000 dòng. Hãy chia danh sách thành nhiều tệp."


def test_the_expected_count_file_takes_ward_codes_beside_names(fresh_db):
    rows = [[1, 29905, "Chợ", 3], [2, "29914", "Trường học", 4], [3, "Phường 2", "Chùa", 1], [4, "29999", "Chợ", 1]]
    table = targets.read_file("du-kien.xlsx", _workbook(rows))
    with fresh_db.cursor() as cur:
        judged = targets.preview_file(cur, "2021", table.frame, city_district="867")
    assert [(r.row, r.cell) for r in judged] == [
        (5, ("29905", "market", 3)),
        (6, ("29914", "school", 4)),
        (7, ("29911", "religious", 1)),
        (8, None),
    ]
    assert judged[3].reason is not None and judged[3].reason.startswith("Phường/Xã: Không tìm thấy đơn vị hành chính '29999'")
