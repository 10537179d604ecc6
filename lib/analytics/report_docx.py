"""The weekly report as a Word document the office edits (python-docx): the same parts, texts, tables and chart
as the PDF of lib.analytics.report_documents, in the administrative layout (two-column heading and signature
blocks as borderless tables)."""

from __future__ import annotations

import io
from typing import Any, cast

from lib.analytics.report_documents import Heading, call_rows, chart_png, paragraphs, ward_rows
from lib.analytics.weekly_report import WeeklyFigures
from lib.platform.i18n import t


def docx_bytes(figures: WeeklyFigures, heading: Heading, lang: str) -> bytes:
    """The same report as a Word document the office edits."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = Document()
    style = cast(Any, doc.styles["Normal"])
    style.font.name = "Times New Roman"  # the administrative documents' font; Word substitutes where missing
    style.font.size = Pt(13)
    for section in doc.sections:
        section.left_margin, section.right_margin, section.top_margin = Cm(3), Cm(2), Cm(2)
    made = figures.made_at
    top = doc.add_table(rows=1, cols=2)
    left, right = top.rows[0].cells
    _centred(
        left, [(heading.body, False, False), (heading.unit, True, False), (t("rep.number", lang, suffix=heading.suffix), False, False)]
    )
    date_line = t("rep.date_line", lang, place=heading.place, d=f"{made:%d}", m=f"{made:%m}", y=made.year)
    _centred(right, [(t("rep.nation", lang), True, False), (t("rep.motto", lang), True, False), (date_line, False, True)])
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(t("rep.title", lang)).bold = True
    subject = doc.add_paragraph()
    subject.alignment = WD_ALIGN_PARAGRAPH.CENTER
    subject.add_run(t("rep.subject", lang, since=f"{figures.since:%d/%m/%Y}", until=f"{figures.until:%d/%m/%Y}")).bold = True
    texts = paragraphs(figures, lang)
    for part in ("s1", "s2", "s3", "s4"):
        doc.add_paragraph().add_run(t(f"rep.{part}", lang)).bold = True
        for line in texts[part]:
            doc.add_paragraph(f"- {line}")
        if part == "s1" and figures.ward is None:
            _docx_table(doc, *ward_rows(figures, lang))
        if part == "s2":
            doc.add_picture(io.BytesIO(chart_png(figures, lang)), width=Cm(16))
        if part == "s4" and len(figures.to_call):
            _docx_table(doc, *call_rows(figures, lang))
    bottom = doc.add_table(rows=1, cols=2)
    left, right = bottom.rows[0].cells
    left.paragraphs[0].add_run(t("rep.recipients", lang)).bold = True
    for line in heading.recipients:
        left.add_paragraph(line)
    _centred(right, [(heading.signer, True, False), (t("rep.sign_note", lang), False, True)])
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _centred(cell, lines: list[tuple[str, bool, bool]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    for i, (text, bold, italic) in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic


def _docx_table(doc, head: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(head))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
