"""Guessing and flooding: sign-in brute force is locked out, the public pages' limits hold, and uploaded files
that are not what they claim (zip bomb, 50 MB image, decompression bomb, PDF named .png) are refused cleanly
before any parser runs."""

import io
import struct
import zipfile
import zlib
from datetime import UTC, datetime, timedelta

import pytest
from openpyxl import Workbook

from lib.access import accounts, rate_limits
from lib.analytics import targets
from lib.checkins import self_checkin
from lib.codes import decoding
from lib.people import households
from lib.platform import uploads
from lib.platform.errors import AppError, AuthError, ConflictError, InvalidInputError
from lib.venues import importer
from tests.conftest import tally

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)


def test_sign_in_brute_force_is_locked_out(fresh_db):
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "canbo1", "the-right-password", "office", "Cán bộ")
        succeeded = locked = 0
        for n in range(200):
            guess = "the-right-password" if n % 20 == 19 else f"guess-{n}"  # the right one now and then
            try:
                accounts.authenticate(cur, "canbo1", guess, max_failures=5, lockout_minutes=15, now=NOW + timedelta(seconds=n))
                succeeded += 1
            except AuthError:
                pass
        locked = cur.execute("SELECT count(*) FROM audit_log WHERE action = 'sign_in_failed' AND details LIKE '%locked%'").fetchone()[0]
        with pytest.raises(AuthError):
            accounts.authenticate(cur, "canbo1", "the-right-password", 5, 15, now=NOW + timedelta(minutes=5))
        user = accounts.authenticate(cur, "canbo1", "the-right-password", 5, 15, now=NOW + timedelta(minutes=40))
    tally("sign-in brute force", tried=200, succeeded=succeeded, refused_as_locked=locked)
    assert succeeded == 0 and locked >= 190 and user.username == "canbo1"


def test_public_pages_are_rate_limited(fresh_db):
    with fresh_db.cursor() as cur:
        cur.execute(
            "INSERT INTO venues (venue_id, name, category, scheme, province_code, district_code, ward_code, address,"
            " registrant_name, registrant_phone, capacity, default_stay_minutes) VALUES ('VVVVVV', 'Chợ', 'market',"
            " '2021', '87', '867', '29905', '1 Hùng Vương', 'Nguyễn Văn An', '0912000001', 100, 60)"
        )
        for pid in range(1, 31):
            cur.execute(
                "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code,"
                " ward_code, phone, owner_phone) VALUES (?, 1, 'NGƯỜI', 1990, 'Nữ', '2021', '87', '29905', ?, ?)",
                [pid, "0912000099", "0912000099"],
            )
        counts = {"self check-in": 0, "household lookup": 0, "declaration": 0}
        script = rate_limits.client("s", "198.51.100.66")
        for pid in range(1, 31):
            try:
                self_checkin.self_check_in(cur, "VVVVVV", pid, script, "s", now=NOW)
                counts["self check-in"] += 1
            except ConflictError:
                pass
        for n in range(30):
            try:
                households.find_household(cur, "s", "0912000099", id_last4=f"{n:04d}", birth_year="1990", now=NOW, client=script)
            except ConflictError:
                continue
            except AppError:
                counts["household lookup"] += 1
        for n in range(30):
            try:
                rate_limits.allow(cur, "s", "declare", client=script, phone=f"09120001{n:02d}", now=NOW)
                counts["declaration"] += 1
            except ConflictError:
                pass
    for kind, allowed in counts.items():
        tally(f"rate limit {kind}", tried=30, let_through=allowed)
    assert counts == {
        "self check-in": self_checkin.MAX_PER_CLIENT,
        "household lookup": households.MAX_FAILURES,
        "declaration": rate_limits.LIMITS["declare"]["client"].count,
    }


