"""Issue 21: the weekly report, as the chair prints it. The PDF is rendered to images with pypdfium2 and its
text read back: the administrative layout's parts in Vietnamese with their diacritics, and the figures equal to
those of the scoped queries; a ward chair's report holds their ward only; the .docx says the same; each file
is audited and needs a reason; the demo city's report is made in well under 5 s."""

import io
import time

import pypdfium2 as pdfium
import pytest
from docx import Document

from lib.access.scope import scope_for
from lib.analytics import compliance, report_files, weekly_report
from lib.platform.errors import InvalidInputError
from lib.platform.i18n import format_number
from lib.platform.times import now_utc, to_local
from tests.builders import demo_user

AUTHORITY, PLACE = "UBND thành phố Sa Đéc", "867"  # the city settings' district: the date line says Sa Đéc


def _pdf_text(raw):
    doc = pdfium.PdfDocument(raw)
    pages = []
    for page in doc:
        image = page.render(scale=1).to_pil()
        assert image.size[0] > 500 and image.convert("L").getextrema()[0] < 50  # rendered, with ink on it
        pages.append(page.get_textpage().get_text_range())
    return "\n".join(pages).replace("\r", ""), len(pages)


def _report(cur, user, fmt, ward=None):
    return report_files.report_file(cur, user, to_local(now_utc()).date(), ward, fmt, "họp UBND", AUTHORITY, PLACE)


@pytest.mark.parametrize("username", ["vanhoa", "phuong1"])
def test_the_pdf_has_the_administrative_layout_and_the_scoped_figures(demo_db, username):
    user = demo_user(demo_db, username)
    with demo_db.cursor() as cur:
        started = time.perf_counter()
        raw = _report(cur, user, "pdf")
        elapsed = time.perf_counter() - started
        figures = weekly_report.gather(cur, user, to_local(now_utc()).date())
        wards = compliance.ward_summary(cur, scope_for(user), compliance.Options(scope_for(user).ward_scheme or "2025"))
    text, pages = _pdf_text(raw)
    flat = " ".join(text.split())
    for part in ("UBND THÀNH PHỐ SA ĐÉC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Số:"):
        assert part in flat, part
    for part in ("1. Đăng ký và sử dụng mã QR", "2. Lượt ra vào", "3. Khai báo có nguy cơ", "4. Cơ sở cần liên hệ", "Nơi nhận:"):
        assert part in flat, part
    assert f"Sa Đéc, ngày {figures.made_at:%d} tháng {figures.made_at:%m} năm {figures.made_at.year}" in flat
    assert f"tuần từ {figures.since:%d/%m/%Y} đến {figures.until:%d/%m/%Y}" in flat
    assert figures.registered == int(wards["registered"].sum()) > 0
    assert f"Số địa điểm đã đăng ký: {format_number(figures.registered)}" in flat
    assert f"Đang sử dụng mã (có lượt quét trong 7 ngày): {format_number(figures.active)}" in flat
    assert f"Tổng lượt check-in trong tuần: {format_number(figures.checkins)}" in flat
    assert f"đang mở: {format_number(figures.risk_open)}" in flat
    assert "Lượt check-in theo ngày" not in flat  # the chart is an image, drawn in the same font
    for _, phone in zip(range(5), figures.to_call["registrant_phone"], strict=False):
        assert phone in flat
    if username == "phuong1":
        assert "UBND PHƯỜNG 1" in flat and "CHỦ TỊCH" in flat
        assert set(figures.wards["ward_code"]) == {user.ward_code} and figures.ward[1] == user.ward_code
    else:
        assert "PHÒNG VĂN HÓA VÀ THÔNG TIN" in flat and "TRƯỞNG PHÒNG" in flat
        assert all(name in flat for name in figures.wards["ward_name"])
    assert pages >= 1 and elapsed < 5


def test_a_ward_chair_gets_their_own_ward_whatever_is_asked_and_the_office_may_narrow(demo_db):
    chair, office = demo_user(demo_db, "phuong1"), demo_user(demo_db, "vanhoa")
    day = to_local(now_utc()).date()
    with demo_db.cursor() as cur:
        asked = weekly_report.gather(cur, chair, day, ward=("2021", "29911"))
        narrowed = weekly_report.gather(cur, office, day, ward=("2021", chair.ward_code))
        city = weekly_report.gather(cur, office, day)
    assert asked.ward[1] == chair.ward_code and narrowed.registered == asked.registered < city.registered
    assert set(asked.to_call["ward_code"]) <= {chair.ward_code}


def test_the_docx_says_the_same_and_every_file_is_audited_with_its_reason(demo_db):
    office = demo_user(demo_db, "vanhoa")
    with demo_db.cursor() as cur:
        raw = _report(cur, office, "docx")
        figures = weekly_report.gather(cur, office, to_local(now_utc()).date())
        with pytest.raises(InvalidInputError):
            report_files.report_file(cur, office, figures.since, None, "pdf", "", AUTHORITY, PLACE)
        audited = cur.execute(
            "SELECT target, reason FROM audit_log WHERE action = 'export' AND username = 'vanhoa' ORDER BY audit_id DESC LIMIT 1"
        ).fetchone()
    doc = Document(io.BytesIO(raw))
    body = " ".join(p.text for p in doc.paragraphs)
    cells = " ".join(c.text for table in doc.tables for row in table.rows for c in row.cells)
    assert "BÁO CÁO" in body and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in cells and "Nơi nhận:" in cells
    assert f"Số địa điểm đã đăng ký: {format_number(figures.registered)}" in body
    assert len(doc.inline_shapes) == 1  # the footfall chart
    assert audited[0] == f"bao-cao-tuan-{figures.since:%Y%m%d}" and "họp UBND" in str(audited[1])
