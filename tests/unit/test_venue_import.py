"""Bulk import: a messy real-looking file with an exact expected outcome per row, encodings, Excel numbers."""

import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lib.access.scope import scope_for
from lib.platform import admin_units
from lib.platform.errors import InvalidInputError
from lib.venues import import_template, importer, lookup, registry
from tests import builders as build

CITY, DISTRICT = "87", "867"  # the city settings' defaults: Sa Đéc, Đồng Tháp
HEADER = "Tên địa điểm,Loại hình,Tỉnh,Quận huyện,Phường xã,Địa chỉ,Người đăng ký,Điện thoại,Điện thoại nhân viên,Sức chứa"
ROWS = [
    "Chợ Tân Quy,market,87,867,29917,1 Lê Lợi,Nguyễn Văn Bình,+84 912 000 001,,",  # 2 ok
    ",,,,,,,,,",  # 3 blank
    'Quán ăn Sen Hồng,"Nhà hàng, quán ăn phục vụ tại chỗ",,,Phường 2,3 Trần Phú,Trần Thị Lan,84 912.000.002,,',  # 4 ok
    "CHO TAN QUY,market,,,29917,1 le loi,Lê Văn Cường,0912000009,,",  # 5 dup of 2
    "Tiệm tóc Mai,massage_beauty,,,29905,7 Hùng Vương,Phạm Thị Mai,12345,,",  # 6 bad phone
    "Nhà sách X,business,,,Phường 99,8 Lý Thường Kiệt,Võ Văn Dũng,0912000005,,",  # 7 unknown ward
    "Cửa hàng Y,xyz,,,29905,9 Nguyễn Trãi,Đỗ Thị Hà,0912000006,,",  # 8 bad category
    "Trạm Z,business,87,866,29905,10 Trần Phú,Bùi Văn Nam,0912000007,,",  # 9 ward not in district
    "Chợ Sa Đéc,market,,,29905,1 Nguyễn Huệ,Hồ Văn Tâm,0912000008,,",  # 10 dup of registry
    "Siêu thị Co.op,Trung tâm thương mại siêu thị,,,An Hòa,2 Hùng Vương,Ngô Thị Yến,0912000010,0912000011; 0912000012,1.200",  # 11 ok
]
EXPECTED = {
    2: None,
    4: None,
    5: "Trùng với dòng 2",
    6: "Số điện thoại di động không hợp lệ",
    7: "Không tìm thấy đơn vị hành chính 'Phường 99'",
    8: "Chọn loại hình",
    9: "không thuộc quận/huyện",
    10: "Đã có trong danh sách",
    11: None,
}


@pytest.fixture
def office(fresh_db):
    with fresh_db.cursor() as cur:
        user = build.office(cur)
        registry.create_venue(
            cur, user, registry.VenueInput("Chợ Sa Đéc", "market", "2021", "87", "867", "29905", "1 Nguyễn Huệ", "Hồ Văn Tâm", "0912000008")
        )
    return user


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-8"),
        lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),
        build.cp1258_bytes,
    ],
    ids=["utf8", "utf8-bom", "cp1258"],
)
def test_messy_csv_exact_outcome(fresh_db, office, encode):
    raw = encode("\r\n".join([HEADER, *ROWS]) + "\r\n")
    with fresh_db.cursor() as cur:
        frame = importer.read_table("danh-sach.csv", raw)
        results = importer.preview(cur, office, frame, CITY, DISTRICT)
        outcome = {r.row: r.reason for r in results}
        assert set(outcome) == set(EXPECTED)
        for line, expected in EXPECTED.items():
            if expected is None:
                assert outcome[line] is None, (line, outcome[line])
            else:
                assert outcome[line] and expected in outcome[line], (line, outcome[line])
        valid = {r.row: r.data for r in results if r.data}
        assert valid[4].ward_code == "29911" and valid[4].registrant_phone == "0912000002"
        assert valid[4].category == "restaurant" and valid[11].capacity == 1200
        assert valid[11].staff_phones == ("0912000011", "0912000012") and valid[11].ward_code == "29919"
        before = len(lookup.list_venues(cur, scope_for(office)))
        created = importer.import_rows(cur, office, results)
        assert len(created) == 3 and len(lookup.list_venues(cur, scope_for(office))) == before + 3
        report = importer.report_frame(frame, results)
        assert report[report["trang_thai"] == "Lỗi"]["dong"].tolist() == [5, 6, 7, 8, 9, 10]


