"""Parsers for identity QR codes presented at the door: the citizen ID card (CCCD) QR and the national
personal QR (Decision 1405/QĐ-BTTTT). Both raise only InvalidCodeError for anything else."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from lib.platform.errors import InvalidCodeError


@dataclass(frozen=True)
class CardData:
    """What a card QR says about its holder (kept only long enough to match or register the person)."""

    id_number: str
    full_name: str
    birth_date: date
    gender: str | None
    address: str | None
    on_behalf: bool = False


def _date(text: str, fmt: str) -> date:
    try:
        return datetime.strptime(text, fmt).date()
    except ValueError as exc:
        raise InvalidCodeError("code.foreign") from exc


def parse_cccd_qr(text: str) -> CardData:
    """`CCCD|CMND|FULL NAME|DDMMYYYY|Nam/Nữ|address|DDMMYYYY` (6 or 7 fields accepted)."""
    parts = unicodedata.normalize("NFC", str(text or "")).strip().split("|")
    if len(parts) not in (6, 7) or not re.fullmatch(r"\d{12}", parts[0]) or not re.fullmatch(r"\d{8}", parts[3]):
        raise InvalidCodeError("code.foreign")
    gender = parts[4].strip() if parts[4].strip() in ("Nam", "Nữ") else None
    name = " ".join(parts[2].split()).upper()
    if not name:
        raise InvalidCodeError("code.foreign")
    return CardData(parts[0], name, _date(parts[3], "%d%m%Y"), gender, parts[5].strip() or None)


def parse_national_qr(text: str) -> CardData:
    """`SoGiayTo|HoTen|NgaySinh(YYYY-MM-DD)|LoaiDinhDanh(0 self, 1 on behalf)|QID|EXT`."""
    parts = unicodedata.normalize("NFC", str(text or "")).strip().split("|")
    if len(parts) != 6 or not re.fullmatch(r"\d{9}|\d{12}", parts[0]) or parts[3] not in ("0", "1"):
        raise InvalidCodeError("code.foreign")
    name = " ".join(parts[1].split()).upper()
    if not name:
        raise InvalidCodeError("code.foreign")
    return CardData(parts[0], name, _date(parts[2], "%Y-%m-%d"), None, None, on_behalf=parts[3] == "1")


def parse_identity_qr(text: str) -> CardData:
    """Either format; InvalidCodeError when the text is neither."""
    for parser in (parse_cccd_qr, parse_national_qr):
        try:
            return parser(text)
        except InvalidCodeError:
            continue
    raise InvalidCodeError("code.foreign")
