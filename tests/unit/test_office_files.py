"""Issue 21: a ward office's own venue list imports without editing it first. The files are written here as
offices write them (UTF-8 with BOM, Windows-1258 with separate tone marks, `;` separators, .xlsx with a title
block, merged two-line headings, a numbering row and the table on the second sheet), each with the exact rows
accepted and the exact messages of the rows refused."""

import io
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from lib.analytics import targets
from lib.platform import admin_units, db, table_reading, unit_names, uploads
from lib.platform.errors import InvalidInputError
from lib.venues import categories, import_template, importer
from tests import builders as build

HEADINGS = ["STT", "Tên cơ sở", "Loại hình", "Tỉnh/TP", "Quận/Huyện", "Phường/Xã", "Địa chỉ", "Người đăng ký", "Số điện thoại", "Sức chứa"]
GOOD = [
    ["1", "Chợ Phường 1", "Chợ", "Đồng Tháp", "TP. Sa Đéc", "P.1", "12 Nguyễn Huệ", "Nguyễn Văn An", "0912 345 601", "500"],
    [
        "2",
        "Trường THCS Nguyễn Du",
        "Trường học",
        "Tỉnh Đồng Tháp",
        "Tp Sa Đéc",
        "Phường 01",
        "5 Hùng Vương",
        "Trần Thị Bình",
        "0912345602",
        "800",
    ],
    [
        "3",
        "Bệnh viện Đa khoa Sa Đéc",
        "Bệnh viện",
        "Đồng Tháp",
        "Sa Đéc",
        "Phường 2",
        "153 Nguyễn Sinh Sắc",
        "Lê Văn Cường",
        "+84 912 345 603",
        "300",
    ],
    [
        "4",
        "Siêu thị Co.opmart",
        "Siêu thị",
        "Đồng Tháp",
        "Thành phố Sa Đéc",
        "P3",
        "1 Trần Hưng Đạo",
        "Phạm Thị Dung",
        "84912345604",
        "400",
    ],
    ["5", "Quán ăn Ba Miền", "Nhà hàng, quán ăn", "", "", "Phường 4", "20 Lý Thường Kiệt", "Hoàng Văn Em", "0912.345.605", "60"],
    ["6", "Chùa Phước Hưng", "Khu tâm linh", "Đồng Tháp", "TP. Sa Đéc", "Phường 1", "2 Hùng Vương", "Võ Thị Phượng", "0912345606", "200"],
    [
        "7",
        "Công ty TNHH Sa Giang",
        "Doanh nghiệp",
        "Đồng Tháp",
        "TP. Sa Đéc",
        "Xã Tân Khánh Đông",
        "Ấp Tân Hòa",
        "Đặng Văn Giàu",
        "0912345607",
        "150",
    ],
    ["8", "Nhà thờ Sa Đéc", "Nhà thờ", "Đồng Tháp", "TP Sa Đéc", "Tân Quy Đông", "9 Hai Bà Trưng", "Mai Văn Hùng", "0912345608", ""],
    ["9", "Quán cà phê Gió", "Quán ăn", "Đồng Tháp", "Sa Đéc", "An Hoà", "3 Lê Lợi", "Lý Thị Kim", "0912345609", "40"],
    [
        "10",
        "Trường Mầm non Hoa Sen",
        "Trường học",
        "Đồng Tháp",
        "Sa Đéc",
        "Xa Tan Phu Dong",
        "Ấp Phú Long",
        "Tô Văn Lâm",
        "0912345610",
        "120",
    ],
]
BAD = [
    ["11", "Karaoke Ánh Sao", "Quán hát", "Đồng Tháp", "TP. Sa Đéc", "Phường 9", "7 Trần Phú", "Ngô Thị Mơ", "12345", "nhiều"],
    ["12", "Chợ Phường 1", "Chợ", "Đồng Tháp", "TP. Sa Đéc", "Phường 1", "12 Nguyễn Huệ", "Nguyễn Văn Ân", "0912345612", "500"],
    ["13", "Tiệm thuốc Tâm", "Nhà thuốc", "Đồng Tháp", "TP. Vĩnh Long", "Phường 1", "4 Lê Lợi", "Phan Văn Nở", "0912345613", ""],
    ["14", "", "Chợ", "Đồng Tháp", "TP. Sa Đéc", "Phường 2", "", "Nguyễn 2", "0912345614", ""],
]
# (category, ward, phone, capacity) of each good row, in file order
ACCEPTED = [
    ("market", "29905", "0912345601", 500),
    ("school", "29905", "0912345602", 800),
    ("hospital", "29911", "0912345603", 300),
    ("supermarket", "29902", "0912345604", 400),
    ("restaurant", "29908", "0912345605", 60),
    ("religious", "29905", "0912345606", 200),
    ("business", "29914", "0912345607", 150),
    ("religious", "29917", "0912345608", None),
    ("restaurant", "29919", "0912345609", 40),
    ("school", "29923", "0912345610", 120),
]
REFUSED = [
    "Loại hình: Không rõ loại hình 'Quán hát'. Có phải: “Nhà hàng, quán ăn phục vụ tại chỗ”, “Cơ quan, đơn vị”,"
    " “Cơ sở vui chơi, giải trí”?; Phường/Xã: Không tìm thấy đơn vị hành chính 'Phường 9'. Có phải: Phường 1, Phường 2,"
    " Phường 3?; Số điện thoại: Số điện"
    " thoại di động không hợp lệ: 12345 (cần 10 chữ số, bắt đầu bằng 03, 05, 07, 08 hoặc 09); Sức chứa: Sức chứa"
    " phải là số nguyên dương.",
    "Trùng với dòng {first} trong tệp.",
    "Quận/Huyện: Không tìm thấy đơn vị hành chính 'TP. Vĩnh Long'. Có phải: Thành phố Cao Lãnh, Thành phố Hồng Ngự, Thành phố Sa Đéc?",
    "Tên cơ sở: Không được để trống; Địa chỉ: Không được để trống; Người đăng ký: Họ tên chỉ gồm chữ cái, khoảng trắng và dấu gạch nối.",
]


