"""Real browser, issue 21: the city office imports its own workbooks as offices write them (a two-line title
block above a header whose "Địa chỉ" is merged over two sub-columns) through the mapping step: the page shows
which column became which field, the officer maps the column the importer did not recognise, imports, and sees
the counts and the refused row's messages named by the file's own columns; the venues are in DuckDB afterwards.
The expected-count file goes through the compliance page's mapping step the same way, with ward names."""

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from lib.demo.city import demo_password
from lib.platform import db, inert
from lib.platform.config import load_settings
from lib.platform.i18n import t
from tests.e2e.accessibility import settled
from tests.e2e.conftest import env_for, make_demo_folder, sign_in, streamlit_server

pytestmark = pytest.mark.e2e

VENUES = [
    [1, "Chợ Rạch Rích", "Chợ", "P.1", "3 Nguyễn Huệ", "Lê Văn Tám", "0912345671"],
    [2, "Quán ăn Bà Tư", "Quán ăn", "Phường 02", "8 Lê Lợi", "Trần Thị Tư", "0912345672"],
    [3, "Chùa Kim Huê", "Chùa", "Xã Tân Khánh Đông", "Ấp Tân Hòa", "Võ Văn Huê", "0912345673"],
    [4, "Karaoke Sao Mai", "Chợ", "Phường 1", "", "Ngô Thị Mai", "12345"],
]
# the refused row's messages, each named by the heading this file gives the column ("Liên hệ" only after mapping)
REFUSED = (
    "Số nhà, đường: Không được để trống; Liên hệ: Số điện thoại di động không hợp lệ: 12345 (cần 10 chữ số,"
    " bắt đầu bằng 03, 05, 07, 08 hoặc 09)."
)


