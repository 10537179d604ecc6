"""Stored Markdown, HTML and chart-label injection (issue 17, item 8).

The red team put `![x](http://host/…)` and links in a venue's name and address: the image loaded and the link
was clickable on the public /checkin page, "Kiểm tra mã QR" and the venue page; an `<a href>` in a venue name
was a live link in the footfall chart; a forged ID-card QR rendered images on the door screen. Here the same
texts are stored (in a venue, a staff member's name, an ID card's QR) and every page that shows them is run in
AppTest; every piece of text Streamlit would render as Markdown (bodies, headings, captions, alerts, widget
labels) is parsed with a CommonMark parser (with GFM autolinks and `$math$`) and must hold no link, image,
HTML or math; HTML shown with unsafe_allow_html may hold only the app's own tags; plotly labels no tags.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt
from mdit_py_plugins.dollarmath import dollarmath_plugin
from streamlit.testing.v1 import AppTest

from lib.codes import tokens
from lib.platform.config import PROJECT_ROOT
from lib.platform.times import now_utc
from lib.ui import session, webcam
from tests.builders import demo_user
from tests.conftest import tally

HOSTILE = (
    "**Quán** ![x](http://127.0.0.1:9/probe.png) [bấm vào](javascript:alert(1)) <img src=x onerror=alert(1)>"
    ' <a href="http://evil.example">Chợ</a> $x^2$ :red[đỏ] http://evil.example/a www.evil.example'
)
VARIANTS = [
    HOSTILE,
    "![](http://127.0.0.1:9/p.png)",
    "[a](http://evil.example 'title')",
    "<http://evil.example>",
    "`code` __x__ ~~y~~ # heading",
    "line one\n\n# heading\n\n![x](http://127.0.0.1:9/q.png)",
    "&lt;img src=x onerror=alert(1)&gt;",
    "\\![x](http://127.0.0.1:9/r.png)",
    "$$\\href{javascript:alert(1)}{x}$$",
    "<script>alert(1)</script>",
]
FORBIDDEN = {"link_open", "image", "html_inline", "html_block", "math_inline", "math_block", "math_block_label", "code_inline", "fence"}
AUTOLINK = re.compile(r"(?i)https?://|\bwww\.|[\w.+-]@[\w-]+\.")
APP_TAGS = {"div", "b", "br", "style"}
PARSER = MarkdownIt("commonmark", {"linkify": True, "html": True}).enable(["linkify", "strikethrough"]).use(dollarmath_plugin)


def _tokens(text: str):
    for token in PARSER.parse(text):
        yield token
        yield from token.children or ()


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, attrs))


def live_markup(text: str, allow_html: bool) -> list[str]:
    """What in a rendered text would act: Markdown links, images, HTML, math; for HTML bodies, foreign tags
    or attributes that load or run something."""
    if allow_html:
        parser = _Tags()
        parser.feed(text)
        bad = [tag for tag, _ in parser.tags if tag not in APP_TAGS]
        bad += [f"{tag}.{name}" for tag, attrs in parser.tags for name, _ in attrs if name.startswith("on") or name in ("href", "src")]
        return bad
    found = [t.type for t in _tokens(text) if t.type in FORBIDDEN and not _own_link(t)]
    # Streamlit (GFM autolink literals) links URLs, www. and e-mail addresses found in the text after parsing
    plain = "".join(t.content for t in _tokens(text) if t.type in ("text", "text_special"))
    return found + ["autolink"] * len(AUTOLINK.findall(plain))


def _own_link(token) -> bool:
    """The catalogue's own links to a page of the app (`[Khai báo y tế](/declaration)`) are not user text."""
    href = str(token.attrs.get("href", "")) if token.type == "link_open" else ""
    return href.startswith("/") and not href.startswith("//")


def rendered_texts(at: AppTest) -> list[tuple[str, bool]]:
    """Every text of the page that Streamlit renders as Markdown (with its unsafe_allow_html flag)."""
    out: list[tuple[str, bool]] = []

    def walk(node) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            for field in ("body", "label", "help", "placeholder", "caption"):
                value = getattr(proto, field, None)
                if isinstance(value, str) and value and field in ("body", "label"):
                    out.append((value, bool(getattr(proto, "allow_html", False))))
            expandable = getattr(proto, "expandable", None)
            if expandable is not None and getattr(expandable, "label", ""):
                out.append((expandable.label, False))
            options = getattr(proto, "options", None)
            if getattr(node, "type", "") == "radio" and options:
                out.extend((str(o), False) for o in options)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return out