def _csv(rows, sep=","):
    def cell(value):
        return f'"{value}"' if sep in value or '"' in value else value

    return "\r\n".join(sep.join(cell(v) for v in row) for row in rows) + "\r\n"


def _office_xlsx():
    """The same list as a ward office's workbook: an instructions sheet first; on the second sheet the two-line
    title block, a blank row, a two-line header whose "Địa chỉ" is merged over its four sub-columns, the
    "(1) (2) …" numbering row, phones and capacities as Excel numbers, and one ward merged over two rows."""
    book = Workbook()
    book.active.title = "Hướng dẫn"
    book.active.append(["Điền danh sách ở trang bên, mỗi cơ sở một dòng."])
    ws = book.create_sheet("Danh sách")
    ws.append(["UBND THÀNH PHỐ SA ĐÉC"])
    ws.append(["DANH SÁCH CƠ SỞ ĐĂNG KÝ MÃ QR"])
    ws.append([])
    ws.append(["STT", "Tên cơ sở", "Loại hình", "Địa chỉ", None, None, None, "Người đăng ký", "Số điện thoại", "Sức chứa"])
    ws.append([None, None, None, "Tỉnh/TP", "Quận/Huyện", "Phường/Xã", "Số nhà, đường", None, None, None])
    ws.append([f"({n})" for n in range(1, 11)])
    for cells in ("A1:J1", "A2:J2", "D4:G4", "A4:A5", "B4:B5", "C4:C5", "H4:H5", "I4:I5", "J4:J5"):
        ws.merge_cells(cells)
    for row in GOOD + BAD:
        values = [int(row[0]), *row[1:8], row[8], int(row[9]) if row[9].isdigit() else row[9]]
        if row[8].isdigit():
            values[8] = int(row[8])  # Excel dropped the leading zero
        ws.append(values)
    ws.merge_cells("F9:F10")  # rows 3 and 4 of the list ("Phường 2" over "P3"): both become Phường 2
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


@pytest.fixture
def office(fresh_db):
    with fresh_db.cursor() as cur:
        return build.office(cur)


def _outcome(fresh_db, office, name, raw):
    with fresh_db.cursor() as cur:
        table = importer.read_file(name, raw)
        results = importer.preview(cur, office, table.frame, "87", "867")
    return table, results


