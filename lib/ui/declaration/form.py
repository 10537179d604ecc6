"""Widgets of the public declaration page: one person's fields with the 14-day questions, the household's
address, the display of personal codes (QR, masked name, status in words, PNG and printable cards), and the
household's data rights."""

from __future__ import annotations

import streamlit as st

from lib.codes import rendering
from lib.people import declaration_form as d
from lib.people import identity
from lib.platform import inert
from lib.platform.i18n import t
from lib.platform.times import format_datetime
from lib.privacy import data_rights
from lib.ui import browser, choices, resources
from lib.ui.forms import FieldSlots, digits_input
from lib.ui.pickers import todays_city, unit_picker

RISK_BOX = {"green": st.success, "yellow": st.warning, "red": st.error}


def _yes_no(label: str, key: str, lang: str) -> bool:
    return choices.radio(label, [False, True], horizontal=True, key=key, format_func=lambda v: t("decl.yes" if v else "decl.no", lang))


def answers_fields(prefix: str, lang: str, slots: FieldSlots, who: str = "") -> d.Answers:
    """The 14-day questions; a detail box appears under each "Có"."""
    key = f"declaration.{prefix}"

    def label(field: str) -> str:
        return f"{who} · {t(field, lang)}" if who else t(field, lang)

    st.caption(t("decl.questions", lang))
    symptoms = choices.multiselect(
        t("decl.symptoms", lang),
        d.SYMPTOMS,
        key=f"{key}.symptoms",
        format_func=lambda s: t(f"sym.{s}", lang),
        placeholder=t("decl.no", lang),
    )
    details = {}
    if symptoms:
        details["symptom_details"] = st.text_input(t("decl.symptom_details", lang), key=f"{key}.symptom_details")
    slots.add(f"{prefix}.symptom_details", label("decl.symptom_details"))
    flags = {}
    for name in ("contact_case", "travelled", "outbreak_area"):
        flags[name] = _yes_no(t(f"decl.{name}", lang), f"{key}.{name}", lang)
        detail = {"contact_case": "contact_details", "travelled": "travel_details", "outbreak_area": "outbreak_details"}[name]
        if flags[name]:
            details[detail] = st.text_input(t(f"decl.{detail}", lang), key=f"{key}.{detail}")
        slots.add(f"{prefix}.{detail}", label(f"decl.{detail}"))
    return d.Answers(
        tuple(symptoms),
        details.get("symptom_details", ""),
        flags["contact_case"],
        details.get("contact_details", ""),
        flags["travelled"],
        details.get("travel_details", ""),
        flags["outbreak_area"],
        details.get("outbreak_details", ""),
    )


def person_fields(prefix: str, lang: str, slots: FieldSlots, owner: bool) -> d.PersonForm:
    """Name, birth year, gender, (relationship), phone, optional ID and insurance numbers, then the questions.
    No max_chars on what lib checks: a browser refuses a longer paste without a word and the field stays empty."""
    key = f"declaration.{prefix}"
    who = t("decl.owner", lang) if owner else t("decl.relative", lang, n=int(prefix[1:]))

    def label(field: str) -> str:
        return f"{who} · {t(field, lang)}"

    name = st.text_input(t("decl.full_name", lang), key=f"{key}.full_name")
    slots.add(f"{prefix}.full_name", label("decl.full_name"))
    c1, c2 = st.columns(2)
    year = digits_input(t("decl.birth_year", lang), f"{key}.birth_year", where=c1, placeholder="1985")
    gender = choices.selectbox(
        t("decl.gender", lang),
        identity.GENDERS,
        key=f"{key}.gender",
        where=c2,
        index=None,
        placeholder=t("picker.choose", lang),
        format_func=lambda g: t(f"gender.{g}", lang),
    )
    slots.add(f"{prefix}.birth_year", label("decl.birth_year"))
    slots.add(f"{prefix}.gender", label("decl.gender"))
    relationship = "self"
    if not owner:
        relationship = choices.selectbox(
            t("decl.relationship", lang),
            d.RELATIONSHIPS[1:],
            key=f"{key}.relationship",
            index=None,
            placeholder=t("picker.choose", lang),
            format_func=lambda r: t(f"rel.{r}", lang),
        )
        slots.add(f"{prefix}.relationship", label("decl.relationship"))
    phone_label = "decl.phone" if owner else "decl.phone_optional"
    phone = digits_input(t(phone_label, lang), f"{key}.phone", autocomplete="tel", placeholder="0912 345 678")
    slots.add(f"{prefix}.phone", label(phone_label))
    id_number = digits_input(t("decl.id_number", lang), f"{key}.id_number", icon=":material/badge:")
    slots.add(f"{prefix}.id_number", label("decl.id_number"))
    # the old 15-character card code has letters (GD4797931234567): a numeric keypad would lock them out
    insurance = st.text_input(t("decl.insurance", lang), key=f"{key}.insurance_no")
    slots.add(f"{prefix}.insurance_no", label("decl.insurance"))
    nationality = st.text_input(t("decl.nationality", lang), value="Việt Nam", key=f"{key}.nationality")
    slots.add(f"{prefix}.nationality", label("decl.nationality"))
    answers = answers_fields(prefix, lang, slots, who)
    return d.PersonForm(name, year, gender or "", relationship or "", phone, id_number, insurance, nationality, answers)


