"""The venue list template an office fills in: the importer's Vietnamese headings, one example row in the city
this server serves, and (in .xlsx) a lists sheet of the categories and the city's wards with drop-downs on
the category and ward columns. Whatever the template holds, the importer reads back as it is."""

from __future__ import annotations

import duckdb
import pandas as pd

from lib.platform import admin_units, spreadsheets, uploads
from lib.platform.i18n import t
from lib.venues import categories
from lib.venues.importer import FIELDS, TEMPLATE_HEADINGS

_HEADING = {f.name: f.aliases[0] for f in FIELDS}


def template_frame(cur: duckdb.DuckDBPyConnection, province: str, district: str) -> pd.DataFrame:
    """The template's headings with one example row: a market in the city's first ward, place by names."""
    wards = admin_units.wards(cur, admin_units.SCHEME_2021, district)
    ward = wards[0][1] if wards else ""
    example = {
        "name": f"Chợ {ward}".strip(),
        "category": t("cat.market", "vi"),
        "province": admin_units.unit_name(cur, "2021", "province", province),
        "district": admin_units.unit_name(cur, "2021", "district", district),
        "ward": ward,
        "address": "12 Nguyễn Huệ",
        "registrant_name": "Nguyễn Văn An",
        "registrant_phone": "0912 345 678",
        "staff_phones": "0987654321",
        "capacity": "300",
        "default_stay_minutes": "",
        "opening_hours": "04:00-18:00",
        "starts_at": "",
        "ends_at": "",
    }
    return pd.DataFrame([[example[f] for f in TEMPLATE_HEADINGS.values()]], columns=list(TEMPLATE_HEADINGS))


def template_xlsx(cur: duckdb.DuckDBPyConnection, province: str, district: str, lang: str = "vi") -> bytes:
    """The .xlsx template: headings, the example, the lists sheet and drop-downs for category and ward (the
    wards of today and of before July 2025: the importer reads both)."""
    today = admin_units.district_wards_now(cur, district)
    wards = tuple(dict.fromkeys(name for _, name in today + admin_units.wards(cur, admin_units.SCHEME_2021, district)))
    labels = tuple(t(f"cat.{c.code}", "vi") for c in categories.CATEGORIES)  # the file is the office's: Vietnamese
    picks = (
        spreadsheets.PickList(
            _HEADING["category"], t("imp.list_categories", lang), labels, t("imp.pick_category", lang), t("imp.pick_category", lang)
        ),
        spreadsheets.PickList(_HEADING["ward"], t("imp.list_wards", lang), wards, t("imp.pick_ward", lang), t("imp.pick_ward", lang)),
    )
    frame = template_frame(cur, province, district)
    return spreadsheets.xlsx_template(t("imp.template_sheet", lang), frame, t("imp.lists_sheet", lang), picks, uploads.MAX_TABLE_ROWS)