@pytest.mark.parametrize(
    ("name", "encode"),
    [
        ("utf8-bom.csv", lambda rows: b"\xef\xbb\xbf" + _csv(rows).encode("utf-8")),
        ("cp1258.csv", lambda rows: build.cp1258_bytes(_csv(rows))),
        ("semicolons.csv", lambda rows: _csv(rows, ";").encode("utf-8")),
    ],
)
def test_a_ward_office_csv_imports_as_it_is(fresh_db, office, name, encode):
    title = [["UBND PHƯỜNG 1"] + [""] * 9, ["DANH SÁCH CƠ SỞ ĐĂNG KÝ MÃ QR"] + [""] * 9, [""] * 10]
    table, results = _outcome(fresh_db, office, name, encode([*title, HEADINGS, *GOOD, *BAD]))
    assert table.header_line == 4 and table.sheet is None
    fields = ["name", "category", "province", "district", "ward", "address", "registrant_name", "registrant_phone", "capacity"]
    assert table.mapping == dict(zip(HEADINGS[1:], fields, strict=True))
    lines = {r.row: r for r in results}
    assert sorted(lines) == list(range(5, 5 + len(GOOD) + len(BAD)))
    accepted = [(r.data.category, r.data.ward_code, r.data.registrant_phone, r.data.capacity) for r in results if r.data]
    assert accepted == ACCEPTED
    assert [r.reason for r in results if r.reason] == [m.format(first=5) for m in REFUSED]
    with fresh_db.cursor() as cur:
        assert len(importer.import_rows(cur, office, results)) == len(GOOD)
        assert cur.execute("SELECT count(*) FROM venues WHERE district_code = '867'").fetchone()[0] == len(GOOD)


def test_the_same_list_as_an_office_workbook(fresh_db, office):
    table, results = _outcome(fresh_db, office, "danh-sach.xlsx", _office_xlsx())
    assert (table.sheet, table.header_line) == ("Danh sách", 4)
    assert table.mapping["Số nhà, đường"] == "address" and table.mapping["Phường/Xã"] == "ward"
    assert [r.row for r in results] == list(range(7, 7 + len(GOOD) + len(BAD)))  # the numbering row is skipped
    accepted = [(r.data.category, r.data.ward_code, r.data.registrant_phone, r.data.capacity) for r in results if r.data]
    merged = [*ACCEPTED[:3], ("supermarket", "29911", "0912345604", 400), *ACCEPTED[4:]]
    assert accepted == merged
    named_by_this_file = [m.format(first=7).replace("Địa chỉ:", "Số nhà, đường:") for m in REFUSED]  # its sub-heading
    assert [r.reason for r in results if r.reason] == named_by_this_file


def test_the_officer_can_change_the_mapping_and_messages_use_the_files_headings(fresh_db, office):
    raw = _csv([["Tên", "Loại", "Nơi", "Số nhà", "Chủ", "Liên lạc"], ["Chợ X", "Chợ", "P1", "", "Lê Văn A", "0912345699"]])
    with fresh_db.cursor() as cur:
        table = importer.read_file("a.csv", raw.encode())
        assert table.mapping == {"Tên": "name", "Loại": "category", "Số nhà": "address"}
        with pytest.raises(table_reading.MissingFields) as err:
            importer.preview(cur, office, table.frame, "87", "867", mapping=table.mapping)
        assert err.value.message("vi") == (
            "Chưa có cột nào cho: Phường/Xã, Họ tên người đăng ký, Số điện thoại di động người đăng ký. Chọn cột tương ứng ở bước ghép cột."
        )
        mapping = {**table.mapping, "Nơi": "ward", "Chủ": "registrant_name", "Liên lạc": "registrant_phone"}
        [result] = importer.preview(cur, office, table.frame, "87", "867", mapping=mapping)
        assert result.reason == "Số nhà: Không được để trống."
        with pytest.raises(table_reading.MissingFields, match="several columns are mapped to: Venue name"):
            importer.preview(cur, office, table.frame, "87", "867", mapping={**mapping, "Số nhà": "name"})


def test_a_file_without_a_recognisable_header_names_what_it_needs():
    with pytest.raises(table_reading.MissingFields) as err:
        importer.read_table("a.csv", b"foo,bar\n1,2\n")
    assert err.value.message("vi") == (
        "Không tìm thấy dòng tiêu đề của bảng. Bảng cần có các cột: Tên địa điểm, Loại hình, Phường/Xã, Số nhà, tên đường,"
        " Họ tên người đăng ký, Số điện thoại di động người đăng ký."
    )
    with pytest.raises(InvalidInputError, match=r"Only \.csv or \.xlsx"):
        importer.read_table("a.pdf", b"%PDF")


