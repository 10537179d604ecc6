"""Administrative units named as people write them in office files: "TP. Sa Đéc", "Tp Sa Đéc", "Sa Đéc" and
"Thành phố Sa Đéc" are one district; "P.1", "P1", "Phường 01" and "Phường 1" one ward; "Xã Tân Khánh Đông"
and "Tan Khanh Dong" one commune. A name is matched within its parent only (several "Phường 1" exist), a
code is taken as it is, and an unknown name is answered with the nearest names ("did you mean").
"""

from __future__ import annotations

import re
import unicodedata

import duckdb
from rapidfuzz import fuzz, process

from lib.platform import admin_units
from lib.platform.errors import InvalidInputError
from lib.platform.validation import match_key

_KINDS = {
    "thanh pho": "thanhpho",
    "tp": "thanhpho",
    "thi xa": "thixa",
    "tx": "thixa",
    "thi tran": "thitran",
    "tt": "thitran",
    "tinh": "tinh",
    "quan": "quan",
    "q": "quan",
    "huyen": "huyen",
    "h": "huyen",
    "phuong": "phuong",
    "p": "phuong",
    "xa": "xa",
    "x": "xa",
}
_PREFIX = re.compile(r"^(" + "|".join(sorted(_KINDS, key=len, reverse=True)) + r")(?:[\s.]+|(?=\d))")
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")
CODE_WIDTH = {"province": 2, "district": 3, "ward": 5}
FUZZY_CUTOFF = 88  # taken without asking: a typo such as 'Tân Quy Đôngg'
SUGGEST_CUTOFF = 70  # offered as 'did you mean'


def _plain(text: str) -> str:
    """Lower case without diacritics (đ -> d), spaces and dots kept: what the type prefixes are read from."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return " ".join("".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower().split())


def _key(text: str) -> str:
    return _LEADING_ZEROS.sub("", match_key(text))


def split_kind(text: str) -> tuple[str | None, str]:
    """('phuong', '1') for 'P.01'; (None, 'sadec') for 'Sa Đéc': the unit type written in front, if any, and
    the name's key."""
    plain = _plain(text).strip()
    found = _PREFIX.match(plain)
    if not found:
        return None, _key(plain)
    return _KINDS[found.group(1)], _key(plain[found.end() :])


def keys_of(text: str) -> set[str]:
    """Every key the text may mean: with its type prefix read as a type, and as part of the name (a ward
    called "Tịnh Thới" must not lose its "Tịnh")."""
    return {k for k in (split_kind(text)[1], _key(text)) if k}


def find(cur: duckdb.DuckDBPyConnection, scheme: str, level: str, parent: str | None, text: str) -> str:
    """The code of the unit the text names, under `parent` (a district's wards, a province's districts;
    provinces have none). A number is a code; InvalidInputError (field = level) with the nearest names when
    no unit or several match."""
    text = " ".join(str(text).split())
    if text.isdigit():
        return text.zfill(CODE_WIDTH[level])
    return match(_options(cur, scheme, level, parent), level, text)


def find_ward(cur: duckdb.DuckDBPyConnection, district: str, text: str) -> tuple[str, str]:
    """(scheme, code) of the ward a file names in a 2021 district: one of its wards before July 2025 ("Xã Tân
    Khánh Đông") or one of today's wards of the province it went into ("Phường Sa Đéc"), since office lists are
    written in both. A name of the old list is taken first (a ward that kept its name is the same place), then
    today's, then a typo in either; a number is a code of the district's list. InvalidInputError as `find`."""
    text = " ".join(str(text).split())
    old = admin_units.wards(cur, admin_units.SCHEME_2021, district)
    if text.isdigit():
        return admin_units.SCHEME_2021, find(cur, admin_units.SCHEME_2021, "ward", district, text)
    named = [code for code, name in old if keys_of(name) & keys_of(text)]
    if len(named) == 1:
        return admin_units.SCHEME_2021, named[0]
    province = admin_units.province_now(cur, district)
    today = admin_units.wards(cur, admin_units.SCHEME_2025, province) if province else []
    options = [(f"{admin_units.SCHEME_2021}:{c}", n) for c, n in old] + [(f"{admin_units.SCHEME_2025}:{c}", n) for c, n in today]
    scheme, code = match(options, "ward", text).split(":")
    return scheme, code


def match(options: list[tuple[str, str]], level: str, text: str) -> str:
    """The code among `options` ((code, name) pairs) that the text names; a number is a code; raises
    InvalidInputError (field = level) with the nearest names when none or several match."""
    text = " ".join(str(text).split())
    if text.isdigit():
        return text.zfill(CODE_WIDTH[level])
    wanted = keys_of(text)
    found = [(code, name) for code, name in options if keys_of(name) & wanted]
    kind = split_kind(text)[0]
    if len(found) > 1 and kind:
        found = [(code, name) for code, name in found if split_kind(name)[0] == kind] or found
    if len(found) == 1:
        return found[0][0]
    if found:
        raise InvalidInputError("imp.unit_ambiguous", field=level, name=text)
    cores = {split_kind(name)[1]: (code, name) for code, name in options}
    core = split_kind(text)[1]
    close = process.extract(core, list(cores), scorer=fuzz.ratio, limit=3, score_cutoff=SUGGEST_CUTOFF) if core else []
    if close and close[0][1] >= FUZZY_CUTOFF and (len(close) == 1 or close[1][1] < close[0][1]):
        return cores[close[0][0]][0]
    names = [cores[c[0]][1] for c in close] or [name for _, name in options if kind and split_kind(name)[0] == kind][:3]
    if names:  # the nearest names, else the units of the type written ("TP. Vĩnh Long": the province's cities)
        raise InvalidInputError("imp.unit_suggest", field=level, name=text, options=", ".join(names))
    raise InvalidInputError("imp.unit_unknown", field=level, name=text)


def _options(cur: duckdb.DuckDBPyConnection, scheme: str, level: str, parent: str | None) -> list[tuple[str, str]]:
    if level == "province":
        return admin_units.provinces(cur, scheme)
    if level == "district":
        return admin_units.districts(cur, parent or "")
    return admin_units.wards(cur, scheme, parent or "")
