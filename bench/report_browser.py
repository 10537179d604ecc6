"""How long the weekly report takes as the chair gets it: on the "Báo cáo tuần" page of a `streamlit run` server
holding the demo city of `make run`, from the click on the PDF or .docx button to the file downloaded in
Debian's Chromium, for the city office and for the chair of Phường 1 (the library alone: bench.report).
Issue 21 asks for under 5 s.

    python -m bench.report_browser [--repeat 3]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

from bench.report import machine_load
from bench.run import SIZES, _demo_database, append_results
from lib.analytics import hourly_totals
from lib.demo.city import demo_password
from lib.platform import db
from lib.platform.i18n import t
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, sign_in, streamlit_server

USERS = ("vanhoa", "phuong1")
FORMATS = {"pdf": "rep.pdf", "docx": "rep.docx"}


def _click_to_file(page: Page, button_key: str, repeat: int) -> tuple[list[float], int]:
    """Seconds from each click on the download button to the whole file on disk; the last file's size."""
    button = page.get_by_role("button", name=t(button_key, "vi"))
    expect(button).to_be_enabled()
    times, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        with page.expect_download() as download:
            button.click()
        size = Path(download.value.path()).stat().st_size  # path() waits for the download to finish
        times.append(time.perf_counter() - started)
    return times, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = ["| report | format | click to file, median s | max s | runs | bytes |", "|---|---|---:|---:|---:|---:|"]
    with _demo_database(SIZES["small"]) as (settings, root, summary):
        with db.cursor(root) as cur:
            hourly_totals.ensure_fresh(cur)
        db.close_database(settings.db_path)  # the server owns the file from here
        folder = settings.db_path.parent
        with streamlit_server(folder, env={"QRCHECKIN_DB_PATH": str(settings.db_path)}) as url, sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            for name in USERS:
                context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
                context.set_default_timeout(60_000)
                page = context.new_page()
                page.goto(f"{url}/reports")
                sign_in(page, name, demo_password(name))
                reason = page.get_by_label(t("an.export_reason", "vi"))
                reason.fill("Họp Ủy ban nhân dân")
                reason.press("Enter")
                for fmt, key in FORMATS.items():
                    times, size = _click_to_file(page, key, args.repeat)
                    rows.append(f"| {name} | {fmt} | {statistics.median(times):.2f} | {max(times):.2f} | {args.repeat} | {size:,} |")
                    print(rows[-1], flush=True)
                context.close()
            browser.close()
    rows.append(f"\nDemo city: {summary.checkins:,} check-ins; {machine_load()}")
    print("\n".join(rows))
    append_results("Weekly report in the browser (issue 21), demo city of `make run`", rows)


if __name__ == "__main__":
    main()
