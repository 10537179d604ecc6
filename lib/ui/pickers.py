"""Cascading administrative-unit pickers (province -> district -> ward) for forms in later pages.

Codes are what the caller gets back; names are only shown. The 2025 scheme has no district level. An address
given today is in the 2025 scheme (the city was reorganised on 1 July 2025): `todays_city` is where such a
form starts.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from lib.platform import admin_units
from lib.platform.i18n import t
from lib.ui import resources


@dataclass(frozen=True)
class UnitChoice:
    scheme: str
    province_code: str | None
    district_code: str | None
    ward_code: str | None


@st.cache_data(ttl=3600, show_spinner=False)
def _options(scheme: str, level: str, parent: str | None) -> list[tuple[str, str]]:
    """Unit lists change only on import; cache them for an hour (not personal data)."""
    with resources.cursor() as cur:
        if level == "province":
            return admin_units.provinces(cur, scheme)
        if level == "district":
            return admin_units.districts(cur, parent or "")
        return admin_units.wards(cur, scheme, parent or "")


def todays_city() -> UnitChoice:
    """Where a form asking for today's address starts: the 2025 province the city's district went into, no
    district (two levels since 1 July 2025). Without a ward mapping telling that province, the configured 2021
    province and district, so a form never offers an empty list."""
    city = resources.settings()
    province = resources.cached(admin_units.province_now, city.city_district)
    if province is None:
        return UnitChoice(admin_units.SCHEME_2021, city.city_province, city.city_district, None)
    return UnitChoice(admin_units.SCHEME_2025, province, None, None)


def _select(label: str, options: list[tuple[str, str]], key: str, default: str | None, lang: str) -> str | None:
    codes = [code for code, _ in options]
    names = dict(options)
    index = codes.index(default) if default in codes else None
    return st.selectbox(
        label, codes, index=index, format_func=lambda c: names.get(c, str(c)), key=key, placeholder=t("picker.choose", lang)
    )


def unit_picker(
    key: str,
    lang: str,
    scheme: str = admin_units.SCHEME_2021,
    province: str | None = None,
    district: str | None = None,
    ward: str | None = None,
) -> UnitChoice:
    """Province, district (2021 only) and ward selectboxes; each list depends on the choice above it."""
    province_code = _select(t("picker.province", lang), _options(scheme, "province", None), f"{key}.province", province, lang)
    district_code = None
    parent = province_code
    if scheme == admin_units.SCHEME_2021:
        district_code = (
            _select(t("picker.district", lang), _options(scheme, "district", province_code), f"{key}.district", district, lang)
            if province_code
            else None
        )
        parent = district_code
    ward_code = _select(t("picker.ward", lang), _options(scheme, "ward", parent), f"{key}.ward", ward, lang) if parent else None
    return UnitChoice(scheme, province_code, district_code, ward_code)