def test_excel_numbers_and_template(fresh_db, office):
    book = Workbook()
    sheet = book.active
    sheet.append(["ten_dia_diem", "loai_hinh", "tinh", "quan_huyen", "phuong_xa", "dia_chi", "nguoi_dang_ky", "dien_thoai"])
    sheet.append(["Quán Hủ tiếu", "restaurant", 87, 867, 29908, "4 Đống Đa", "Lâm Văn Phúc", 912000020])
    sheet.append([None] * 8)
    data = io.BytesIO()
    book.save(data)
    with fresh_db.cursor() as cur:
        frame = importer.read_table("x.xlsx", data.getvalue())
        [result] = importer.preview(cur, office, frame, CITY, DISTRICT)
        assert result.reason is None and result.data.ward_code == "29908"
        assert result.data.registrant_phone == "0912000020"
        template = import_template.template_frame(cur, CITY, DISTRICT)
        assert list(template.columns) == list(importer.TEMPLATE_HEADINGS)
        assert importer.preview(cur, office, template.set_axis([2]), CITY, DISTRICT)[0].reason is None


def test_template_example_is_in_the_city_the_server_serves(fresh_db, office):
    """A server configured for Cao Lãnh (district 866) offers an example row there, which imports as it is."""
    with fresh_db.cursor() as cur:
        template = import_template.template_frame(cur, "87", "866")
        example = template.iloc[0]
        ward_names = {name for _, name in admin_units.wards(cur, "2021", "866")}
        assert (example["Tỉnh/TP"], example["Quận/Huyện"]) == ("Tỉnh Đồng Tháp", "Thành phố Cao Lãnh")
        assert example["Phường/Xã"] in ward_names
        [result] = importer.preview(cur, office, template.set_axis([2]), "87", "866")
        assert result.reason is None and result.data.district_code == "866"


def test_wrong_files_get_a_plain_message():
    with pytest.raises(InvalidInputError, match="No header row found"):
        importer.read_table("a.csv", b"foo,bar\n1,2\n")
    with pytest.raises(InvalidInputError, match=r"Only \.csv or \.xlsx"):
        importer.read_table("a.pdf", b"%PDF")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(max_size=30), min_size=8, max_size=8))
def test_any_row_is_judged_never_crashes(fresh_db, office, cells):
    import pandas as pd

    frame = pd.DataFrame([cells], columns=list(importer.TEMPLATE_HEADINGS)[:8], index=[2])
    with fresh_db.cursor() as cur:
        [result] = importer.preview(cur, office, frame, CITY, DISTRICT)
    assert (result.data is None) != (result.reason is None)


def test_a_list_written_with_todays_wards_imports_in_the_2025_scheme(fresh_db, office):
    """Since July 2025 offices write "Phường Sa Đéc"; the importer read only the 2021 names ("did you mean
    Phường 1") so today's lists could not be imported at all. Both lists are read, each row in its own scheme."""
    rows = [
        "Chợ phường,market,,,Phường Sa Đéc,5 Hùng Vương,Nguyễn Văn Bình,0912000001,,",  # 2: today's ward
        "Chợ xã,market,,,Xã Tân Khánh Đông,6 Hùng Vương,Nguyễn Văn Bình,0912000002,,",  # 3: before July 2025
        "Chợ cũ,market,,,Phường 1,7 Hùng Vương,Nguyễn Văn Bình,0912000003,,",  # 4: before July 2025
        "Chợ gõ sai,market,,,Phuong Sa Decc,8 Hùng Vương,Nguyễn Văn Bình,0912000004,,",  # 5: a typo of today's
        "Chợ khác,market,,,Phường Cao Lãnh,9 Hùng Vương,Nguyễn Văn Bình,0912000005,,",  # 6: today's, in the province
    ]
    with fresh_db.cursor() as cur:
        frame = importer.read_table("x.csv", "\n".join([HEADER, *rows]).encode())
        results = {r.row: r for r in importer.preview(cur, office, frame, CITY, DISTRICT)}
        places = {
            line: (r.data.scheme, r.data.province_code, r.data.district_code, r.data.ward_code) for line, r in results.items() if r.data
        }
        created = importer.import_rows(cur, office, list(results.values()))
        stored = cur.execute("SELECT scheme, count(*) FROM venues GROUP BY scheme ORDER BY scheme").fetchall()
    assert {line: r.reason for line, r in results.items()} == dict.fromkeys(range(2, 7))
    assert places[2] == places[5] == ("2025", "82", None, "29905")
    assert places[3] == ("2021", "87", "867", "29914") and places[4] == ("2021", "87", "867", "29905")
    assert places[6][:3] == ("2025", "82", None)
    assert len(created) == 5 and stored == [("2021", 3), ("2025", 3)]
