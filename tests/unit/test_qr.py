"""QR round trips without a camera: token -> segno -> pyzbar -> the same venue, also through the PDF poster."""

import io
import zipfile
from dataclasses import replace
from datetime import date

import pypdfium2
import pytest
import zxingcpp

from lib.codes import decoding, rendering, tokens

SECRET = "s"


def _poster(venue_id="K7M2QX", name="Chợ Sa Đéc – Phường 1", version=2):
    token = tokens.sign(SECRET, tokens.VENUE, venue_id, version)
    return rendering.Poster(
        venue_id,
        name,
        "12 Nguyễn Huệ, Phường 1, Thành phố Sa Đéc, Tỉnh Đồng Tháp",
        tokens.venue_url("https://qr.sadec.example", token),
        version,
        date(2026, 11, 27),
        "UBND thành phố Sa Đéc",
    )


def test_png_round_trip_to_the_same_venue():
    poster = _poster()
    payloads = decoding.decode_image(rendering.png_bytes(poster.url))
    assert payloads == [poster.url]
    assert tokens.verify(SECRET, tokens.token_from_scan(payloads[0], "https://qr.sadec.example")) == tokens.Token("V", "K7M2QX", 2)


def test_svg_is_an_svg_image():
    assert rendering.svg_bytes("hello").lstrip().startswith(b"<?xml")


def _render_pages(pdf_bytes, dpi=100):
    document = pypdfium2.PdfDocument(pdf_bytes)
    return [document[i].render(scale=dpi / 72).to_pil() for i in range(len(document))], document


def test_pdf_poster_decodes_to_the_venue_and_is_a4_with_a_15cm_qr():
    posters = [_poster("K7M2QX"), _poster("ABC234", name="Karaoke Hoàng Gia " * 4, version=1)]
    pdf = rendering.posters_pdf(posters)
    images, document = _render_pages(pdf)
    assert len(images) == 2
    width_pt, height_pt = document[0].get_size()
    assert (round(width_pt / 72 * 25.4), round(height_pt / 72 * 25.4)) == (210, 297)
    for image, poster in zip(images, posters, strict=True):
        assert decoding.decode_image(image) == [poster.url]
    # the QR (dark modules' bounding box plus the quiet zone) is at least 150 mm wide
    gray = images[0].convert("L")
    box = gray.point(lambda v: 255 if v < 128 else 0).getbbox()
    text = document[0].get_textpage().get_text_range()
    assert "Chợ Sa Đéc – Phường 1" in text and "Quét mã để khai báo và check-in" in text
    assert "Mã địa điểm: K7M2QX" in text and "In ngày 27/11/2026" in text
    dark_mm = (box[2] - box[0]) / 100 * 25.4
    assert dark_mm > 130  # dark area alone; with the 4-module quiet zone the code is >= 150 mm


def test_png_zip_has_one_png_per_venue():
    data = rendering.png_zip([_poster("K7M2QX"), _poster("ABC234")])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert sorted(archive.namelist()) == ["ABC234-v2.png", "K7M2QX-v2.png"]
        assert decoding.decode_image(archive.read("ABC234-v2.png"))[0].endswith(tokens.sign(SECRET, "V", "ABC234", 2))


@pytest.mark.parametrize("data", [b"", b"not an image", b"\x89PNG\r\n\x1a\n broken"])
def test_garbage_images_decode_to_nothing(data):
    assert decoding.decode_image(data) == []


@pytest.mark.parametrize("decoder", ["pyzbar", "zxing"])
def test_both_decoders_read_a_poster_photo(decoder):
    from PIL import Image, ImageFilter

    poster = _poster()
    image = Image.open(io.BytesIO(rendering.png_bytes(poster.url, scale=6))).convert("L").rotate(7, expand=True, fillcolor=255)
    image = image.filter(ImageFilter.GaussianBlur(1))
    assert decoding.decode_image(image, decoder) == [poster.url]
    assert decoding.decode_image(b"garbage", decoder) == []


def _symbol_mm(image, dpi):
    """Width and height of the QR symbol itself (its modules, not the quiet zone or the image box), from the
    corners the decoder finds on the rendered page."""
    position = zxingcpp.read_barcodes(image)[0].position
    return (
        (position.top_right.x - position.top_left.x) / dpi * 25.4,
        (position.bottom_left.y - position.top_left.y) / dpi * 25.4,
    )


def test_poster_qr_symbol_itself_is_at_least_15cm_even_under_a_long_name():
    posters = [_poster(), _poster("ABC234", name="Đám cưới Nguyễn Văn An và Trần Thị Bình " * 3)]
    images, _ = _render_pages(rendering.posters_pdf(posters), dpi=150)
    for image in images:
        width, height = _symbol_mm(image, 150)
        assert width >= 150 and height >= 150, (width, height)


def test_poster_prints_the_hotline_and_an_events_dates_and_keeps_everything_on_the_sheet():
    hotline = ("Đường dây nóng y tế: 1900 9095", "Health hotline: 1900 9095")
    longest = ("Đám cưới Nguyễn Văn An và Trần Thị Bình " * 4)[:150]  # the longest name the registry accepts
    event = replace(_poster("ABC234", name=longest), hotline=hotline, address="Số 123/45 Đường Nguyễn Sinh Sắc nối dài, " * 2)
    event = replace(event, event_dates="Sự kiện từ 05/12/2026 16:00 đến 05/12/2026 22:00")
    images, document = _render_pages(rendering.posters_pdf([replace(_poster(), hotline=hotline), event]), dpi=150)
    assert all(_symbol_mm(image, 150)[0] >= 150 for image in images)
    first, second = (document[i].get_textpage().get_text_range() for i in range(2))
    assert "Đường dây nóng y tế: 1900 9095" in first and "Health hotline: 1900 9095" in first
    assert "Sự kiện từ 05/12/2026 16:00 đến 05/12/2026 22:00" in second and "Sự kiện" not in first
    for page in range(2):  # the last line stays above a 5 mm edge of the sheet
        text = document[page].get_textpage()
        assert min(text.get_charbox(i)[1] for i in range(text.count_chars())) > 5 / 25.4 * 72
