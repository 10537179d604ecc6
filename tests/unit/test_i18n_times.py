"""Catalogue completeness and local-time formatting."""

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lib.platform import i18n
from lib.platform.times import format_date, format_datetime, local_day_bounds
from lib.venues.categories import CATEGORIES


def test_every_message_has_vietnamese_and_english():
    for key, entry in i18n.CATALOGUE.items():
        assert entry.get("vi") and entry.get("en"), key
        # the same placeholders in both languages
        assert sorted(_fields(entry["vi"])) == sorted(_fields(entry["en"])), key


def _fields(text):
    import string

    return [f for _, f, _, _ in string.Formatter().parse(text) if f]


def test_every_category_and_role_has_a_label():
    for cat in CATEGORIES:
        assert i18n.t(f"cat.{cat.code}", "vi")
    for role in ("admin", "office", "ward", "health", "staff"):
        assert i18n.t(f"role.{role}", "en")


def test_unknown_key_fails_loudly():
    with pytest.raises(KeyError):
        i18n.t("no.such.key")


def test_dates_are_local_dd_mm_yyyy():
    moment = datetime(2026, 11, 27, 17, 30, tzinfo=UTC)  # 00:30 next day in Vietnam
    assert format_datetime(moment) == "28/11/2026 00:30"
    assert format_date(moment) == "28/11/2026"
    assert format_datetime(None) == ""
    start, end = local_day_bounds(moment)
    assert start == datetime(2026, 11, 27, 17, 0, tzinfo=UTC) and (end - start).days == 1


@given(st.integers(min_value=0, max_value=10**12))
def test_number_grouping_round_trips(value):
    text = i18n.format_number(value)
    assert int(text.replace(".", "")) == value
    assert all(len(group) == 3 for group in text.split(".")[1:])
