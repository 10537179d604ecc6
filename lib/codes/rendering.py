"""QR rendering with segno: PNG and SVG downloads, and A4 PDF posters with fpdf2.

The poster QR is drawn as vector rectangles (crisp at any print size, and fast: one rectangle per run of dark
modules). Text uses Be Vietnam Pro, embedded, so Vietnamese diacritics print correctly everywhere.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import cast

import fontpkg_be_vietnam_pro
import segno
from fpdf import FPDF

FONT_DIR = Path(fontpkg_be_vietnam_pro.__file__).resolve().parent / "files"
FONT = "BeVietnamPro"
QR_SYMBOL_MM = 160  # the symbol itself (its modules, without the quiet zone) where the page has room
QR_SYMBOL_MIN_MM = 152  # the directive's minimum is 150 mm for the symbol (not the image box); 2 mm spare for the printer
QUIET_MODULES = 4  # the white margin every QR needs around its modules
PAGE_W, PAGE_H = 210, 297


@dataclass(frozen=True)
class Poster:
    """Everything printed on one venue poster (the names come from the database, never from a code)."""

    venue_id: str
    name: str
    address: str
    url: str
    version: int
    printed_on: date
    authority: str
    hotline: tuple[str, ...] = ()  # the health hotline line(s), Vietnamese then English, from the catalogue
    event_dates: str = ""  # a temporary event's "from ... to ..." line (Vietnam time); "" for a permanent venue


def make_qr(payload: str) -> segno.QRCode:
    """Error correction M: survives a little dirt and glare on a posted sheet."""
    return segno.make(payload, error="m", micro=False)


def png_bytes(payload: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    make_qr(payload).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def svg_bytes(payload: str, scale: int = 10) -> bytes:
    out = io.BytesIO()
    make_qr(payload).save(out, kind="svg", scale=scale, border=4, xmldecl=True)
    return out.getvalue()


def new_pdf(orientation: str = "P") -> FPDF:
    """An A4 document with Be Vietnam Pro (regular and bold) registered; posters break pages themselves,
    landscape lists (call lists) let fpdf2 break them."""
    pdf = FPDF(orientation=orientation, unit="mm", format="A4")
    pdf.set_auto_page_break(orientation != "P")
    pdf.set_margins(15, 12, 15)
    pdf.add_font(FONT, "", str(FONT_DIR / "BeVietnamPro-Regular.ttf"))
    pdf.add_font(FONT, "B", str(FONT_DIR / "BeVietnamPro-Bold.ttf"))
    pdf.set_creator("QR check-in Sa Đéc")
    return pdf


def _draw_qr(pdf: FPDF, payload: str, x: float, y: float, width: float) -> None:
    """Vector QR: quiet zone of 4 modules included in `width`; horizontal runs merged into one rectangle."""
    matrix = list(make_qr(payload).matrix)
    _draw_modules(pdf, matrix, x, y, width / (len(matrix) + 2 * QUIET_MODULES))


def _draw_modules(pdf: FPDF, matrix: list, x: float, y: float, module: float) -> None:
    """The dark modules from the top left corner (x, y) of the quiet zone, `module` mm each."""
    seam = module * 0.04
    pdf.set_fill_color(0, 0, 0)
    for row_index, row in enumerate(matrix):
        top = y + (row_index + QUIET_MODULES) * module
        col = 0
        while col < len(row):
            if row[col]:
                start = col
                while col < len(row) and row[col]:
                    col += 1
                # a hair of overlap so viewers do not show white seams between neighbouring rectangles
                left = x + (start + QUIET_MODULES) * module
                pdf.rect(left, top, (col - start) * module + seam, module + seam, style="F")
            else:
                col += 1


def _centered(pdf: FPDF, text: str, size: float, bold: bool = False, height: float | None = None) -> None:
    pdf.set_font(FONT, "B" if bold else "", size)
    # fpdf2 garbles decomposed (NFD) Vietnamese: always draw the composed form
    pdf.multi_cell(0, height or size * 0.45, unicodedata.normalize("NFC", text), align="C", new_x="LMARGIN", new_y="NEXT")


def _poster_page(pdf: FPDF, poster: Poster) -> None:
    pdf.add_page()
    _centered(pdf, poster.authority.upper(), 11)
    pdf.ln(2)
    _centered(pdf, "MÃ QR ĐỊA ĐIỂM – KHAI BÁO Y TẾ", 18, bold=True)
    pdf.ln(2)
    _centered(pdf, poster.name, _fitting_size(pdf, poster.name, (22, 18, 15), bold=True), bold=True)
    _centered(pdf, poster.address, _fitting_size(pdf, poster.address, (12, 10)))
    if poster.event_dates:
        _centered(pdf, poster.event_dates, 13, bold=True)
    matrix = list(make_qr(poster.url).matrix)
    module = _module_mm(len(matrix), pdf.get_y(), footer=40 + 5 * len(poster.hotline))
    box = module * (len(matrix) + 2 * QUIET_MODULES)
    # the quiet zone may reach into the side margins: it is white paper either way
    _draw_modules(pdf, matrix, (PAGE_W - box) / 2, pdf.get_y(), module)
    pdf.set_y(pdf.get_y() + box)
    _centered(pdf, "Quét mã để khai báo và check-in", 16, bold=True)
    pdf.ln(1)
    _centered(pdf, f"Mã địa điểm: {poster.venue_id}", 20, bold=True)
    for n, line in enumerate(poster.hotline):
        _centered(pdf, line, 14 if n == 0 else 10, bold=n == 0)
    pdf.ln(1)
    _centered(pdf, f"Phiên bản mã {poster.version} · In ngày {poster.printed_on:%d/%m/%Y}", 10)
    _centered(pdf, "Không cần cài ứng dụng: mở camera điện thoại và quét mã.", 10)


def _fitting_size(pdf: FPDF, text: str, sizes: tuple[float, ...], bold: bool = False, lines: int = 2) -> float:
    """The largest font size that sets `text` in at most `lines` lines (else the smallest): a long venue name
    must not push the 15 cm symbol's footer off the sheet."""
    for size in sizes:
        pdf.set_font(FONT, "B" if bold else "", size)
        set_lines = pdf.multi_cell(0, size * 0.45, unicodedata.normalize("NFC", text), dry_run=True, output="LINES")
        if len(cast(list, set_lines)) <= lines:  # output="LINES" answers the list of lines
            return size
    return sizes[-1]


