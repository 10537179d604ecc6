"""The weekly report files a page or the command line asks for: the figures gathered in the user's scope, the
export audited with its reason before the bytes exist, then the PDF or the .docx."""

from __future__ import annotations

from datetime import date

import duckdb

from lib.access import audit
from lib.access.users import User
from lib.analytics.report_documents import heading_for, pdf_bytes
from lib.analytics.report_docx import docx_bytes
from lib.analytics.weekly_report import gather
from lib.platform import admin_units


def place_of(cur: duckdb.DuckDBPyConnection, district: str) -> str:
    """The place of the date line: the city's name without its type ('Thành phố Sa Đéc' -> 'Sa Đéc')."""
    name = admin_units.unit_name(cur, admin_units.SCHEME_2021, "district", district)
    for kind in ("Thành phố ", "Thị xã ", "Huyện ", "Quận "):
        name = name.removeprefix(kind)
    return name


def report_file(
    cur: duckdb.DuckDBPyConnection,
    user: User,
    week_day: date,
    ward: tuple[str, str] | None,
    fmt: str,
    reason: str,
    authority: str,
    district: str,
    lang: str = "vi",
) -> bytes:
    """The weekly report as `fmt` ('pdf' or 'docx') for the user's scope (an office may narrow it to `ward`):
    audited as an export (it lists registrants' phones) before it is made; InvalidInputError without a reason."""
    figures = gather(cur, user, week_day, ward)
    place = place_of(cur, district)
    heading = heading_for(figures, authority, place, lang)
    make = (lambda: pdf_bytes(figures, heading, lang)) if fmt == "pdf" else (lambda: docx_bytes(figures, heading, lang))
    target = f"bao-cao-tuan-{figures.since:%Y%m%d}" + (f"-{figures.ward[1]}" if figures.ward else "")
    return audit.exported_file(cur, user, "export", target, len(figures.to_call), reason, fmt, make)
