"""Headings carry no anchor link: each link was a Tab stop, so keyboard users tabbed through every heading."""

import pytest

from tests.pages.test_analytics_pages import _page

PAGES = [
    ("views/home.py", "vanhoa"),
    ("views/footfall.py", "vanhoa"),
    ("views/compliance.py", "vanhoa"),
    ("views/venues.py", "vanhoa"),
    ("views/risk.py", "yte"),
    ("views/tracing.py", "yte"),
    ("views/users.py", "demo_admin"),
]


@pytest.mark.parametrize(("script", "username"), PAGES)
def test_headings_have_no_anchor_link(demo_env, script, username):
    at = _page(script, demo_env, username).run()
    assert not at.exception
    headings = [*at.title, *at.header, *at.subheader]
    assert headings
    assert all(h.proto.hide_anchor for h in headings), [h.value for h in headings if not h.proto.hide_anchor]