def address_fields(lang: str, slots: FieldSlots) -> d.Address:
    st.markdown(f"**{t('decl.address', lang)}**")
    city = todays_city()  # a resident declares where they live today: the 2025 ward, two levels
    unit = unit_picker("declaration.address", lang, scheme=city.scheme, province=city.province_code, district=city.district_code)
    slots.add("address.ward_code", f"{t('decl.address', lang)} · {t('picker.ward', lang)}")
    street = st.text_input(t("decl.street", lang), key="declaration.address.street")
    slots.add("address.street", f"{t('decl.address', lang)} · {t('decl.street', lang)}")
    return d.Address(unit.scheme, unit.province_code or "", unit.district_code, unit.ward_code or "", street)


def show_codes(people: list, lang: str) -> None:
    """Each person's QR with masked name, time and status in words; PNG per person, one PDF of cards."""
    cards = []
    for n, person in enumerate(people):
        level = person.risk_level or "green"
        reasons = ", ".join(t(f"reason.{r}", lang) for r in getattr(person, "risk_reasons", ()) or ())
        risk = t(f"risk.{level}", lang) + (f" ({reasons})" if reasons else "")
        caption = t(
            "decl.code_caption",
            lang,
            name=person.masked_name,
            time=format_datetime(getattr(person, "declared_at", None) or getattr(person, "last_declared_at", None)),
            risk=risk,
        )
        st.image(rendering.png_bytes(person.token, scale=6), width=220, alt=t("decl.code_alt", lang, name=person.masked_name))
        RISK_BOX[level](caption)
        st.caption(t("decl.code_text", lang, name=inert.markdown(person.masked_name)))
        st.code(person.token, language=None, wrap_lines=True)  # the personal code as text, to copy or read out
        st.download_button(
            t("decl.download_png", lang, name=inert.markdown(person.masked_name)),
            rendering.png_bytes(person.token),
            f"ma-ca-nhan-{n + 1}.png",
            "image/png",
            key=f"declaration.png.{n}",
        )
        cards.append(rendering.Card(person.token, person.masked_name, caption))
    st.download_button(
        t("decl.download_cards", lang), rendering.cards_pdf(cards), "the-ma-qr.pdf", "application/pdf", key="declaration.cards"
    )
    # kept on this phone (masked name and signed code only), so any venue poster opened here offers one tap each
    kept = browser.phone_codes(
        "declaration.phone_codes", save=[{"person": p.person_id, "name": p.masked_name, "code": p.token} for p in people]
    )
    if kept is not None and {p.token for p in people} <= {c.get("code") for c in kept}:
        st.caption(t("decl.kept", lang))  # said once the browser confirmed it holds them (not when storage is refused)


def history_table(frame, lang: str):
    """The history as people read it (lib.platform.presentation): local times, words instead of codes."""
    from lib.platform import presentation

    out = frame.assign(
        detail=[t(f"risk.{v}", lang) if k == "declaration" else v for k, v in zip(frame["kind"], frame["detail"], strict=True)]
    )
    return presentation.for_screen(out, lang)


def rights_panel(household_id: int, lang: str) -> None:
    """The household's rights once it proved who it is: download everything held about it (made only on the
    click, and recorded), and ask for deletion (deadline shown)."""

    def download() -> bytes:
        with resources.cursor() as cur:
            return data_rights.access(cur, household_id)

    st.download_button(
        t("rights.download", lang),
        download,
        "du-lieu-cua-gia-dinh.xlsx",
        key="rights.download",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    confirm = st.checkbox(t("rights.delete_confirm", lang), key="rights.confirm")
    if st.button(t("rights.delete", lang), disabled=not confirm, key="rights.delete"):
        with resources.cursor() as cur:
            due = data_rights.request_deletion(cur, household_id)
        st.success(t("rights.requested", lang, due=format_datetime(due)))
