"""Accessibility checks a browser test runs on the page in front of it: axe-core (vendored, tests/e2e/vendor)
for serious and critical violations, the page's declared language, text size on a phone, and the Tab stops."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from lib.demo.city import demo_password
from lib.platform.i18n import t

AXE_VERSION = "4.14.1"
AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
DESKTOP = {"viewport": {"width": 1400, "height": 1000}, "locale": "vi-VN"}
LANGUAGE_NAMES = {"vi": "Tiếng Việt", "en": "English"}

# Streamlit fades the elements of a run in progress (a fragment's timer included, which can start while axe
# works) to a third of their opacity for a moment: axe measures every element at the strength it is drawn with.
_UNFADED = '[data-stale="true"], [data-stale="true"] * { opacity: 1 !important; transition: none !important; }'
_AXE_RUN = """async () => {
  const result = await axe.run(document, { resultTypes: ['violations'] });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.html.slice(0, 200) + ' ' + n.failureSummary) }));
}"""

# Visible elements with text of their own (or a text field) drawn under 16 px; charts (SVG, canvas) are not text
_SMALL_TEXT = """() => {
  const out = [];
  for (const e of document.querySelectorAll('[data-testid="stMain"] *')) {
    const field = e.tagName === 'INPUT' || e.tagName === 'TEXTAREA';
    const own = field || [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own || e.closest('svg, canvas, [aria-hidden="true"]')) continue;
    const box = e.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(e).visibility === 'hidden') continue;
    if (field && ['radio', 'checkbox', 'hidden'].includes(e.type)) continue;
    const size = parseFloat(getComputedStyle(e).fontSize);
    if (size < 16) out.push(`${e.tagName} ${size}px "${(e.innerText || e.value || e.placeholder || '').slice(0, 40)}"`);
  }
  return out;
}"""

_SIDEBAR_AT_REST = """() => { const bar = document.querySelector('[data-testid="stSidebar"]');
  return !bar || bar.dataset.collapsed !== 'true' || getComputedStyle(bar).visibility === 'hidden'; }"""

_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const box = e.getBoundingClientRect();
  const label = e.getAttribute('aria-label') || (e.labels && e.labels[0] && e.labels[0].innerText) || e.innerText || '';
  return { tag: e.tagName, label: label.trim().split('\\n')[0], inSidebar: !!e.closest('[data-testid="stSidebar"]'),
           visible: box.width > 0 && box.height > 0 && box.right > 0 && box.left < innerWidth };
}"""


def settled(page: Page, lang: str | None = None) -> None:
    """Wait until the page's script run is over (and, given a language, the page declares it)."""
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=60_000)
    if lang is not None:
        expect(page.locator("html")).to_have_attribute("lang", lang)
    expect(page.locator('[data-testid="stApp"][data-test-script-state="notRunning"]')).to_have_count(1, timeout=60_000)


def serious_violations(page: Page) -> list[dict]:
    """axe-core's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        # evaluated through the DevTools protocol: the app's Content-Security-Policy refuses inline <script> tags
        page.evaluate("() => {\n" + AXE_SOURCE.read_text(encoding="utf-8") + "\n}")
        page.add_style_tag(content=_UNFADED)
    return page.evaluate(_AXE_RUN)


def small_text(page: Page) -> list[str]:
    """Texts and fields in the page's main area drawn under 16 px."""
    return page.evaluate(_SMALL_TEXT)


def tab_stops(page: Page, count: int) -> list[dict]:
    """Press Tab `count` times from where the focus is; what got the focus each time. A collapsed sidebar is
    first let finish sliding away: it turns unreachable (visibility hidden) only once its 0.3 s slide is over,
    and a phone collapses it just after the page is drawn."""
    page.wait_for_function(_SIDEBAR_AT_REST)
    stops = []
    for _ in range(count):
        page.keyboard.press("Tab")
        stops.append(page.evaluate(_FOCUSED))
    return stops


def choose_language(page: Page, lang: str) -> None:
    """Pick the language in the sidebar as a person does (on a phone: open the sidebar first, then close it)."""
    settled(page)
    box = page.locator(".st-key-sidebar-language input")  # the select box keyed "sidebar.language", in either language
    collapsed = page.get_by_test_id("stSidebar").get_attribute("data-collapsed") == "true"
    if collapsed:
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "false")
    option = page.get_by_role("option", name=LANGUAGE_NAMES[lang], exact=True)
    for _ in range(3):  # a tap while the sidebar still slides in focuses the box without opening its list: tap again
        box.click()
        try:
            expect(option).to_be_visible(timeout=5_000)
            break
        except AssertionError:
            page.keyboard.press("Escape")
    option.click()
    settled(page, lang)
    if collapsed:
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(page.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")


def sign_in_as(page: Page, username: str, lang: str = "vi") -> None:
    """Sign in on the form in front of the page, in either language; the page behind it (footfall, venues) may
    take a while to draw on a busy machine. On a phone the sign-out button is there, in the closed sidebar."""
    page.get_by_label(t("signin.username", lang)).fill(username)
    page.get_by_label(t("signin.password", lang), exact=True).fill(demo_password(username))
    page.get_by_role("button", name=t("signin.submit", lang)).click()
    sign_out = page.get_by_role("button", name=t("sidebar.sign_out", lang), include_hidden=True)
    expect(sign_out).to_have_count(1, timeout=60_000)