def chart_strings(at: AppTest) -> list[str]:
    found: list[str] = []

    def strings(value) -> None:
        if isinstance(value, str):
            found.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                strings(v)
        elif isinstance(value, list):
            for v in value:
                strings(v)

    for chart in at.get("plotly_chart"):
        strings(json.loads(chart.proto.spec))
    return found


@pytest.fixture(autouse=True)
def no_webrtc(monkeypatch):
    """The WebRTC widget cannot run under AppTest (as in tests/pages/conftest.py)."""
    monkeypatch.setattr(webcam, "stream", lambda *args, **kwargs: False)


def _page(database, script: str, username: str | None) -> AppTest:
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=90)
    if username:
        at.session_state[session.USER] = demo_user(database, username)
        at.session_state[session.LAST_SEEN] = now_utc()
    return at


@pytest.mark.parametrize("name", ["markdown", "html", "chart_label"])
def test_the_helpers_leave_nothing_live(name):
    from lib.platform import inert  # imported here: the page test below also runs against code without it

    payload = getattr(inert, name)
    checked = 0
    for text in VARIANTS:
        shown = payload(text)
        if payload is inert.chart_label:
            assert "<" not in shown and ">" not in shown and "$" not in shown
        else:
            assert live_markup(shown, allow_html=payload is inert.html) == [], (text, shown)
            assert live_markup(shown, allow_html=False) == [], (text, shown)  # HTML escapes are inert Markdown too
        checked += 1
    tally("inert text helpers", tried=checked, live=0)


def test_stored_markup_is_inert_on_every_page_that_shows_it(demo_env):
    secret = demo_env.settings.resolved_secret()
    with demo_env.cursor() as cur:
        venue_id, version = cur.execute(
            "SELECT v.venue_id, v.code_version FROM venues v JOIN checkins c USING (venue_id) JOIN venue_staff s USING (venue_id)"
            " JOIN users u ON u.user_id = s.user_id WHERE v.status = 'active' AND u.username = 'chosadec'"
            " GROUP BY ALL ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()
        top = cur.execute("SELECT venue_id FROM checkins GROUP BY venue_id ORDER BY count(*) DESC LIMIT 5").fetchall()
        cur.execute("UPDATE venues SET name = ?, address = ? WHERE venue_id = ?", [HOSTILE, HOSTILE, venue_id])
        cur.execute(
            "UPDATE venues SET name = ? WHERE list_contains(?, venue_id) AND venue_id <> ?", [HOSTILE, [r[0] for r in top], venue_id]
        )
        cur.execute("UPDATE users SET full_name = ? WHERE username IN ('vanhoa', 'chosadec')", [HOSTILE])
    card = f"087080001234||{HOSTILE.replace('|', '/')}|01011980|Nam|{VARIANTS[5].replace(chr(10), ' ')}|01012021"
    token = tokens.sign(secret, tokens.VENUE, venue_id, int(version))

    runs: dict[str, AppTest] = {}
    at = _page(demo_env, "views/checkin.py", None)
    at.query_params["v"] = token
    runs["checkin"] = at.run()
    at = _page(demo_env, "views/check_qr.py", "vanhoa").run()
    at.text_input(key="check_qr.typed").input(venue_id)
    runs["check_qr"] = at.button(key="check_qr.submit").click().run()
    at = _page(demo_env, "views/venues.py", "vanhoa").run()
    runs["venues"] = at.selectbox(key="venues.pick").select(venue_id).run()
    at = _page(demo_env, "views/scan.py", "chosadec").run()
    at.selectbox(key="scan.venue").select(venue_id).run()
    at.text_input(key="scan.manual").input(card)
    runs["scan"] = at.button(key="scan.manual_go").click().run()
    runs["footfall"] = _page(demo_env, "views/footfall.py", "vanhoa").run()

    live: list[tuple[str, str, list[str]]] = []
    shown = 0
    for page, run in runs.items():
        assert not run.exception, (page, run.exception)
        texts = rendered_texts(run)
        assert any("quán" in text.casefold() for text, _ in texts) or page == "footfall", page  # the stored text is on screen
        for text, allow_html in texts:
            shown += 1
            bad = live_markup(text, allow_html)
            if bad:
                live.append((page, text[:120], bad))
    charts = chart_strings(runs["footfall"])
    assert any("evil.example" in s for s in charts), "the renamed venues are in the footfall chart"
    live += [("footfall chart", s[:120], ["tag"]) for s in charts if "<a " in s or "<img" in s]  # plotly renders these
    tally("stored markup shown (texts rendered on 5 pages)", texts=shown, chart_labels=len(charts), live=len(live))
    assert live == [], live
