"""The venue registration/edit form: widgets for every field, with each validation message shown right under
its field. Returns a VenueInput; the page calls lib.venues.registry to validate and save."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from lib.platform.admin_units import SCHEME_2021
from lib.platform.i18n import t
from lib.platform.times import LOCAL_TZ, local_today, to_local
from lib.ui import choices, resources
from lib.ui.forms import FieldSlots, digits_input
from lib.ui.pickers import todays_city, unit_picker
from lib.venues import categories
from lib.venues.registry import VenueInput


def _moment(label: str, key: str, default: datetime | None) -> datetime:
    # a new event starts by default tomorrow (Vietnam's) at 08:00, not at this minute of the night tomorrow
    local = to_local(default or datetime.combine(local_today() + timedelta(days=1), time(8), tzinfo=LOCAL_TZ))
    col_d, col_t = st.columns(2)
    day = col_d.date_input(label, value=local.date(), key=f"{key}.date", format="DD/MM/YYYY")
    clock = col_t.time_input(" ", value=time(local.hour, local.minute), key=f"{key}.time")
    return datetime.combine(day, clock, tzinfo=LOCAL_TZ)


def _new_venue(own_ward: tuple[str, str] | None) -> VenueInput:
    """A blank venue in today's city, or in a chair's own ward (with the province and district it lies in)."""
    city = todays_city()
    if own_ward is None:
        return VenueInput("", "business", city.scheme, city.province_code or "", city.district_code, "", "", "", "")
    scheme, ward = own_ward
    if scheme == SCHEME_2021:
        settings = resources.settings()
        return VenueInput("", "business", scheme, settings.city_province, settings.city_district, ward, "", "", "")
    return VenueInput("", "business", scheme, city.province_code or "", None, ward, "", "", "")


def venue_form(
    key: str, lang: str, initial: VenueInput | None = None, own_ward: tuple[str, str] | None = None
) -> tuple[VenueInput, FieldSlots]:
    """Render the fields, pre-filled from `initial` when editing (in the scheme the venue is stored in). A new
    venue starts in today's units (the 2025 province, its wards), or in `own_ward` (scheme, code), a ward chair's
    own ward, in the scheme of the chair's remit: a chair of a 2021 ward registers only in that ward."""
    v = initial or _new_venue(own_ward)
    slots = FieldSlots(key)
    name = st.text_input(t("venue.name", lang), value=v.name, key=f"{key}.name")
    slots.add("name", t("venue.name", lang))
    codes = [c.code for c in categories.CATEGORIES]
    category = choices.selectbox(
        t("venue.category", lang),
        codes,
        index=codes.index(v.category),
        format_func=lambda c: t(f"cat.{c}", lang),
        key=f"{key}.category",
    )
    slots.add("category", t("venue.category", lang))
    unit = unit_picker(f"{key}.unit", lang, v.scheme, province=v.province_code, district=v.district_code, ward=v.ward_code or None)
    slots.add("ward_code", t("picker.ward", lang))
    address = st.text_input(t("venue.address", lang), value=v.address, key=f"{key}.address")
    slots.add("address", t("venue.address", lang))
    left, right = st.columns(2)
    with left:
        registrant = st.text_input(t("venue.registrant_name", lang), value=v.registrant_name, key=f"{key}.registrant_name")
        slots.add("registrant_name", t("venue.registrant_name", lang))
    with right:
        phone = digits_input(t("venue.registrant_phone", lang), f"{key}.registrant_phone", autocomplete="tel", value=v.registrant_phone)
        slots.add("registrant_phone", t("venue.registrant_phone", lang))
    staff = st.text_area(t("venue.staff_phones", lang), value="\n".join(v.staff_phones), key=f"{key}.staff_phones", height=80)
    slots.add("staff_phones", t("venue.staff_phones", lang))
    rule = categories.BY_CODE[category]
    c1, c2, c3 = st.columns(3)
    # no min/max on the number boxes: the browser would refuse -5 with its own English tooltip and keep the
    # old value; lib.venues.registry.validate says what is wrong, in the page's language, under the field
    capacity = c1.number_input(t("venue.capacity", lang), step=1, value=int(v.capacity or rule.typical_capacity), key=f"{key}.capacity")
    # keyed by category so the stay is pre-filled again when the category changes
    stay = c2.number_input(
        t("venue.stay", lang),
        step=5,
        value=int(v.default_stay_minutes or rule.default_stay_minutes),
        key=f"{key}.stay.{category}",
    )
    hours = c3.text_input(t("venue.hours", lang), value=v.opening_hours or "", key=f"{key}.hours")
    slots.add("capacity", t("venue.capacity", lang))
    slots.add("default_stay_minutes", t("venue.stay", lang))
    starts = ends = None
    if rule.temporary:
        st.caption(t("venue.temporary_hint", lang))
        starts = _moment(t("venue.starts", lang), f"{key}.starts", v.starts_at)
        ends = _moment(t("venue.ends", lang), f"{key}.ends", v.ends_at or (starts + timedelta(hours=4)))
        slots.add("starts_at", t("venue.starts", lang))
    data = VenueInput(
        name=name or "",
        category=category,
        scheme=unit.scheme,
        province_code=unit.province_code or "",
        district_code=unit.district_code,
        ward_code=unit.ward_code or "",
        address=address or "",
        registrant_name=registrant or "",
        registrant_phone=phone or "",
        staff_phones=tuple(line for line in staff.splitlines() if line.strip()),
        capacity=int(capacity) if capacity is not None else None,
        default_stay_minutes=int(stay) if stay is not None else None,
        opening_hours=hours,
        starts_at=starts,
        ends_at=ends,
    )
    return data, slots
