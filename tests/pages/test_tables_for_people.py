"""Every table on every page is for people: localised headers, no raw codes of None/NaN/True/False."""

import re

import pytest

from lib.access import permissions
from lib.platform.i18n import CATALOGUE
from lib.ui.navigation import PAGES
from tests.pages.test_pages import USER_OF_ROLE, _run, permissions_user

HEADERS = {text for texts in CATALOGUE.values() for text in texts.values()}
RAW = {"None", "nan", "NaN", "NaT", "<NA>", "True", "False"}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", [p for p in PAGES if not permissions.is_public(p)])
def test_tables_have_catalogue_headers_and_no_raw_values(demo_env, page, lang):
    role = next(r for r in USER_OF_ROLE if permissions.may_open(permissions_user(demo_env, r), page))
    at = _run(f"views/{page}.py", demo_env, USER_OF_ROLE[role], lang=lang)
    assert not at.exception
    for frame in (d.value for d in at.dataframe if not d.proto.editing_mode):  # an editable grid labels through column_config
        for column in frame.columns:
            assert re.sub(r" \(\d+\)$", "", str(column)) in HEADERS, (page, column)
        for column in frame.columns:
            if frame[column].dtype == object:
                assert not RAW & {str(v) for v in frame[column]}, (page, column)
