"""Reading the tables offices really keep, before any domain looks at a row: CSV in UTF-8 (with or without BOM)
or the old Windows code pages (Windows-1258 writes tone marks as separate combining characters), `,` `;` or tab
separated; .xlsx with a title block above the table, blank rows, merged (and two-line) header cells, and the
table on whichever sheet holds it.

The header row is the row (or pair of rows, for a merged group heading over sub-headings) whose cells match
the most known headings of the caller's `Field`s; headings are matched whatever their diacritics, case,
punctuation or small typos (rapidfuzz), and "STT" and similar columns are ignored. Nothing here knows what a
venue is: the importer passes its fields and gets the file's own headings back, so every message can name
the column as the file calls it.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from rapidfuzz import fuzz, process

from lib.platform import i18n, uploads
from lib.platform.errors import InvalidInputError
from lib.platform.validation import match_key

HEADER_SEARCH_ROWS = 30  # a title block, a date line and a note fit well within this
FUZZY_CUTOFF = 86  # "Ten co so" vs "Tên cơ sở" is 100; "Dien thoại lien he" vs "Điện thoại liên hệ" is 100; typos ~90
IGNORED_HEADINGS = frozenset({"stt", "tt", "sott", "sothutu", "thutu", "no", "ghichu", "note", "notes"})
_VIETNAMESE = set("ăâđêôơưĂÂĐÊÔƠƯàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ")
_COLUMN_NUMBERS = re.compile(r"^\(?\d{1,2}\)?$")  # the "(1) (2) (3)" row official tables put under the header
_DECORATION = re.compile(r"\(\s*\*\s*\)|\*|:$")  # "Tên cơ sở (*)", "Địa chỉ:", "Loại hình*"


@dataclass(frozen=True)
class Field:
    """One thing a file may hold: its name in the caller's code, the catalogue key of its label (shown in the
    mapping step and in messages about a missing column), and the headings offices write for it."""

    name: str
    label_key: str
    aliases: tuple[str, ...]
    required: bool = False


class MissingFields(InvalidInputError):
    """No column for some fields (or no header row at all): the message lists the fields by their labels
    in the reader's language, never by internal names."""

    def __init__(self, key: str, label_keys: tuple[str, ...]) -> None:
        self.label_keys = label_keys
        super().__init__(key, field="file", columns=self._labels("en"))

    def _labels(self, lang: str) -> str:
        return ", ".join(i18n.t(k, lang) for k in self.label_keys)

    def message(self, lang: str = i18n.DEFAULT_LANGUAGE) -> str:
        return i18n.t(self.key, lang, columns=self._labels(lang))


@dataclass(frozen=True)
class SourceTable:
    """The table found in a file: its rows as text under the file's own headings (made unique), indexed by
    the row's line number in the file (or in its sheet); where it was found; the guessed heading -> field."""

    frame: pd.DataFrame
    sheet: str | None
    header_line: int
    mapping: dict[str, str]


def heading_key(text: str) -> str:
    """A heading without decoration, diacritics, case or punctuation: 'Tên cơ sở (*)' -> 'tencoso'."""
    return match_key(_DECORATION.sub("", str(text).strip()))


