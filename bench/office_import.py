"""How long an office's venue list takes to read and to check (the import tab's preview, before anything is
saved): an .xlsx with a title block and `rows` venues (2,000 is the cap per file) written in the spellings
offices use, ward and category words varied, one row in seven refused, into a fresh database with the units
loaded and a city office user.

    python -m bench.office_import [--rows 2000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time

from openpyxl import Workbook

from bench.report import machine_load
from bench.run import append_results
from lib.access import accounts
from lib.platform import admin_units, db, uploads
from lib.platform.config import load_settings
from lib.venues import importer

HEADINGS = ["STT", "Tên cơ sở", "Loại hình", "Quận/Huyện", "Phường/Xã", "Địa chỉ", "Người đăng ký", "Số điện thoại", "Sức chứa"]
CATEGORIES = ["Chợ", "Quán ăn", "Trường học", "Chùa", "Siêu thị", "Nhà hàng, quán ăn", "Quán hát"]  # the last: unknown
WARDS = ["P.1", "Phường 02", "Xã Tân Khánh Đông", "Tân Quy Đông", "An Hoà", "Phường 3"]
DISTRICTS = ["TP. Sa Đéc", "Tp Sa Đéc", "Sa Đéc", ""]


def office_list(rows: int) -> bytes:
    """The workbook: two title lines, a blank row, the header, then the venues."""
    book = Workbook()
    sheet = book.active
    for line in (["UBND THÀNH PHỐ SA ĐÉC"], ["DANH SÁCH CƠ SỞ ĐĂNG KÝ MÃ QR"], [], HEADINGS):
        sheet.append(line)
    for n in range(rows):
        place = [DISTRICTS[n % 4], WARDS[n % 6], f"{n + 1} Lê Lợi"]
        sheet.append([n + 1, f"Cơ sở số {n + 1}", CATEGORIES[n % 7], *place, "Nguyễn Văn An", f"09123{n:05d}", 50])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=uploads.MAX_TABLE_ROWS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    raw = office_list(args.rows)
    reads, checks, accepted = [], [], 0
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings({**os.environ, "QRCHECKIN_DATA_DIR": tmp, "QRCHECKIN_DB_PATH": f"{tmp}/bench.duckdb"})
        root = db.open_database(settings)
        try:
            with db.cursor(root) as cur:
                admin_units.load_units(cur)
                user = accounts.load_user(cur, accounts.create_user(cur, "bench_office", "bench-password-1", "office", "Bench"))
            for _ in range(args.repeat):
                with db.cursor(root) as cur:
                    started = time.perf_counter()
                    table = importer.read_file("danh-sach.xlsx", raw)
                    read = time.perf_counter()
                    results = importer.preview(cur, user, table.frame, "87", "867")
                    reads.append(read - started)
                    checks.append(time.perf_counter() - read)
                accepted = sum(r.reason is None for r in results)
        finally:
            db.close_database(settings.db_path)
    rows = [
        "| rows | read median s | check median s | check max s | accepted | runs |",
        "|---:|---:|---:|---:|---:|---:|",
        f"| {args.rows:,} | {statistics.median(reads):.2f} | {statistics.median(checks):.2f} | {max(checks):.2f}"
        f" | {accepted:,} | {args.repeat} |",
        f"\n{machine_load().capitalize()}",
    ]
    print("\n".join(rows))
    append_results("Office venue list: read and check (issue 21)", rows)


if __name__ == "__main__":
    main()
