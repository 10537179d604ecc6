"""The Chromium phones of `bench.public` and what they do: open a page in a new session, check in from a poster
link (a kept code tapped on the light page, a code pasted there or on the Streamlit page) and declare a household
of three. Each flow returns its wall time and remembers who checked in, so the bench can count the rows."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from lib.codes import tokens
from lib.platform.i18n import t
from lib.ui.browser import PHONE_CODES_KEY

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "vi-VN"}
CHECKED_IN = "ĐÃ VÀO"


@dataclass
class City:
    secret: str
    venues: list[tuple[str, int, str]]  # (venue id, code version, name)
    people: list[tuple[int, int, str]]  # (person id, code version, masked name): no visit in the last day

    def poster(self, n: int) -> str:
        venue_id, version, _ = self.venues[n % len(self.venues)]
        return tokens.sign(self.secret, tokens.VENUE, venue_id, version)

    def code(self, person: tuple[int, int, str]) -> str:
        return tokens.sign(self.secret, tokens.PERSON, str(person[0]), person[1])


class Phones:
    """Chromium phones: each `phone()` a new profile (cold cache) unless `warm`, one X-Forwarded-For address
    each (the server trusts its loopback proxy), as many phones behind a city's proxy would be."""

    def __init__(self, browser) -> None:
        self.browser, self.made, self.warm_context = browser, 0, None
        self.timeout_ms = 60_000  # raised for K phones at once: on a loaded machine 50 Chromium pages take minutes

    async def phone(self, codes: list[dict] | None = None, warm: bool = False):
        self.made += 1
        address = f"10.{self.made // 60000 % 250}.{self.made // 250 % 240}.{self.made % 250 + 1}"
        if warm:
            if self.warm_context is None:
                self.warm_context = await self.browser.new_context(**PHONE)
            await self.warm_context.set_extra_http_headers({"X-Forwarded-For": address})
            return self.warm_context, await self.warm_context.new_page()
        context = await self.browser.new_context(**PHONE, extra_http_headers={"X-Forwarded-For": address})
        if codes:
            await context.add_init_script(f"window.localStorage.setItem({json.dumps(PHONE_CODES_KEY)}, {json.dumps(json.dumps(codes))})")
        context.set_default_timeout(self.timeout_ms)
        context.set_default_navigation_timeout(self.timeout_ms)
        return context, await context.new_page()

    async def close_warm(self) -> None:
        if self.warm_context is not None:
            await self.warm_context.close()
            self.warm_context = None