def field_of(heading: str, fields: tuple[Field, ...]) -> tuple[str, float] | None:
    """The field a heading names and how sure that is (100 exact); None for an ignored or unknown heading."""
    key = heading_key(heading)
    if not key or key in IGNORED_HEADINGS:
        return None
    keys = {heading_key(alias): f.name for f in fields for alias in (f.name, *f.aliases)}
    if key in keys:
        return keys[key], 100.0
    if len(key) < 5:  # "Tên", "ĐT", "Xã": short headings only when exact
        return None
    best = process.extractOne(key, list(keys), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    return (keys[best[0]], float(best[1])) if best else None


def guess_mapping(headings: list[str], fields: tuple[Field, ...]) -> dict[str, str]:
    """Heading -> field for the headings recognised, each field taken by its surest heading only."""
    scored = [(hit[1], i, heading, hit[0]) for i, heading in enumerate(headings) if (hit := field_of(heading, fields))]
    mapping: dict[str, str] = {}
    for _, _, heading, name in sorted(scored, key=lambda s: (-s[0], s[1])):
        if name not in mapping.values():
            mapping[heading] = name
    return {h: mapping[h] for h in headings if h in mapping}  # in the file's column order


def sentence(text: str) -> str:
    """Row messages joined by '; ' end with one full stop (or the question of a "did you mean")."""
    return text if text.endswith((".", "?", "!")) else text + "."


def decode_text(raw: bytes) -> str:
    """Text of a CSV, NFC: UTF-8 (with or without BOM), else the Windows code page that yields more Vietnamese
    (Windows-1258 keeps tone marks apart from their letters; NFC joins them)."""
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


def read(name: str, raw: bytes, fields: tuple[Field, ...], max_rows: int | None = -1) -> SourceTable:
    """The table of a .csv or .xlsx upload; InvalidInputError for a wrong file, no recognisable header row
    or more than `max_rows` rows (default uploads.MAX_TABLE_ROWS; None: no cap)."""
    cap = uploads.MAX_TABLE_ROWS if max_rows == -1 else max_rows
    uploads.table(name, raw)
    lower = name.lower()
    if lower.endswith(".xlsx"):
        sheets = _xlsx_sheets(raw)
    elif lower.endswith(".csv"):
        sheets = [(None, _csv_rows(decode_text(raw)))]
    else:
        raise InvalidInputError("imp.file_type", field="file")
    best: tuple[int, int, str | None, int, int] | None = None  # (score, -sheet order, sheet, start, height)
    for order, (sheet, rows) in enumerate(sheets):
        for start in range(min(HEADER_SEARCH_ROWS, len(rows))):
            for height in (1, 2) if any(c.strip() for c in rows[start]) else ():
                score = len(set(guess_mapping(_headings(rows, start, height, fields), fields).values()))
                candidate = (score, -order, sheet, start, height)
                if best is None or candidate[:2] > best[:2]:  # ties: the first sheet, the topmost, one row
                    best = candidate
    if best is None or best[0] < 2:
        raise MissingFields("imp.no_header", tuple(f.label_key for f in fields if f.required))
    *_, sheet, start, height = best
    rows = dict(sheets)[sheet]
    headings = _unique(_headings(rows, start, height, fields))
    body = [(line, cells) for line, cells in enumerate(rows[start + height :], start=start + height + 1) if _is_data(cells)]
    uploads.table_rows(len(body), cap)
    width = len(headings)
    frame = pd.DataFrame(
        [(cells + [""] * width)[:width] for _, cells in body], columns=headings, index=[line for line, _ in body], dtype=str
    )
    return SourceTable(frame, sheet, start + 1, guess_mapping(headings, fields))


def _headings(rows: list[list[str]], start: int, height: int, fields: tuple[Field, ...]) -> list[str]:
    """Headings of row `start`, or of two rows where a merged group heading ("Địa chỉ") stands over its
    sub-headings ("Phường/Xã", "Số nhà, đường"): the sub-heading when it names a field, else the upper one."""
    top = rows[start]
    if height == 1:
        return [c.strip() for c in top]
    if start + 1 >= len(rows):
        return []
    below = rows[start + 1]
    out = []
    for i in range(max(len(top), len(below))):
        upper = top[i].strip() if i < len(top) else ""
        lower = below[i].strip() if i < len(below) else ""
        if lower and lower != upper and (field_of(lower, fields) or not upper):
            out.append(lower)
        else:
            out.append(upper or lower)
    return out


def _unique(headings: list[str]) -> list[str]:
    """A blank heading becomes '#N' (its column number); a repeated heading gets ' (2)'."""
    seen: dict[str, int] = {}
    out = []
    for i, heading in enumerate(headings, start=1):
        text = heading or f"#{i}"
        seen[text] = seen.get(text, 0) + 1
        out.append(text if seen[text] == 1 else f"{text} ({seen[text]})")
    return out


def _is_data(cells: list[str]) -> bool:
    filled = [c.strip() for c in cells if c.strip()]
    if not filled:
        return False
    return not (len(filled) >= 3 and all(_COLUMN_NUMBERS.match(c) for c in filled))


def _csv_rows(text: str) -> list[list[str]]:
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ";" if text[:8192].count(";") > text[:8192].count(",") else ","
    return [[c for c in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_sheets(raw: bytes) -> list[tuple[str | None, list[list[str]]]]:
    """Every visible sheet as rows of text, each merged range's value copied into all its cells."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), data_only=True)
    except (OSError, ValueError, KeyError):
        raise InvalidInputError("upload.not_xlsx", field="file") from None
    out: list[tuple[str | None, list[list[str]]]] = []
    for sheet in book.worksheets:
        if sheet.sheet_state != "visible":
            continue
        rows = [["" if v is None else cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        while rows and not any(c.strip() for c in rows[-1]):
            rows.pop()  # empty rows an office ruled in advance: not part of the table (the cap counts data rows)
        for merged in sheet.merged_cells.ranges:
            value = rows[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(rows) else ""
            for r in range(merged.min_row - 1, min(merged.max_row, len(rows))):
                for c in range(merged.min_col - 1, merged.max_col):
                    if c < len(rows[r]):
                        rows[r][c] = value
        out.append((sheet.title, rows))
    return out


def cell_text(value: object) -> str:
    """Excel numbers back to text: 29905.0 -> '29905', 912345678 -> '912345678' (the phone check adds the 0)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    return unicodedata.normalize("NFC", str(value))