def test_a_file_over_the_row_cap_is_refused_with_its_count():
    rows = [HEADINGS, *GOOD[:6]]
    with pytest.raises(InvalidInputError) as err:
        importer.read_table("a.csv", _csv(rows).encode(), max_rows=5)
    assert err.value.message("vi") == "Tệp có 6 dòng; mỗi lần nhập tối đa 5 dòng. Hãy chia danh sách thành nhiều tệp."
    assert len(importer.read_table("a.csv", _csv(rows[:6]).encode(), max_rows=5)) == 5
    assert importer.MAX_ROWS == uploads.MAX_TABLE_ROWS  # one cap: the venue list, the expected counts and Excel sheets


def test_categories_by_everyday_words_with_a_did_you_mean():
    words = {"Chợ": "market", "Quán ăn": "restaurant", "Trường học": "school", "Nhà thờ": "religious", "Chùa": "religious"}
    words |= {"Trường THCS Nguyễn Du": "school", "Nhà hàng tiệc cưới": "wedding_funeral", "market": "market", "SIEU THI": "supermarket"}
    assert {w: categories.find(w) for w in words} == words
    with pytest.raises(categories.UnclearCategory) as err:
        categories.find("Bệnh việm đa khoa")
    assert err.value.codes[0] == "hospital"
    assert err.value.message("en").startswith("Unclear category 'Bệnh việm đa khoa'. Did you mean: “Hospital or clinic”")


def test_the_template_has_vietnamese_headings_lists_and_drop_downs_and_imports_back(fresh_db, office):
    with fresh_db.cursor() as cur:
        raw = import_template.template_xlsx(cur, "87", "867")
    book = load_workbook(io.BytesIO(raw))
    sheet, lists = book.worksheets
    assert [c.value for c in sheet[1]] == list(importer.TEMPLATE_HEADINGS)
    assert lists.title == "Danh mục" and lists["A1"].value == "Loại hình" and lists["B1"].value == "Phường/Xã"
    assert [c.value for c in lists["A"][1:]] == [f"{c}" for c in (importer.i18n.t(f"cat.{k.code}") for k in categories.CATEGORIES)]
    assert [c.value for c in lists["B"][1:4]] == ["Phường Sa Đéc", "Xã Tân Dương", "Phường 1"]  # today's first
    assert "Xã Tân Khánh Đông" in [c.value for c in lists["B"][1:]]
    checks = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert checks == {"B2:B2001": "'Danh mục'!$A$2:$A$20", "E2:E2001": "'Danh mục'!$B$2:$B$12"}
    sheet["A3"], sheet["B3"], sheet["E3"], sheet["F3"] = "Đền thờ Bà", "Cơ sở tôn giáo, tín ngưỡng", "Phường 2", "3 Lê Lợi"
    sheet["G3"], sheet["H3"] = "Lê Thị Ba", "0912345000"
    out = io.BytesIO()
    book.save(out)
    table, results = _outcome(fresh_db, office, "mau.xlsx", out.getvalue())
    assert table.sheet == "Danh sách cơ sở" and [r.reason for r in results] == [None, None]
    assert [(r.data.category, r.data.ward_code) for r in results if r.data] == [("market", "29905"), ("religious", "29911")]


def test_the_expected_count_file_takes_ward_names_and_everyday_categories(fresh_db, office):
    raw = _csv(
        [
            ["DỰ KIẾN SỐ CƠ SỞ"],
            ["STT", "Phường/Xã", "Loại hình", "Số lượng dự kiến"],
            ["1", "Phường 01", "Chợ", "3"],
            ["2", "Xã Tân Khánh Đông", "Trường học", "4"],
            ["3", "Phường 9", "Quán hát", "-2"],
        ]
    ).encode("utf-8-sig")
    with fresh_db.cursor() as cur:
        table = targets.read_file("du-kien.csv", raw)
        rows = targets.preview_file(cur, "2021", table.frame, city_district="867")
        assert [(r.row, r.cell) for r in rows] == [(3, ("29905", "market", 3)), (4, ("29914", "school", 4)), (5, None)]
        assert rows[2].reason == (
            "Phường/Xã: Không tìm thấy đơn vị hành chính 'Phường 9'. Có phải: Phường 3, Phường 1, Phường 4?;"
            " Loại hình: Không rõ loại hình 'Quán hát'. Có phải:"
            " “Nhà hàng, quán ăn phục vụ tại chỗ”, “Cơ quan, đơn vị”, “Cơ sở vui chơi, giải trí”?; Số lượng dự kiến:"
            " “-2” không phải số nguyên từ 0 trở lên."
        )
        with pytest.raises(InvalidInputError, match=r"1 wrong rows; nothing was imported\. Line 5"):
            targets.save_rows(cur, office, "2021", rows)
        assert cur.execute("SELECT count(*) FROM expected_venues").fetchone()[0] == 0
        assert targets.save_rows(cur, office, "2021", rows[:2]) == 2
        new = targets.preview_file(
            cur, "2025", targets.read_file("x.csv", b"phuong_xa,loai_hinh,so_du_kien\nPhuong Sa Dec,cho,9\n").frame, None, "867"
        )
        assert [r.cell for r in new] == [("29905", "market", 9)]