def _module_mm(modules: int, top: float, footer: float) -> float:
    """The module size that makes the symbol QR_SYMBOL_MM wide, shrunk to fit the page height under `top`
    (a long name takes lines) but never below QR_SYMBOL_MIN_MM: the directive measures the symbol."""
    fitting = (PAGE_H - 6 - footer - top) / (modules + 2 * QUIET_MODULES)
    return max(QR_SYMBOL_MIN_MM / modules, min(QR_SYMBOL_MM / modules, fitting))


def posters_pdf(posters: Iterable[Poster], progress: Callable[[int], object] | None = None) -> bytes:
    """One A4 page per poster, as one PDF; `progress(n)` after each page for a progress bar."""
    pdf = new_pdf()
    for n, poster in enumerate(posters, start=1):
        _poster_page(pdf, poster)
        if progress:
            progress(n)
    return bytes(pdf.output())


def png_zip(posters: Iterable[Poster], progress: Callable[[int], object] | None = None) -> bytes:
    """A ZIP with one QR PNG per venue, named by venue code."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as archive:
        for n, poster in enumerate(posters, start=1):
            archive.writestr(f"{poster.venue_id}-v{poster.version}.png", png_bytes(poster.url))
            if progress:
                progress(n)
    return out.getvalue()


@dataclass(frozen=True)
class Card:
    """A personal code card for someone without a phone: the code, the masked name and the status."""

    token: str
    masked_name: str
    caption: str


CARD_QR_MM = 60  # the directive's minimum for printed personal codes is 5 x 5 cm


def cards_pdf(cards: Iterable[Card]) -> bytes:
    """A4 sheets of 2 x 3 cut-out cards, each with a 6 cm personal QR, the masked name and a caption."""
    pdf = new_pdf()
    for n, card in enumerate(cards):
        if n % 6 == 0:
            pdf.add_page()
        col, row = n % 2, (n % 6) // 2
        x, y = 15 + col * 92, 12 + row * 92
        pdf.set_draw_color(160, 160, 160)
        pdf.rect(x, y, 88, 88)
        _draw_qr(pdf, card.token, x + (88 - CARD_QR_MM) / 2, y + 3, CARD_QR_MM)
        pdf.set_xy(x + 2, y + CARD_QR_MM + 5)
        pdf.set_font(FONT, "B", 12)
        pdf.cell(84, 6, card.masked_name, align="C", new_x="LEFT", new_y="NEXT")
        pdf.set_font(FONT, "", 8)
        pdf.multi_cell(84, 4, card.caption, align="C")
    return bytes(pdf.output())
