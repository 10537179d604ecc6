"""Strings shown to people, in Vietnamese (default) and English; the texts live in `lib.platform.messages.*`.

`t(key, lang, **params)` formats a message; a missing English text falls back to Vietnamese, and a missing
key raises KeyError so typos are found by tests rather than shown to users.
"""

from __future__ import annotations

from lib.platform.messages import (
    accounts,
    analytics,
    app,
    door,
    office,
    people,
    places,
    presentation,
    privacy,
    public,
    scanner,
    security,
    streamlit_own,
    tracing,
    venues,
)

DEFAULT_LANGUAGE = "vi"
LANGUAGES = {"vi": "Tiếng Việt", "en": "English"}


def _merge(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """One catalogue; a key defined twice is a bug, found at import."""
    merged: dict[str, dict[str, str]] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:
            raise RuntimeError(f"message keys defined twice: {sorted(clash)}")
        merged.update(part)
    return merged


CATALOGUE = _merge(
    app.MESSAGES,
    venues.MESSAGES,
    people.MESSAGES,
    tracing.MESSAGES,
    analytics.MESSAGES,
    privacy.MESSAGES,
    door.MESSAGES,
    presentation.MESSAGES,
    accounts.MESSAGES,
    security.MESSAGES,
    office.MESSAGES,
    scanner.MESSAGES,
    public.MESSAGES,
    places.MESSAGES,
    streamlit_own.MESSAGES,
)


def t(key: str, lang: str = DEFAULT_LANGUAGE, **params: object) -> str:
    """Look up and format a message; English falls back to Vietnamese where a text is missing."""
    entry = CATALOGUE[key]
    text = entry.get(lang) or entry[DEFAULT_LANGUAGE]
    return text.format(**params) if params else text


def format_number(value: int) -> str:
    """Vietnamese digit grouping with dots: 1.234.567."""
    return f"{value:,}".replace(",", ".")