@dataclass
class Flows:
    """What one phone does, against the app at `url`; `checked` lists every person who checked in."""

    phones: Phones
    city: City
    url: str
    expect: Callable
    people: Iterator[tuple[int, int, str]] = field(init=False)
    checked: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.people = iter(self.city.people)

    def _next(self) -> tuple[int, int, str]:
        person = next(self.people)
        self.checked.append(person[0])
        return person

    def opener(self, url: str, path: Callable[[int], str], ready: Callable, warm: bool):
        """A flow that opens `url + path(n)` in a new session and waits until `ready(page, n)` is visible."""

        async def one(n: int) -> float:
            context, page = await self.phones.phone(warm=warm)
            started = time.perf_counter()
            await page.goto(url + path(n))
            await self.expect(ready(page, n)).to_be_visible()
            wall = time.perf_counter() - started
            await (page.close() if warm else context.close())
            return wall

        return one

    def heading(self, name: str | None = None):
        return lambda page, n: page.get_by_role("heading", name=name or self.city.venues[n % len(self.city.venues)][2]).first

    async def light_tap(self, n: int) -> float:
        """Poster link on a cold phone that keeps one code: open, tap the holder's button, the result."""
        person = self._next()
        context, page = await self.phones.phone([{"person": person[0], "name": person[2], "code": self.city.code(person)}])
        started = time.perf_counter()
        await page.goto(f"{self.url}/poster?v={self.city.poster(n)}")
        await page.get_by_role("button", name=t("self.as", "vi", name=person[2])).click()
        await self.expect(page.get_by_test_id("door-result")).to_contain_text(CHECKED_IN, timeout=self.phones.timeout_ms)
        wall = time.perf_counter() - started
        await context.close()
        return wall

    async def light_paste(self, n: int) -> float:
        person = self._next()
        context, page = await self.phones.phone()
        started = time.perf_counter()
        await page.goto(f"{self.url}/poster?v={self.city.poster(n)}")
        await page.get_by_label(t("light.paste", "vi")).fill(self.city.code(person))
        await page.get_by_role("button", name=t("self.go", "vi"), exact=True).click()
        await self.expect(page.get_by_test_id("door-result")).to_contain_text(CHECKED_IN, timeout=self.phones.timeout_ms)
        wall = time.perf_counter() - started
        await context.close()
        return wall

    async def streamlit_paste(self, n: int) -> float:
        person = self._next()
        context, page = await self.phones.phone()
        started = time.perf_counter()
        await page.goto(f"{self.url}/checkin?v={self.city.poster(n)}")
        await page.get_by_label(t("self.code", "vi")).fill(self.city.code(person))
        await page.get_by_role("button", name=t("self.go", "vi"), exact=True).click()
        await self.expect(page.get_by_test_id("door-result")).to_contain_text(CHECKED_IN, timeout=self.phones.timeout_ms)
        wall = time.perf_counter() - started
        await context.close()
        return wall

    async def declare_three(self, n: int, around_submit: Callable) -> float:
        """One household (owner with a phone, two relatives) through the Streamlit declaration page, filled in;
        `around_submit` (an async context manager factory) measures the server from the click on "submit"
        until it is idle after showing the codes. Returns the wall time to the codes."""
        context, page = await self.phones.phone()
        await page.goto(f"{self.url}/declaration")
        await page.get_by_label(t("decl.full_name", "vi")).first.fill(f"Trần Thị Bích {'ABCDEFGHIJKLMNOPQRST'[n % 20]}")
        await page.get_by_label(t("decl.birth_year", "vi")).first.fill("1985")
        await self._choose(page, t("decl.gender", "vi"), "Nữ")
        await page.get_by_label(t("decl.phone", "vi"), exact=True).fill(f"0903 45{n % 100:02d} 78")
        await self._choose(page, t("picker.ward", "vi"), "Phường Sa Đéc")  # today's wards (July 2025) come first
        await page.get_by_label(t("decl.street", "vi")).fill("8 Hai Bà Trưng")
        count = page.get_by_label(t("decl.relatives", "vi"))
        await count.fill("2")
        await count.press("Enter")
        await self.expect(page.get_by_label(t("decl.full_name", "vi"))).to_have_count(3)
        for i, (name, year, gender) in enumerate((("Lê Văn Nam", "2012", "Nam"), ("Lê Thị Hoa", "2016", "Nữ")), start=1):
            await page.get_by_label(t("decl.full_name", "vi")).nth(i).fill(name)
            await page.get_by_label(t("decl.birth_year", "vi")).nth(i).fill(year)
            await self._choose(page, t("decl.gender", "vi"), gender, nth=i)
            await self._choose(page, t("decl.relationship", "vi"), t("rel.child", "vi"), nth=i - 1)
        await page.get_by_text(re.compile("^Tôi cam kết thông tin khai")).click()
        async with around_submit():
            started = time.perf_counter()
            await page.get_by_role("button", name=t("decl.submit", "vi")).click()
            await self.expect(page.get_by_text(t("decl.done", "vi", n=3))).to_be_visible()
            wall = time.perf_counter() - started
        await context.close()
        return wall

    async def _choose(self, page, label: str, option: str, nth: int = 0) -> None:
        """As tests/e2e/conftest.choose: click the option, never Enter."""
        box = page.get_by_label(label).nth(nth)
        await box.click()
        await box.fill(option)
        await page.get_by_role("option", name=option, exact=True).click()
        await self.expect(page.get_by_role("option", name=option, exact=True)).to_have_count(0)
