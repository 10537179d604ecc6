"""The weekly report as documents: a PDF to print (fpdf2, Be Vietnam Pro embedded so every diacritic prints)
and a .docx the office edits (python-docx), both in the Vietnamese administrative layout: the issuing body
and the national motto side by side, the number and the place-and-date line, "BÁO CÁO" and its subject, the
numbered parts (adoption, footfall with a chart, the risk queue, the venues to call) and "Nơi nhận" beside
the signature. The chart is one PNG drawn with Pillow in the same font, placed in both documents."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pandas as pd
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFont

from lib.analytics.weekly_report import WeeklyFigures
from lib.codes.rendering import FONT, FONT_DIR, new_pdf
from lib.platform.frames import named_rows
from lib.platform.i18n import format_number, t


@dataclass(frozen=True)
class Heading:
    """Who issues the report: the body above (the city's People's Committee), the issuing unit, the number's
    suffix, the place of the date line, who signs, who receives."""

    body: str
    unit: str
    suffix: str
    place: str
    signer: str
    recipients: tuple[str, ...]


def heading_for(figures: WeeklyFigures, authority: str, place: str, lang: str) -> Heading:
    """The city office's heading, or the ward's People's Committee's for a ward report."""
    body = authority.upper()
    if figures.ward is None:
        recipients = (t("rep.to_city", lang), t("rep.to_wards", lang), t("rep.to_archive", lang))
        return Heading(body, t("rep.unit_office", lang), "BC-VHTT", place, t("rep.signer_office", lang), recipients)
    recipients = (t("rep.to_city", lang), t("rep.to_office", lang), t("rep.to_archive", lang))
    unit = f"UBND {figures.ward[2]}".upper()
    return Heading(body, unit, "BC-UBND", place, t("rep.signer_ward", lang), recipients)


def _percent(part: int, whole: int | None) -> str:
    return f"{part / whole:.0%}" if whole else "–"


def paragraphs(figures: WeeklyFigures, lang: str) -> dict[str, list[str]]:
    """The text of each numbered part, as both documents print it."""
    f, n = figures, format_number
    expected = t("rep.of_expected", lang, n=n(f.expected), rate=_percent(f.registered, f.expected)) if f.expected else ""
    change = _percent(f.checkins - f.checkins_before, f.checkins_before) if f.checkins_before else "–"
    top = "; ".join(f"{name} ({n(c)})" for _, name, c in f.top_venues) or "–"
    risk = f.risk_new
    return {
        "s1": [
            t("rep.registered", lang, n=n(f.registered), expected=expected),
            t("rep.printed", lang, n=n(f.printed), share=_percent(f.printed, f.registered)),
            t("rep.active", lang, n=n(f.active), share=_percent(f.active, f.registered)),
            t("rep.silent", lang, n=n(f.silent)),
            t("rep.posters", lang, n=n(f.needs_check), m=n(f.outdated)),
        ],
        "s2": [
            t("rep.checkins", lang, n=n(f.checkins), before=n(f.checkins_before), change=change),
            t("rep.top", lang, venues=top),
        ],
        "s3": [
            t("rep.risk", lang, total=n(sum(risk.values())), new=n(risk["new"]), contacted=n(risk["contacted"]))
            + t("rep.risk_more", lang, referred=n(risk["referred"]), cleared=n(risk["cleared"]), open=n(f.risk_open)),
        ],
        "s4": [t("rep.to_call", lang, n=n(f.to_call_total))],
    }


def ward_rows(figures: WeeklyFigures, lang: str) -> tuple[list[str], list[list[str]]]:
    """The table of wards (city report): headings and rows."""
    head = [
        t(k, lang)
        for k in ("rep.col_ward", "rep.col_registered", "rep.col_printed", "rep.col_active", "rep.col_silent", "rep.col_adoption")
    ]
    rows = [
        [str(r.ward_name), *(format_number(int(v)) for v in (r.registered, r.printed, r.active, r.silent)), _rate(r.adoption)]
        for r in named_rows(figures.wards)
    ]
    return head, rows


def _rate(value: object) -> str:
    return f"{float(value):.0%}" if value is not None and pd.notna(value) else "–"  # type: ignore[arg-type]


def call_rows(figures: WeeklyFigures, lang: str) -> tuple[list[str], list[list[str]]]:
    """The venues to call: name, ward, phone, why."""
    head = [t(k, lang) for k in ("rep.col_name", "rep.col_ward", "rep.col_phone", "rep.col_reason")]
    rows = []
    for r in named_rows(figures.to_call):
        why = [
            t(key, lang)
            for key, flag in (("rep.why_silent", r.silent), ("rep.why_check", r.needs_check), ("rep.why_outdated", r.outdated))
            if flag
        ]
        rows.append([str(r.name), str(r.ward_name), str(r.registrant_phone), ", ".join(why)])
    return head, rows


def chart_png(figures: WeeklyFigures, lang: str) -> bytes:
    """Check-ins per day of the week as bars with their counts and dd/mm labels (1600 x 600 px)."""
    width, height, left, bottom, top = 1600, 600, 60, 90, 70
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    regular = ImageFont.truetype(str(FONT_DIR / "BeVietnamPro-Regular.ttf"), 26)
    bold = ImageFont.truetype(str(FONT_DIR / "BeVietnamPro-Bold.ttf"), 30)
    draw.text((left, 16), t("rep.chart_title", lang), font=bold, fill="black")
    highest = max([n for _, n in figures.per_day] + [1])
    slot = (width - 2 * left) / max(1, len(figures.per_day))
    base = height - bottom
    draw.line((left, base, width - left, base), fill="black", width=2)
    for i, (day, count) in enumerate(figures.per_day):
        x0 = left + i * slot + slot * 0.2
        x1 = left + (i + 1) * slot - slot * 0.2
        y0 = base - (base - top - 40) * count / highest
        draw.rectangle((x0, y0, x1, base), fill=(31, 119, 180))
        label = format_number(count)
        draw.text(((x0 + x1) / 2, y0 - 8), label, font=regular, fill="black", anchor="md")
        draw.text(
            ((x0 + x1) / 2, base + 14), f"{t(f'rep.dow{day.isoweekday()}', lang)} {day:%d/%m}", font=regular, fill="black", anchor="ma"
        )
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def pdf_bytes(figures: WeeklyFigures, heading: Heading, lang: str) -> bytes:
    """The report as an A4 PDF."""
    pdf = new_pdf()
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font(FONT, "I", str(FONT_DIR / "BeVietnamPro-Italic.ttf"))
    pdf.add_page()
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    y = pdf.get_y()
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(half, 5.5, heading.body, align="C")
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(half, 5.5, heading.unit, align="C")
    pdf.set_font(FONT, "", 11)
    pdf.multi_cell(half, 7, t("rep.number", lang, suffix=heading.suffix), align="C")
    below_left = pdf.get_y()
    pdf.set_xy(pdf.l_margin + half, y)
    pdf.set_font(FONT, "B", 10.5)
    pdf.multi_cell(half, 5.5, t("rep.nation", lang), align="C")
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(half, 5.5, t("rep.motto", lang), align="C")
    pdf.line(pdf.l_margin + half + 22, pdf.get_y(), pdf.l_margin + 2 * half - 22, pdf.get_y())
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font(FONT, "I", 11)
    made = figures.made_at
    pdf.multi_cell(half, 9, t("rep.date_line", lang, place=heading.place, d=f"{made:%d}", m=f"{made:%m}", y=made.year), align="C")
    pdf.set_y(max(below_left, pdf.get_y()) + 4)
    pdf.set_font(FONT, "B", 14)
    pdf.cell(0, 8, t("rep.title", lang), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "B", 12)
    subject = t("rep.subject", lang, since=f"{figures.since:%d/%m/%Y}", until=f"{figures.until:%d/%m/%Y}")
    pdf.multi_cell(0, 6, subject, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    texts = paragraphs(figures, lang)
    for part in ("s1", "s2", "s3", "s4"):
        pdf.set_font(FONT, "B", 12)
        pdf.multi_cell(0, 7, t(f"rep.{part}", lang), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 11)
        for line in texts[part]:
            pdf.multi_cell(0, 6, f"- {line}", new_x="LMARGIN", new_y="NEXT")
        if part == "s1" and figures.ward is None:
            _pdf_table(pdf, *ward_rows(figures, lang), (60, 24, 24, 24, 24, 24))
        if part == "s2":
            pdf.image(io.BytesIO(chart_png(figures, lang)), w=pdf.w - pdf.l_margin - pdf.r_margin)
        if part == "s4" and len(figures.to_call):
            _pdf_table(pdf, *call_rows(figures, lang), (64, 38, 30, 48))
    pdf.ln(6)
    y = pdf.get_y()
    if y > pdf.h - 60:
        pdf.add_page()
        y = pdf.get_y()
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(half, 6, t("rep.recipients", lang), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FONT, "", 10)
    for line in heading.recipients:
        pdf.multi_cell(half, 5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + half, y)
    pdf.set_font(FONT, "B", 11)
    pdf.multi_cell(half, 6, heading.signer, align="C")
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font(FONT, "I", 10)
    pdf.multi_cell(half, 6, t("rep.sign_note", lang), align="C")
    return bytes(pdf.output())


def _pdf_table(pdf: FPDF, head: list[str], rows: list[list[str]], widths: tuple[int, ...]) -> None:
    """A ruled table of one line per row, texts shortened to their column (fpdf2's table() measured every
    cell and took seconds for forty rows)."""
    pdf.ln(1)
    for style, cells in (("B", head), *(("", row) for row in rows)):
        pdf.set_font(FONT, style, 9)
        for width, text in zip(widths, cells, strict=True):
            pdf.cell(width, 6, _fit(pdf, text, width - 2), border=1)
        pdf.ln()
    pdf.ln(2)


def _fit(pdf: FPDF, text: str, width: float) -> str:
    if pdf.get_string_width(text) <= width:
        return text
    while text and pdf.get_string_width(text + "…") > width:
        text = text[:-1]
    return text + "…"