def _workbook(title: str, headings: list[list[str | None]], merged: list[str], rows: list[list]) -> bytes:
    """An office's .xlsx: a two-line title block, a blank row, the heading rows with their merged cells, the rows."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["UBND THÀNH PHỐ SA ĐÉC"])
    sheet.append([title])
    sheet.append([])
    for line in headings:
        sheet.append(line)
    for cells in merged:
        sheet.merge_cells(cells)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _venue_list() -> bytes:
    return _workbook(
        "DANH SÁCH CƠ SỞ ĐĂNG KÝ MÃ QR",
        [
            ["STT", "Tên cơ sở", "Loại hình", "Địa chỉ", None, "Người phụ trách", "Liên hệ"],
            [None, None, None, "Phường/Xã", "Số nhà, đường", None, None],
        ],
        ["A1:G1", "A2:G2", "D4:E4", "A4:A5", "B4:B5", "C4:C5", "F4:F5", "G4:G5"],
        VENUES,
    )


def _expected_counts() -> bytes:
    return _workbook(
        "SỐ CƠ SỞ DỰ KIẾN ĐĂNG KÝ MÃ QR",
        [["STT", "Phường/Xã", "Loại hình", "Cơ sở cần có"]],
        ["A1:D1", "A2:D2"],
        [[1, "Phường 1", "Chợ", 3], [2, "Xã Tân Khánh Đông", "Trường học", 4]],
    )


def _mapped_to(page: Page, heading: str, field_label: str) -> None:
    """The mapping step's select box for the file's column `heading` shows `field_label`."""
    # the label is the heading as inert Markdown, and its accessible name keeps the escapes ("Phường\\/Xã")
    expect(page.get_by_role("combobox", name=inert.markdown(heading), exact=True)).to_have_value(field_label)


def _map(page: Page, heading: str, field_label: str) -> None:
    """Change the column `heading` to `field_label` by clicking, as the officer does (conftest.choose finds
    boxes by label, which here also matches the box's "Help for <heading>" button)."""
    box = page.get_by_role("combobox", name=inert.markdown(heading), exact=True)
    box.click()
    box.fill(field_label)
    page.get_by_role("option", name=field_label, exact=True).click()
    _mapped_to(page, heading, field_label)


def _upload(page: Page, label: str, path: Path) -> None:
    page.get_by_test_id("stFileUploader").filter(has_text=label).locator("input[type=file]").set_input_files(str(path))


def test_an_office_workbook_imports_through_the_mapping_step(tmp_path_factory, page: Page):
    folder = make_demo_folder(tmp_path_factory)
    venue_file = folder / "danh-sach-co-so.xlsx"
    venue_file.write_bytes(_venue_list())
    targets_file = folder / "so-du-kien.xlsx"
    targets_file.write_bytes(_expected_counts())
    with streamlit_server(folder) as url:
        page.goto(f"{url}/venues")
        sign_in(page, "vanhoa", demo_password("vanhoa"))
        page.get_by_role("tab", name=t("imp.tab", "vi")).click()
        _upload(page, t("imp.upload", "vi"), venue_file)
        expect(page.get_by_text(t("imp.mapping", "vi"), exact=True)).to_be_visible()
        expect(page.get_by_text("trang tính “Danh sách”, tiêu đề ở dòng 4", exact=False)).to_be_visible()
        for heading, key in (("Tên cơ sở", "venue.name"), ("Phường/Xã", "imp.f_ward"), ("Số nhà, đường", "venue.address")):
            _mapped_to(page, heading, t(key, "vi"))
        _mapped_to(page, "Liên hệ", t("imp.f_ignore", "vi"))  # not recognised: without it the phone is missing
        missing = t("imp.missing_fields", "vi", columns=t("venue.registrant_phone", "vi"))
        expect(page.get_by_role("alert").filter(has_text=missing)).to_be_visible()
        _map(page, "Liên hệ", t("venue.registrant_phone", "vi"))
        expect(page.get_by_text(t("imp.summary", "vi", ok=3, bad=1))).to_be_visible()
        settled(page)  # a click while the mapping's run is still drawing was lost under load (no download in 30 s)
        with page.expect_download() as download:
            page.get_by_role("button", name=t("imp.rejected_csv", "vi")).click()
        refused = list(csv.DictReader(io.StringIO(Path(download.value.path()).read_text("utf-8-sig"))))
        assert [(r[t("imp.col_line", "vi")], r["Tên cơ sở"], r[t("imp.col_reason", "vi")]) for r in refused] == [
            ("9", "Karaoke Sao Mai", REFUSED)
        ]
        page.get_by_role("button", name=t("imp.run", "vi", n=3)).click()
        expect(page.get_by_text(t("imp.done", "vi", n=3, rejected=1)).first).to_be_visible()  # also a toast, if flashed

        page.goto(f"{url}/compliance")
        page.get_by_text(t("cp.scheme_2021", "vi")).click()
        _upload(page, t("cp.targets_import", "vi"), targets_file)
        _mapped_to(page, "Phường/Xã", t("target.f_ward", "vi"))
        _mapped_to(page, "Cơ sở cần có", t("imp.f_ignore", "vi"))
        _map(page, "Cơ sở cần có", t("target.f_expected", "vi"))
        expect(page.get_by_text(t("target.preview_summary", "vi", ok=2, bad=0))).to_be_visible()
        page.get_by_role("button", name=t("cp.targets_import", "vi")).click()
        expect(page.get_by_text(t("cp.targets_imported", "vi", n=2)).first).to_be_visible()  # the flash and its toast

    settings = load_settings(env_for(folder))
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        venues = cur.execute(
            """
            SELECT name, category, ward_code, address, registrant_phone
            FROM venues
            WHERE name IN (?, ?, ?, ?)
            ORDER BY name
            """,
            [row[1] for row in VENUES],
        ).fetchall()
        expected = cur.execute(
            """
            SELECT ward_code, category, expected
            FROM expected_venues
            WHERE scheme = '2021' AND (ward_code, category) IN (('29905', 'market'), ('29914', 'school'))
            ORDER BY ward_code
            """
        ).fetchall()
    db.close_database(settings.db_path)
    assert venues == [
        ("Chùa Kim Huê", "religious", "29914", "Ấp Tân Hòa", "0912345673"),
        ("Chợ Rạch Rích", "market", "29905", "3 Nguyễn Huệ", "0912345671"),
        ("Quán ăn Bà Tư", "restaurant", "29911", "8 Lê Lợi", "0912345672"),
    ]
    assert expected == [("29905", "market", 3), ("29914", "school", 4)]