def _png_header(width: int, height: int) -> bytes:
    """A PNG that claims an enormous size but holds almost nothing: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def _zip_bomb() -> bytes:
    """A real .xlsx whose sheet XML unpacks to 200 MB of zeros (about 200 kB packed)."""
    book = io.BytesIO()
    Workbook().save(book)
    out = io.BytesIO()
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            bomb.writestr(item, source.read(item.filename))
        with bomb.open("xl/worksheets/padding.xml", "w") as padding:
            for _ in range(200):
                padding.write(b"0" * (1 << 20))
    return out.getvalue()


def test_uploads_that_are_not_what_they_claim_are_refused(fresh_db):
    pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    photos = {
        "50 MB image": b"\x89PNG\r\n\x1a\n" + b"\x00" * (50 * 2**20),
        "decompression bomb": _png_header(100_000, 100_000),
        "PDF named .png": pdf,
        "empty": b"",
        "text": b"=cmd|' /C calc'!A0",
    }
    refused = 0
    for name, raw in photos.items():
        with pytest.raises(InvalidInputError) as err:
            decoding.decode_upload(raw)
        assert err.value.key.startswith("upload."), name
        refused += 1
    bomb = _zip_bomb()
    with fresh_db.cursor() as cur:
        office = accounts.load_user(cur, accounts.create_user(cur, "vanhoa1", "long-password-1", "office", "Văn hoá"))
        tables = [("zip bomb .xlsx", "bom.xlsx", bomb), ("PDF named .xlsx", "a.xlsx", pdf), ("11 MB .csv", "a.csv", b"a" * (11 * 2**20))]
        for name, filename, raw in tables:
            for read in (lambda f, r: importer.read_table(f, r), lambda f, r: targets.import_file(cur, office, "2021", f, r)):
                with pytest.raises(InvalidInputError) as err:
                    read(filename, raw)
                assert err.value.key.startswith("upload."), name
                refused += 1
    tally("uploads not what they claim", tried=len(photos) + 2 * len(tables), refused=refused, parsed=0)
    assert uploads.MAX_IMAGE_PIXELS < 100_000**2


def test_a_script_behind_many_addresses_cannot_flood_one_venue(fresh_db):
    """Stolen codes sent from 30 addresses and 30 phones to one venue: the venue's limit stops them (a busy
    moment for the visitor, not "your device"), another venue still checks people in, and the rows say so."""
    with fresh_db.cursor() as cur:
        for venue_id in ("VVVVVV", "WWWWWW"):
            cur.execute(
                "INSERT INTO venues (venue_id, name, category, scheme, province_code, district_code, ward_code, address,"
                " registrant_name, registrant_phone, capacity, default_stay_minutes) VALUES (?, 'Chợ', 'market',"
                " '2021', '87', '867', '29905', '1 Hùng Vương', 'Nguyễn Văn An', '0912000001', 100, 60)",
                [venue_id],
            )
        for pid in range(1, 32):
            cur.execute(
                "INSERT INTO people (person_id, household_id, full_name, birth_year, gender, scheme, province_code,"
                " ward_code, phone, owner_phone) VALUES (?, ?, 'NGƯỜI', 1990, 'Nữ', '2021', '87', '29905', ?, ?)",
                [pid, pid, f"09130000{pid:02d}", f"09130000{pid:02d}"],
            )
        limits = {"venue": 10, "all": 6000}
        answers = []
        for pid in range(1, 31):
            try:
                client = rate_limits.client("s", f"198.51.100.{pid}")
                answers.append(self_checkin.self_check_in(cur, "VVVVVV", pid, client, "s", now=NOW, limits=limits).kind)
            except ConflictError as err:
                answers.append(err.key)
        elsewhere = self_checkin.self_check_in(cur, "WWWWWW", 31, rate_limits.client("s", "203.0.113.8"), "s", now=NOW, limits=limits)
        rows = cur.execute("SELECT venue_id, count(*) FROM checkins GROUP BY venue_id ORDER BY venue_id").fetchall()
    tally("self check-ins at one venue from 30 addresses", tried=30, let_through=answers.count("checked_in"))
    assert answers == ["checked_in"] * 10 + ["err.self_busy"] * 20
    assert elsewhere.kind == "checked_in" and rows == [("VVVVVV", 10), ("WWWWWW", 1)]