def _without_marks(text):
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")


def _variant(draw, text):
    """The text as someone may type it: diacritics kept or dropped, any case, spaced or decorated."""
    if draw(st.booleans()):
        text = _without_marks(text)
    text = "".join(ch.upper() if draw(st.booleans()) else ch.lower() for ch in text)
    text = text.replace("/", draw(st.sampled_from(["/", " / ", "-", " - "])))
    return draw(st.sampled_from(["", " ", "  "])) + text + draw(st.sampled_from(["", ":", " (*)", "*", " "]))


OFFICE_HEADINGS = {
    "Tên cơ sở": "name", "Tên địa điểm": "name", "Loại hình": "category", "Tỉnh/TP": "province", "Quận/Huyện": "district",
    "Phường/Xã": "ward", "Địa chỉ": "address", "Số nhà, đường": "address", "Người đăng ký": "registrant_name",
    "Họ tên người đăng ký": "registrant_name", "Số điện thoại": "registrant_phone", "Điện thoại liên hệ": "registrant_phone",
    "Sức chứa": "capacity", "Giờ mở cửa": "opening_hours", "ten_dia_diem": "name", "dien_thoai": "registrant_phone",
}  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_any_spelling_of_a_usual_heading_is_recognised_and_stt_ignored(data):
    heading, field = data.draw(st.sampled_from(sorted(OFFICE_HEADINGS.items())))
    variant = _variant(data.draw, heading)
    assert table_reading.field_of(variant, importer.FIELDS)[0] == field, variant
    assert (
        table_reading.field_of(_variant(data.draw, data.draw(st.sampled_from(["STT", "TT", "Số TT", "Ghi chú"]))), importer.FIELDS) is None
    )


SA_DEC_WARDS = {"29905": 1, "29911": 2, "29902": 3, "29908": 4}
SA_DEC_NAMED = {"29919": "An Hòa", "29917": "Tân Quy Đông", "29914": "Tân Khánh Đông", "29920": "Tân Quy Tây", "29923": "Tân Phú Đông"}


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    from tests.conftest import _open

    database = _open(tmp_path_factory.mktemp("units"))
    with database.cursor() as cur:
        admin_units.load_units(cur)
    yield database
    db.close_database(database.settings.db_path)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_common_spelling_of_a_ward_or_the_city_finds_its_code(units, data):
    numbered = data.draw(st.booleans())
    if numbered:
        code, number = data.draw(st.sampled_from(sorted(SA_DEC_WARDS.items())))
        prefix = data.draw(st.sampled_from(["Phường ", "P.", "P. ", "P", "Phuong ", "phường  "]))
        text = prefix + "0" * data.draw(st.integers(0, 2)) + str(number)
    else:
        code, name = data.draw(st.sampled_from(sorted(SA_DEC_NAMED.items())))
        kind = "Phường " if code in ("29919", "29917") else "Xã "
        text = data.draw(st.sampled_from(["", kind, kind[0] + ". "])) + name
    typed = _variant(data.draw, text).strip(":*() ")
    city = _variant(data.draw, data.draw(st.sampled_from(["TP. Sa Đéc", "Tp Sa Đéc", "Sa Đéc", "Thành phố Sa Đéc", "TP.Sa Đéc"])))
    with units.cursor() as cur:
        assert unit_names.find(cur, "2021", "ward", "867", typed) == code, typed
        assert unit_names.find(cur, "2021", "district", "87", city.strip(":*() ")) == "867", city
