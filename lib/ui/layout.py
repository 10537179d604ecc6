"""Shared widgets: the sidebar (language, who is signed in, sign-out) and every table as people read it
(through lib.platform.presentation: localised headers, labels, ward names, Vietnam time, Có/Không)."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

from lib.access.users import User
from lib.checkins.door_status import Status
from lib.platform import i18n, inert, presentation
from lib.platform.i18n import t
from lib.platform.times import format_datetime
from lib.ui import browser, resources, session, streamlit_texts, url_state


@functools.lru_cache(maxsize=4)
def native_texts(lang: str) -> str:
    """Styles for Streamlit's own English where it offers no setting: in Vietnamese, the "Press Enter to apply"
    hints are hidden and the camera and upload buttons read in Vietnamese (the texts come from the catalogue).
    Made once per language."""
    if lang == "en":
        return ""
    photo, browse = t("st.take_photo", lang), t("st.browse_files", lang)
    return (
        '[data-testid="InputInstructions"]{display:none}'
        '[data-testid="stCameraInputButton"]{font-size:0}'
        f'[data-testid="stCameraInputButton"]::after{{content:"{photo}";font-size:1rem}}'
        '[data-testid="stFileUploaderDropzoneInstructions"] span{display:none}'
        '[data-testid="stFileUploaderDropzone"] button{font-size:0}'
        f'[data-testid="stFileUploaderDropzone"] button::after{{content:"{browse}";font-size:0.875rem}}'
    )


# Readable for everyone, on every page (WCAG 2.1 AA, checked by axe-core in tests/e2e/test_accessibility.py):
# - captions (Streamlit draws them in the text colour at 60 % opacity, 3.9:1 on white) and placeholders in a
#   solid grey of at least 6:1 and 5:1;
# - on a phone (Streamlit's 640 px breakpoint) labels, inputs, buttons and body text at least 16 px (Streamlit
#   draws them at 14 px; under 16 px a phone also zooms into the field being typed in); `max(16px, 1em)`
#   keeps whatever is meant to be larger (a door result, a heading's own text);
# - a collapsed sidebar (always, on a phone) is out of the Tab order and hidden from screen readers, after
#   its slide-out: its links were Tab stops off screen.
PAGE_CSS = """
[data-testid="stCaptionContainer"]{opacity:1;color:#5c5b5a}
input::placeholder,textarea::placeholder{color:#6b6a69;opacity:1}
[data-testid="stSidebar"][data-collapsed="true"]{visibility:hidden;transition:visibility 0s linear .3s}
[data-testid="stAudio"],.stElementContainer:has([data-testid="stAudio"]){display:none}
@media (max-width:640px){
 .stApp :is(p,label,input,textarea,button,li,summary,td,th,[data-baseweb="select"] div,[data-testid="stCaptionContainer"],
  [data-testid="stMetricLabel"] *,[data-testid="stWidgetLabel"] *,[data-testid="stDateInput"] *,[data-testid="stTimeInput"] *,
  [data-tag] *,[data-baseweb="tab"] *,[data-testid="stFileUploaderDropzoneInstructions"] *):not(
  h1,h2,h3,h4,h5,h6,[data-testid="stIconMaterial"]){
  font-size:max(16px,1em)}
}
"""


def page_setup(lang: str) -> None:
    """What every page needs to be readable: the styles above and Streamlit's own texts, in one element."""
    st.markdown(f"<style>{PAGE_CSS}{native_texts(lang)}</style>", unsafe_allow_html=True)


def sidebar(user: User | None, lang: str, links: list[st.Page] | None = None) -> None:
    """Page links when signed out; language switch for everyone; name, role and sign-out when signed in."""
    with st.sidebar:
        page_setup(lang)  # in the sidebar: the style elements then leave no gap above the page's title
        for link in links or []:
            st.page_link(link)
        choice = st.selectbox(
            t("sidebar.language", lang),
            list(i18n.LANGUAGES),
            index=list(i18n.LANGUAGES).index(lang),
            format_func=lambda code: i18n.LANGUAGES[code],
            key="sidebar.language",
        )
        if choice != lang:
            session.set_language(choice)
            st.rerun()
        if user is not None:
            st.caption(t("sidebar.signed_in_as", lang, name=inert.markdown(user.full_name), role=t(f"role.{user.role}", lang)))
            if st.button(t("sidebar.sign_out", lang), key="sidebar.sign_out"):
                session.sign_out()
                st.rerun()
        browser.page_language(lang)
        streamlit_texts.show_in_language(lang)


def local_times(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Copy of a frame with timestamp columns shown as dd/mm/yyyy HH:MM in Vietnam time."""
    out = frame.copy()
    for column in columns:
        out[column] = [format_datetime(v) if pd.notna(v) else "" for v in out[column]]
    return out


def own_status(status: Status, lang: str) -> None:
    """A person's own colour and what to do (F0: stay in isolation; F1: isolate and wait for the health
    station), shown to the person or their household on their history."""
    level = t(f"risk.{status.risk_level}", lang) if status.risk_level else t("risk.unknown", lang)
    if status.cause == "case":
        level = f"{level} (F0)"
    elif status.cause == "exposure":
        level = f"{level} (F1)"
    box = {"red": st.error, "yellow": st.warning, "green": st.success}.get(status.risk_level, st.info)
    box(f"**{t('status.title', lang, name=inert.markdown(status.masked_name), level=level)}** — {t(status.resident_advice, lang)}")


def wards() -> dict[str, str]:
    """Ward code -> name, cached (the units change only when an operator reloads them)."""
    return resources.cached(presentation.ward_names)


def table(frame: pd.DataFrame, lang: str, key: str, hide: tuple[str, ...] = (), **dataframe_args: object):
    """st.dataframe of a library frame as people read it; returns what st.dataframe returns (the selection
    of a selectable table: row positions are those of `frame`). An empty read-only table is a line saying so:
    Streamlit's own empty grid says "empty", in English whatever the language."""
    if frame.empty and "on_select" not in dataframe_args:
        st.caption(t("table.empty", lang))
        return None
    return st.dataframe(presentation.for_screen(frame, lang, wards(), hide), hide_index=True, key=key, **dataframe_args)  # type: ignore[arg-type]


def column_labels(frame: pd.DataFrame, lang: str) -> dict[str, object]:
    """column_config for an editable grid: the catalogue's headers, the frame keeping its own column names."""
    return {str(c): st.column_config.Column(presentation.header(c, lang)) for c in frame.columns}


# Every chart without plotly's toolbar: on a phone the modebar sat over the chart (the compliance chart's
# legend and bars) and its icons are English-only; the figures are read, not edited.
CHART_CONFIG = {"displayModeBar": False, "responsive": True}


def chart(figure: object, key: str | None = None):
    """st.plotly_chart of a library figure, the one place every page draws a chart through."""
    return st.plotly_chart(figure, key=key, config=CHART_CONFIG)  # type: ignore[arg-type]


def tabs(key: str, labels: dict[str, str], lang: str) -> list:
    """st.tabs whose open tab is kept by its code, so a language switch does not throw the person back to the
    first tab (Streamlit keeps a tab by its label, and the labels change with the language): the widget's key
    carries the language, and a new one opens on the code remembered when the person last chose a tab. The code
    is also kept in the URL (parameter `key`), so F5 and a second tab open the same tab."""
    remembered, widget = f"{key}.open", f"{key}.{lang}"
    code_of = {label: code for code, label in labels.items()}

    def remember() -> None:
        st.session_state[remembered] = code_of.get(str(st.session_state.get(widget, "")))
        url_state.keep(key, None if st.session_state[remembered] == next(iter(labels)) else st.session_state[remembered])

    url_state.restore(remembered, key, list(labels))  # F5 or a second tab opens the tab the URL names

    # `default` is part of the tabs' element id: changed while the widget lives, the whole tab block is drawn anew
    # (an upload just picked in it was lost), so it is fixed when this language's widget is first drawn
    first = f"{widget}.opened"
    if widget not in st.session_state:
        st.session_state[first] = st.session_state.get(remembered)
    opened = labels.get(str(st.session_state.get(first) or ""))
    return list(st.tabs(list(labels.values()), default=opened, key=widget, on_change=remember))
