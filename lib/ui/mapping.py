"""The mapping step of an import: one select box per column of the uploaded file, labelled with the file's own
heading and a few of its values, preset to the field the importer recognised; the officer changes what is
wrong before anything is checked or saved. The widget keys carry the upload's id, so a new file starts from
its own guess."""

from __future__ import annotations

import streamlit as st

from lib.platform import inert
from lib.platform.i18n import t
from lib.platform.table_reading import Field, SourceTable
from lib.ui import choices

PER_ROW = 4


def where_found(table: SourceTable, lang: str) -> str:
    """'sheet “Danh sách”, header on line 4' in the reader's language."""
    where = t("imp.where_sheet", lang, sheet=inert.markdown(table.sheet)) if table.sheet else t("imp.where_csv", lang)
    return t("imp.mapping_help", lang, where=where, line=table.header_line)


def column_mapping(table: SourceTable, fields: tuple[Field, ...], key: str, lang: str) -> dict[str, str]:
    """Heading -> field as the officer confirmed it (columns left on "ignore" are not in it)."""
    labels = {f.name: t(f.label_key, lang) for f in fields}
    options: list[str | None] = [None, *labels]
    st.markdown(f"**{t('imp.mapping', lang)}**")
    st.caption(where_found(table, lang))
    mapping: dict[str, str] = {}
    headings = [str(h) for h in table.frame.columns]
    for start in range(0, len(headings), PER_ROW):
        slots = st.columns(PER_ROW)
        for offset, heading in enumerate(headings[start : start + PER_ROW]):
            index = start + offset
            guess = table.mapping.get(heading)
            samples = [v for v in table.frame[heading].astype(str).tolist() if v.strip()][:3]
            chosen = choices.selectbox(
                inert.markdown(heading),  # the file's own heading: user text in a Markdown label
                options,
                key=f"{key}.{index}",
                where=slots[offset],
                index=options.index(guess) if guess in options else 0,
                format_func=lambda f: labels[f] if f else t("imp.f_ignore", lang),
                help=t("imp.sample", lang, values=" · ".join(inert.markdown(v) for v in samples)) if samples else None,
            )
            if chosen:
                mapping[heading] = chosen
    return mapping
