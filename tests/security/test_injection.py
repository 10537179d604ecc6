"""Injection attempts in every text field and import column: SQL fragments, spreadsheet formulas, HTML and
script, path names, a 1 MB string, NUL and control characters. Each is either refused with a message or
stored exactly as typed (after the documented normalisation) — never executed: the tables keep their rows,
queries return only what they should, and exports neutralise formulas."""

import io
from datetime import UTC, date, datetime

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.access import accounts, audit
from lib.analytics import targets
from lib.people import declaration_form, declarations, search
from lib.platform import spreadsheets
from lib.platform.errors import AppError
from lib.tracing import cases, risk_queue
from lib.venues import importer, registry
from tests.conftest import tally

PAYLOADS = [
    "'; DROP TABLE people; --",
    "1' OR '1'='1",
    '" OR 1=1 --',
    "$scope_ward",
    "?",
    "%' OR '%'='",
    "') UNION SELECT phone, phone FROM people --",
    "x'); DELETE FROM checkins; --",
    '=HYPERLINK("http://evil.example","bấm vào")',
    "+cmd|' /C calc'!A0",
    "@SUM(A1)",
    "-2+3",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "${7*7}",
    "../../etc/passwd",
    "C:\\Windows\\system32\\cmd.exe",
    "/dev/null",
    "x" * 1_000_000,
    "a\x00b",
    "\x07\x1b[31mđỏ",
    "Nguyễn\u202eVăn",
    "\r\n=1+1",
]
NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def _normal(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.fixture
def actors(fresh_db):
    with fresh_db.cursor() as cur:
        office = accounts.load_user(cur, accounts.create_user(cur, "vanhoa1", "long-password-1", "office", "Văn hoá"))
        health = accounts.load_user(cur, accounts.create_user(cur, "yte1", "long-password-1", "health", "Y tế"))
        admin = accounts.load_user(cur, accounts.create_user(cur, "quantri", "long-password-1", "admin", "Quản trị"))
    return fresh_db, office, health, admin


def _counts(cur) -> tuple:
    return cur.execute(
        "SELECT (SELECT count(*) FROM people), (SELECT count(*) FROM venues), (SELECT count(*) FROM checkins), (SELECT count(*) FROM users)"
    ).fetchone()


def _attempt(store, read_back) -> str:
    """'refused' or 'stored'; raises if the value came back changed beyond normalisation."""
    try:
        stored_id = store()
    except AppError:
        return "refused"
    return "stored" if read_back(stored_id) else "altered"


def test_every_text_field_stores_verbatim_or_refuses(actors):
    database, office, health, admin = actors
    outcomes = {"refused": 0, "stored": 0, "altered": 0}
    with database.cursor() as cur:
        market = registry.create_venue(
            cur, office, registry.VenueInput("Chợ", "market", "2021", "87", "867", "29905", "1 Lê Lợi", "Nguyễn Văn An", "0912000001")
        )
        owner = declaration_form.PersonForm("TRẦN VĂN BA", "1980", "Nam", phone="0912000002")
        address = declaration_form.Address("2021", "87", "867", "29905", "2 Lê Lợi")
        person = declarations.declare_household(cur, "s", owner, [], address, True)[0].person_id
        case_id = cases.create_case(cur, health, cases.CaseInput(person, date(2026, 11, 25)), now=NOW)
        followup = cur.execute(
            "INSERT INTO risk_followups (followup_id, person_id, source) VALUES (99, ?, 'declaration') RETURNING followup_id", [person]
        ).fetchone()[0]
        before = _counts(cur)

        def venue_field(field):
            def store(payload):
                data = {"name": "Quán", "address": "3 Lê Lợi", "registrant_name": "Lê Thị Cúc", field: payload}
                return registry.create_venue(
                    cur,
                    office,
                    registry.VenueInput(
                        data["name"], "restaurant", "2021", "87", "867", "29905", data["address"], data["registrant_name"], "0912000003"
                    ),
                    confirm_duplicate=True,
                )

            column = field
            return (
                store,
                lambda payload, vid: (
                    _normal(cur.execute(f"SELECT {column} FROM venues WHERE venue_id = ?", [vid]).fetchone()[0]) == _normal(payload)
                ),
            )

        def person_field(field):
            def store(payload):
                values = {"full_name": "LÊ VĂN DŨNG", "street": "4 Lê Lợi", "symptom_details": ""}
                values[field] = payload
                answers = declaration_form.Answers(symptoms=("fever",), symptom_details=values["symptom_details"] or "sốt")
                form = declaration_form.PersonForm(values["full_name"], "1985", "Nam", phone="0912000004", answers=answers)
                where = declaration_form.Address("2021", "87", "867", "29905", values["street"])
                return declarations.declare_household(cur, "s", form, [], where, True)[0].person_id

            sql = {
                "full_name": "SELECT full_name FROM people WHERE person_id = ?",
                "street": "SELECT address FROM people WHERE person_id = ?",
                "symptom_details": "SELECT symptom_details FROM declarations WHERE person_id = ?",
            }[field]
            return store, lambda payload, pid: _normal(cur.execute(sql, [pid]).fetchone()[0]).endswith(_normal(payload))

        fields = {f"venue.{f}": venue_field(f) for f in ("name", "address", "registrant_name")}
        fields |= {f"declaration.{f}": person_field(f) for f in ("full_name", "street", "symptom_details")}
        fields["case.notes"] = (
            lambda p: cases.update_case(cur, health, case_id, cases.CaseInput(person, date(2026, 11, 25), notes=p), now=NOW) or case_id,
            lambda p, cid: _normal(cur.execute("SELECT notes FROM cases WHERE case_id = ?", [cid]).fetchone()[0] or "") == _normal(p),
        )
        fields["risk.notes"] = (
            lambda p: risk_queue.update(cur, health, followup, "contacted", None, p) or followup,
            lambda p, fid: (
                (cur.execute("SELECT notes FROM risk_followups WHERE followup_id = ?", [fid]).fetchone()[0] or "").strip() == p.strip()
            ),
        )
        for name, (store, read_back) in fields.items():
            for payload in PAYLOADS:
                outcome = _attempt(lambda s=store, p=payload: s(p), lambda stored, r=read_back, p=payload: r(p, stored))
                assert outcome != "altered", (name, payload[:40])
                outcomes[outcome] += 1
        # search boxes: the payload is a value, never SQL — whatever comes back really contains it
        for payload in PAYLOADS:
            try:
                found = search.search_people(cur, health, "s", payload, "Kiểm thử an toàn")
                assert all(_normal(payload) in _normal(name) for name in found["full_name"]), payload[:40]
            except AppError:
                pass
            logged = audit.search(cur, admin, text=payload[:200])
            assert all(
                payload[:200].strip().lower() in " ".join(str(v) for v in row).lower()
                for row in logged[["target", "reason", "details"]].itertuples(index=False)
            ), payload[:40]
            with pytest.raises(AppError):
                accounts.authenticate(cur, payload, payload, 5, 15)
        after = _counts(cur)
        assert cur.execute("SELECT count(*) FROM venues WHERE venue_id = ?", [market]).fetchone()[0] == 1
    tally(
        "injection text fields",
        tried=len(PAYLOADS) * len(fields),
        stored_verbatim=outcomes["stored"],
        refused=outcomes["refused"],
        executed=0,
    )
    tally("injection search boxes and sign-in", tried=len(PAYLOADS) * 3, executed=0)
    assert after[1] >= before[1] and after[0] >= before[0] and after[2] == before[2] and after[3] == before[3]


def test_import_columns_store_verbatim_or_refuse_and_exports_neutralise(actors):
    database, office, *_ = actors
    tried = refused = stored = 0
    with database.cursor() as cur:
        for column in importer.REQUIRED:
            for payload in PAYLOADS[:20] + PAYLOADS[21:]:
                row = dict(
                    zip(importer.REQUIRED, ("Quán cơm", "restaurant", "29905", "5 Lê Lợi", "Phạm Văn Em", "0912000005"), strict=True)
                )
                row[column] = payload.replace("\n", " ")
                text = ",".join(row) + "\n" + ",".join('"' + v.replace('"', '""') + '"' for v in row.values()) + "\n"
                tried += 1
                try:
                    frame = importer.read_table("x.csv", text.encode())
                    results = importer.preview(cur, office, frame, "87", "867", "vi")
                except AppError:
                    refused += 1
                    continue
                bad = [r for r in results if r.reason]
                refused += len(bad)
                stored += len(importer.import_rows(cur, office, results))
            for payload in PAYLOADS[:20]:
                tried += 1
                raw = f'phuong_xa,loai_hinh,so_du_kien\n29905,market,"{payload.replace(chr(34), chr(34) * 2)}"\n'.encode()
                with pytest.raises(AppError):
                    targets.import_file(cur, office, "2021", "t.csv", raw)
                refused += 1
        names = [r[0] for r in cur.execute("SELECT name FROM venues").fetchall()]
        assert cur.execute("SELECT count(*) FROM users").fetchone()[0] == 3
    text = spreadsheets.csv_bytes(pd.DataFrame({"name": names})).decode("utf-8-sig")
    for line in text.splitlines()[1:]:
        assert not line.lstrip('"').startswith(("=", "+", "@", "\t", "\r")) or line.lstrip('"').startswith("'")
    sheet = load_workbook(io.BytesIO(spreadsheets.xlsx_bytes(pd.DataFrame({"name": names})))).active
    cells = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert len(cells) == len(names) and all(not c.startswith(("=", "@")) or c.startswith("'") for c in cells)
    tally("injection import columns", tried=tried, refused=refused, stored_verbatim=stored, executed=0)
