"""Charts on every page that draws them come without plotly's toolbar (on a phone it covered the compliance
chart) and resize with the screen."""

import json

import pytest

from tests.pages.test_analytics_pages import _page


@pytest.mark.parametrize("script", ["views/compliance.py", "views/footfall.py", "views/home.py", "views/risk.py"])
def test_charts_have_no_toolbar(demo_env, script):
    at = _page(script, demo_env, "vanhoa" if script != "views/risk.py" else "yte").run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert charts, "the page draws charts on the demo city"
    for chart in charts:
        config = json.loads(chart.proto.config)
        assert config.get("displayModeBar") is False and config.get("responsive") is True
