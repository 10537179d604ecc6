"""Bulk venue import from the CSV and Excel files offices really keep.

Copes with UTF-8 with or without BOM, Windows-1258 / CP1252 text from old Excel, ward names instead of codes
(resolved only when unambiguous within the row's district), phones written +84 / 84 / with spaces and dots,
blank lines, duplicates within the file and against the registry. `preview` marks every row valid or wrong
with the reason; `import_rows` saves the valid ones only. A file holds at most `MAX_ROWS` rows: checking a row
costs a few milliseconds of the server that everyone shares (20,000 rows took 154 s), so a longer list is split.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

import duckdb
import pandas as pd

from lib.access.users import User
from lib.platform import admin_units, i18n, uploads
from lib.platform.errors import AppError, FormErrors, InvalidInputError
from lib.platform.times import LOCAL_TZ
from lib.platform.validation import match_key
from lib.venues import categories
from lib.venues.registry import VenueInput, create_venue, likely_duplicates, validate

# template column -> VenueInput field
COLUMNS = {
    "ten_dia_diem": "name",
    "loai_hinh": "category",
    "tinh": "province_code",
    "quan_huyen": "district_code",
    "phuong_xa": "ward_code",
    "dia_chi": "address",
    "nguoi_dang_ky": "registrant_name",
    "dien_thoai": "registrant_phone",
    "dien_thoai_nhan_vien": "staff_phones",
    "suc_chua": "capacity",
    "thoi_gian_luu_phut": "default_stay_minutes",
    "gio_mo_cua": "opening_hours",
    "bat_dau": "starts_at",
    "ket_thuc": "ends_at",
}
MAX_ROWS = 2_000  # rows per imported file (a city's whole register fits in one or two files)
REQUIRED = ("ten_dia_diem", "loai_hinh", "phuong_xa", "dia_chi", "nguoi_dang_ky", "dien_thoai")
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")


@dataclass(frozen=True)
class RowResult:
    row: int  # line number in the file (header is 1)
    data: VenueInput | None
    reason: str | None  # None when valid


def template_frame(cur: duckdb.DuckDBPyConnection, province: str, district: str) -> pd.DataFrame:
    """The template with one example row in the city this server serves (the city settings' codes): its
    first ward, by name (a ward's code works too)."""
    wards = admin_units.wards(cur, admin_units.SCHEME_2021, district)
    ward = wards[0][1] if wards else ""
    example = [
        f"Chợ {ward}".strip(),
        "market",
        province,
        district,
        ward,
        "12 Nguyễn Huệ",
        "Nguyễn Văn An",
        "0912 345 678",
        "0987654321",
        "300",
        "",
        "04:00-18:00",
        "",
        "",
    ]
    return pd.DataFrame([example], columns=list(COLUMNS))


def decode_text(raw: bytes) -> str:
    """Text of a CSV: UTF-8 (with or without BOM), else the Windows code page that yields more Vietnamese."""
    try:
        return unicodedata.normalize("NFC", raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    candidates = []
    for codec in ("cp1258", "cp1252"):
        try:
            text = unicodedata.normalize("NFC", raw.decode(codec))
        except UnicodeDecodeError:
            continue
        candidates.append((sum(ch in _VIETNAMESE for ch in text), codec == "cp1258", text))
    if not candidates:
        raise InvalidInputError("imp.encoding", field="file")
    return max(candidates)[2]


def read_table(
    name: str,
    raw: bytes,
    required: tuple[str, ...] = REQUIRED,
    known: tuple[str, ...] = tuple(COLUMNS),
    max_rows: int | None = MAX_ROWS,
) -> pd.DataFrame:
    """Rows of a .csv or .xlsx file as text, header normalised to the `known` column names, blank lines
    dropped; refused when a `required` column is missing or when there are more than `max_rows` rows (None:
    no cap, for the command line). (Also reads the expected-venue-count file.)"""
    uploads.table(name, raw)
    if name.lower().endswith(".xlsx"):
        frame = _read_xlsx(raw, required)
    elif name.lower().endswith(".csv"):
        text = decode_text(raw)
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else csv.excel
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, sep=dialect.delimiter, skip_blank_lines=False)
    else:
        raise InvalidInputError("imp.file_type", field="file")
    frame.columns = [_column_name(match_key(str(c)), known) for c in frame.columns]
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise InvalidInputError("imp.columns", field="file", columns=", ".join(missing))
    frame.index = range(2, len(frame) + 2)  # file line numbers, header on line 1
    frame = frame.fillna("").astype(str)
    filled = frame.apply(lambda r: any(v.strip() for v in r), axis=1)
    rows = sum(bool(v) for v in filled)
    if max_rows is not None and rows > max_rows:
        raise InvalidInputError("imp.too_many_rows", field="file", n=i18n.format_number(rows), max=i18n.format_number(max_rows))
    return cast(pd.DataFrame, frame[filled])  # rows by a boolean mask: a frame (pandas types any [] as a union)


def _column_name(key: str, known: tuple[str, ...]) -> str:
    """Header as typed ('Tên địa điểm', 'ten_dia_diem', 'TEN DIA DIEM') -> template column."""
    for column in known:
        if key == column.replace("_", ""):
            return column
    return key


def _read_xlsx(raw: bytes, required: tuple[str, ...]) -> pd.DataFrame:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(raw), read_only=True, data_only=True).worksheets[0]
    rows = [["" if v is None else _cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    if not rows:
        raise InvalidInputError("imp.columns", field="file", columns=", ".join(required))
    width = len(rows[0])
    return pd.DataFrame([r[:width] + [""] * (width - len(r)) for r in rows[1:]], columns=rows[0])


def _cell_text(value: object) -> str:
    """Excel numbers back to text: 29905.0 -> '29905', 912345678 -> '912345678' (the phone check adds the 0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return unicodedata.normalize("NFC", str(value))


def _unit(cur: duckdb.DuckDBPyConnection, level: str, parent: str | None, text: str) -> str:
    """A 2021 unit code from a code or an unambiguous name within the parent; raises InvalidInputError."""
    text = text.strip()
    if text.isdigit():
        return text.zfill({"province": 2, "district": 3, "ward": 5}[level])
    options = (
        admin_units.provinces(cur, "2021")
        if level == "province"
        else admin_units.districts(cur, parent or "")
        if level == "district"
        else admin_units.wards(cur, "2021", parent or "")
    )
    key = match_key(text)
    found = [code for code, name in options if key in (match_key(name), match_key(_without_type(name)))]
    if len(found) != 1:
        raise InvalidInputError("imp.unit_ambiguous" if found else "imp.unit_unknown", field=f"{level}", name=text)
    return found[0]


def _without_type(name: str) -> str:
    for prefix in ("Thành phố ", "Tỉnh ", "Quận ", "Huyện ", "Thị xã ", "Phường ", "Xã ", "Thị trấn "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def _category(text: str) -> str:
    key = match_key(text)
    for cat in categories.CATEGORIES:
        if key in (match_key(cat.code), match_key(i18n.t(f"cat.{cat.code}", "vi")), match_key(i18n.t(f"cat.{cat.code}", "en"))):
            return cat.code
    raise InvalidInputError("val.category", field="category")


def _number(text: str, field: str) -> int | None:
    text = text.strip().replace(".", "").replace(",", "")
    if not text:
        return None
    if not text.lstrip("-").isdigit():
        raise InvalidInputError("val.capacity" if field == "capacity" else "val.stay", field=field)
    return int(text)


def _moment(text: str) -> datetime | None:
    text = text.strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=LOCAL_TZ)
        except ValueError:
            continue
    raise InvalidInputError("imp.date", field="starts_at", value=text[:30])


def _row_input(cur: duckdb.DuckDBPyConnection, row: pd.Series, province: str, district: str) -> VenueInput:
    get = lambda column: str(row.get(column, "") or "")  # noqa: E731
    province_code = _unit(cur, "province", None, get("tinh")) if get("tinh").strip() else province
    district_code = _unit(cur, "district", province_code, get("quan_huyen")) if get("quan_huyen").strip() else district
    return VenueInput(
        name=get("ten_dia_diem"),
        category=_category(get("loai_hinh")),
        scheme="2021",
        province_code=province_code,
        district_code=district_code,
        ward_code=_unit(cur, "ward", district_code, get("phuong_xa")),
        address=get("dia_chi"),
        registrant_name=get("nguoi_dang_ky"),
        registrant_phone=get("dien_thoai"),
        staff_phones=tuple(p for p in get("dien_thoai_nhan_vien").replace(";", ",").split(",") if p.strip()),
        capacity=_number(get("suc_chua"), "capacity"),
        default_stay_minutes=_number(get("thoi_gian_luu_phut"), "default_stay_minutes"),
        opening_hours=get("gio_mo_cua"),
        starts_at=_moment(get("bat_dau")),
        ends_at=_moment(get("ket_thuc")),
    )


def preview(
    cur: duckdb.DuckDBPyConnection, user: User, frame: pd.DataFrame, province: str, district: str, lang: str = "vi"
) -> list[RowResult]:
    """Check every row as the registry would, plus duplicates within the file; nothing is saved. Rows that
    leave the province or district blank are in the city this server serves (`province`, `district`)."""
    results, seen = [], {}
    for label, row in frame.iterrows():
        line = int(cast(int, label))  # read_table numbers the rows by their line in the file
        try:
            clean = validate(cur, _row_input(cur, row, province, district), user)
        except FormErrors as err:
            results.append(RowResult(line, None, "; ".join(e.message(lang) for e in err.fields.values())))
            continue
        except AppError as err:
            results.append(RowResult(line, None, err.message(lang)))
            continue
        key = (clean.ward_code, match_key(clean.name), match_key(clean.address))
        existing = likely_duplicates(cur, clean)
        if key in seen:
            results.append(RowResult(line, None, i18n.t("imp.dup_file", lang, line=seen[key])))
        elif existing:
            results.append(RowResult(line, None, i18n.t("imp.dup_registry", lang, names=", ".join(existing))))
        else:
            seen[key] = line
            results.append(RowResult(line, clean, None))
    return results


def import_rows(
    cur: duckdb.DuckDBPyConnection, user: User, results: list[RowResult], progress: Callable[[int, int], object] | None = None
) -> list[str]:
    """Register the valid rows (duplicates were already judged in the preview); returns the new codes."""
    valid = [r.data for r in results if r.data is not None]
    created = []
    for n, data in enumerate(valid, start=1):
        created.append(create_venue(cur, user, data, confirm_duplicate=True))
        if progress:
            progress(n, len(valid))
    return created


def report_frame(frame: pd.DataFrame, results: list[RowResult], lang: str = "vi") -> pd.DataFrame:
    """The file's rows with a status and reason column: the preview table and the rejected-rows report."""
    out = frame.copy()
    by_line = {r.row: r for r in results}
    out.insert(0, "dong", out.index)
    out.insert(1, "trang_thai", [i18n.t("imp.ok" if by_line[i].reason is None else "imp.wrong", lang) for i in out.index])
    out.insert(2, "ly_do", [by_line[i].reason or "" for i in out.index])
    return out.reset_index(drop=True)
