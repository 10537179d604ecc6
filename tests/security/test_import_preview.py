"""The venue import cannot be used to tie up the server: the red team uploaded 20,000 rows and every rerun of
the page (any click, by anyone in that session) checked all of them again (154 s, other users' p90 x3.5).
The preview is made once per uploaded file (its content hash) and the page's reruns reuse it; a new file, or
an import that changed the registry, is checked again; a file with more rows than importer.MAX_ROWS is refused
with a message that says so, before a single row is checked."""

from __future__ import annotations

from lib.platform.i18n import format_number, t
from lib.venues import importer
from tests.conftest import tally
from tests.pages.test_pages import _run

HEADER = "ten_dia_diem,loai_hinh,phuong_xa,dia_chi,nguoi_dang_ky,dien_thoai\n"


def _rows(n: int, start: int = 0) -> bytes:
    lines = [f"Quán số {i},restaurant,Phường 1,{i} Hùng Vương,Lý Thị Thu,09120{i:05d}" for i in range(start, start + n)]
    return (HEADER + "\n".join(lines) + "\n").encode()


def _counting(monkeypatch) -> list[int]:
    checked: list[int] = []
    real = importer.preview

    def preview(cur, user, frame, *args, **kwargs):
        checked.append(len(frame))
        return real(cur, user, frame, *args, **kwargs)

    monkeypatch.setattr(importer, "preview", preview)
    return checked


def test_reruns_reuse_the_preview_of_the_same_file(demo_env, monkeypatch):
    checked = _counting(monkeypatch)
    at = _run("views/venues.py", demo_env, "phuong1")
    at.file_uploader(key="venues.import_file").set_value(("ds.csv", _rows(40), "text/csv"))
    at.run()
    reruns = 6
    for _ in range(reruns):  # what any other widget of the page does: a rerun of the whole script
        at.run()
    assert not at.exception
    assert t("imp.summary", "vi", ok=40, bad=0) in [c.value for c in at.caption]
    tally("import preview reruns", reruns=reruns + 1, files=1, previews_made=len(checked))
    assert checked == [40]

    at.file_uploader(key="venues.import_file").set_value(("ds2.csv", _rows(3, start=100), "text/csv"))
    at.run()
    assert checked == [40, 3]  # another file is checked
    at.button(key="venues.import_run").click().run()
    assert at.success[-1].value == t("imp.done", "vi", n=3, rejected=0)
    at.run()
    assert checked == [40, 3, 3]  # after the import the same file is checked again: now duplicates
    assert t("imp.summary", "vi", ok=0, bad=3) in [c.value for c in at.caption]


def test_a_file_over_the_row_cap_is_refused_clearly(demo_env, monkeypatch):
    checked = _counting(monkeypatch)
    too_many = importer.MAX_ROWS + 1
    at = _run("views/venues.py", demo_env, "phuong1")
    at.file_uploader(key="venues.import_file").set_value(("lon.csv", _rows(too_many), "text/csv"))
    at.run()
    at.run()
    errors = [e.value for e in at.error]
    tally("import row cap", tried_rows=too_many, rows_checked=sum(checked))
    assert not at.exception and checked == []
    assert t("imp.too_many_rows", "vi", n=format_number(too_many), max=format_number(importer.MAX_ROWS)) in errors
