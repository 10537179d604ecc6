"""The server side of the browser scanner (lib.checkins.scans): each scan id records once, at the moment the
code was read, through the same door path; too old a scan is refused with its reason; what a browser sends
is checked before anything is used."""

from datetime import UTC, datetime, timedelta

import pytest

from lib.checkins import batch, door, rules, scans
from lib.codes import tokens
from lib.platform import db
from tests import builders as build

SECRET = "sec"
NOW = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 in Vietnam


@pytest.fixture
def door_setup(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ", "market", address="1 Lê Lợi")
        shop = build.venue(cur, office, "Chợ Hai", "market", address="2 Lê Lợi")
        staff = build.staff(cur, (market,))
        people = [build.person(cur, pid) for pid in (1001, 1002)]
    codes = [tokens.sign(SECRET, "P", str(pid), 1) for pid in people]
    return fresh_db, staff, market, shop, people, codes


def _scan(scan_id: str, text: str, venue: str, minutes_ago: float = 0, mode: str = "auto") -> scans.BrowserScan:
    return scans.BrowserScan(scan_id, text, venue, mode, timedelta(minutes=minutes_ago))


def _visits(cur, person_id: int) -> list[tuple]:
    return cur.execute(
        "SELECT venue_id, checked_in_at, checked_out_at, method FROM checkins WHERE person_id = ? ORDER BY checked_in_at", [person_id]
    ).fetchall()


def test_a_scan_id_sent_twice_records_one_visit(door_setup):
    database, staff, market, _, people, codes = door_setup
    with database.cursor() as cur:
        [first] = scans.receive(cur, staff, SECRET, [_scan("scan-0001", codes[0], market)], now=NOW)
        assert first.result is not None and first.result.kind == "checked_in"
        # the answer was lost, the browser sends its queue again (later, or from a second tab)
        [again] = scans.receive(cur, staff, SECRET, [_scan("scan-0001", codes[0], market)], now=NOW + timedelta(minutes=5))
        assert again.result is None
        assert _visits(cur, people[0]) == [(market, NOW, None, "staff_scan")]
        row = cur.execute("SELECT outcome, person_id, checkin_id, recorded_by, scanned_at FROM door_scans").fetchall()
        assert row == [("checked_in", people[0], first.result.outcome.checkin_id, staff.user_id, NOW)]


def test_a_queued_scan_is_recorded_at_the_moment_it_was_read(door_setup):
    database, staff, market, _, people, codes = door_setup
    with database.cursor() as cur:
        receipts = scans.receive(
            cur, staff, SECRET, [_scan("scan-0002", codes[1], market, minutes_ago=2), _scan("scan-0001", codes[0], market, 40)], now=NOW
        )
        assert [r.scan_id for r in receipts] == ["scan-0001", "scan-0002"]  # oldest first, whatever the order sent
        assert _visits(cur, people[0]) == [(market, NOW - timedelta(minutes=40), None, "staff_scan")]
        assert _visits(cur, people[1]) == [(market, NOW - timedelta(minutes=2), None, "staff_scan")]


def test_a_scan_older_than_the_limit_is_refused_with_the_reason(door_setup):
    database, staff, market, _, people, codes = door_setup
    with database.cursor() as cur:
        [late] = scans.receive(cur, staff, SECRET, [_scan("scan-0003", codes[0], market, minutes_ago=121)], max_age_minutes=120, now=NOW)
        assert late.result is not None and (late.result.kind, late.result.message_key) == (door.REFUSED, "door.scan_too_old")
        assert _visits(cur, people[0]) == []
        [just] = scans.receive(cur, staff, SECRET, [_scan("scan-0004", codes[0], market, minutes_ago=119)], max_age_minutes=120, now=NOW)
        assert just.result is not None and just.result.kind == "checked_in"
        assert cur.execute("SELECT scan_id, outcome FROM door_scans ORDER BY scan_id").fetchall() == [
            ("scan-0003", "refused"),
            ("scan-0004", "checked_in"),
        ]


def test_queued_scans_follow_the_door_rules_in_the_order_they_were_read(door_setup):
    """In, the same code again within the window (the held-code rule), out half an hour later."""
    database, staff, market, _, people, codes = door_setup
    batch = [
        _scan("scan-0013", codes[0], market, minutes_ago=60),
        _scan("scan-0011", codes[0], market, minutes_ago=90),
        _scan("scan-0012", codes[0], market, minutes_ago=89.5),
    ]
    with database.cursor() as cur:
        kinds = [r.result.kind for r in scans.receive(cur, staff, SECRET, batch, now=NOW) if r.result]
        assert kinds == ["checked_in", "already_in", "checked_out"]
        assert _visits(cur, people[0]) == [(market, NOW - timedelta(minutes=90), NOW - timedelta(minutes=60), "staff_scan")]


def test_refusals_are_results_and_recorded_once(door_setup):
    database, staff, market, shop, people, codes = door_setup
    with database.cursor() as cur:
        receipts = scans.receive(
            cur, staff, SECRET, [_scan("scan-0021", "not a code", market), _scan("scan-0022", codes[0], shop)], now=NOW
        )
        assert [(r.result.kind, r.result.message_key) for r in receipts if r.result] == [
            (door.REFUSED, "code.foreign"),
            (door.REFUSED, "err.venue_unknown"),  # a venue outside the guard's venues
        ]
        assert _visits(cur, people[0]) == []


def test_a_failure_that_is_no_refusal_frees_the_id_for_the_next_try(door_setup, monkeypatch):
    database, staff, market, _, _, codes = door_setup

    def broken(*args, **kwargs):
        raise OSError("disk full")

    with database.cursor() as cur:
        with monkeypatch.context() as patch:
            patch.setattr(door, "handle_payload", broken)
            with pytest.raises(OSError, match="disk full"):
                scans.receive(cur, staff, SECRET, [_scan("scan-0031", codes[0], market)], now=NOW)
        assert cur.execute("SELECT count(*) FROM door_scans").fetchone()[0] == 0
        [retry] = scans.receive(cur, staff, SECRET, [_scan("scan-0031", codes[0], market)], now=NOW)
        assert retry.result is not None and retry.result.kind == "checked_in"


def test_a_scan_being_recorded_by_another_session_gets_no_receipt_and_is_sent_again(door_setup):
    """Two tabs of one door share the browser's queue and may send the same scan at the same moment."""
    database, staff, market, _, people, codes = door_setup
    with database.cursor() as cur:
        scans._in_flight.add("scan-0061")  # the other tab's session is recording it
        try:
            assert scans.receive(cur, staff, SECRET, [_scan("scan-0061", codes[0], market)], now=NOW) == []
        finally:
            scans._in_flight.discard("scan-0061")
        assert _visits(cur, people[0]) == []
        [later] = scans.receive(cur, staff, SECRET, [_scan("scan-0061", codes[0], market)], now=NOW)
        assert later.result is not None and later.result.kind == "checked_in"


def test_the_batch_is_read_by_differences_of_the_browser_clock():
    """A door laptop whose clock is an hour behind: the age is sent-at minus read-at, both by that clock."""
    behind = int((NOW - timedelta(hours=1)).timestamp() * 1000)
    parsed, malformed = scans.parse_batch(
        {"sent_at": behind, "scans": [{"id": "scan-0041", "text": "P.X", "at": behind - 90_000, "venue": "ABC234", "mode": "auto"}]}
    )
    assert malformed == [] and parsed == [scans.BrowserScan("scan-0041", "P.X", "ABC234", "auto", timedelta(seconds=90))]
    parsed, _ = scans.parse_batch(
        {"sent_at": behind, "scans": [{"id": "scan-0042", "text": "P.X", "at": behind + 5000, "venue": "A", "mode": "in"}]}
    )
    assert parsed[0].age == timedelta(0)  # read "after" it was sent: never in the future


@pytest.mark.parametrize(
    "item",
    [
        {"id": "scan-0051", "text": "", "at": 1, "venue": "ABC234", "mode": "auto"},
        {"id": "scan-0051", "text": "x" * 1001, "at": 1, "venue": "ABC234", "mode": "auto"},
        {"id": "scan-0051", "text": "P.X", "at": "yesterday", "venue": "ABC234", "mode": "auto"},
        {"id": "scan-0051", "text": "P.X", "at": True, "venue": "ABC234", "mode": "auto"},
        {"id": "scan-0051", "text": "P.X", "at": 1, "venue": "AB'; DROP", "mode": "auto"},
        {"id": "scan-0051", "text": "P.X", "at": 1, "venue": "ABC234", "mode": "sideways"},
        {"id": "scan-0051", "text": ["P.X"], "at": 1, "venue": "ABC234", "mode": "auto"},
    ],
)
def test_a_malformed_scan_is_acknowledged_and_not_used(item):
    assert scans.parse_batch({"sent_at": 10, "scans": [item]}) == ([], ["scan-0051"])


@pytest.mark.parametrize(
    "payload",
    [None, "scans", {"scans": []}, {"sent_at": "now", "scans": []}, {"sent_at": 1, "scans": "x"}, {"sent_at": 1, "scans": [{"id": "x"}]}],
)
def test_what_is_not_a_batch_gives_nothing(payload):
    assert scans.parse_batch(payload) == ([], [])


def test_a_batch_is_cut_at_the_limit():
    items = [{"id": f"scan-{n:05d}", "text": "P.X", "at": 1, "venue": "ABC234", "mode": "auto"} for n in range(scans.MAX_BATCH + 5)]
    parsed, _ = scans.parse_batch({"sent_at": 1, "scans": items})
    assert len(parsed) == scans.MAX_BATCH


def test_a_poster_of_this_server_is_told_apart_from_a_foreign_link(door_setup):
    database, staff, market, _, _, _ = door_setup
    with database.cursor() as cur:
        version = cur.execute("SELECT code_version FROM venues WHERE venue_id = ?", [market]).fetchone()[0]
    poster = tokens.venue_url("https://qr.sadec.example", tokens.sign(SECRET, "V", market, version))
    with database.cursor() as cur:
        receipts = scans.receive(
            cur,
            staff,
            SECRET,
            [_scan("scan-0071", poster, market), _scan("scan-0072", "https://example.com/x", market)],
            now=NOW,
            public_url="https://qr.sadec.example",
        )
    assert [r.result.message_key for r in receipts if r.result] == ["door.venue_code", "code.foreign_link"]


def test_a_recorded_scan_and_its_row_are_one_transaction_and_a_writer_refusal_has_its_reason(door_setup):
    """The writer's batch writes a browser scan's door_scans row with its visit (lib.checkins.scan_log): a
    batch rolled back leaves neither, and a scan the writer refuses (the venue suspended after the route
    let it in) is recorded as refused with the writer's reason."""
    database, staff, market, _, people, _ = door_setup
    log = rules.ScanLog("scan-0071", NOW)
    with database.cursor() as cur:

        def failing_batch() -> None:
            with db.transaction(cur):
                batch.apply_scans(cur, [rules.ScanRequest(staff, market, people[0], now=NOW, log=log)])
                raise RuntimeError("the batch fails after the rules ran")

        with pytest.raises(RuntimeError):
            failing_batch()
        assert cur.execute("SELECT (SELECT count(*) FROM checkins), (SELECT count(*) FROM door_scans)").fetchone() == (0, 0)
        [outcome] = batch.record_scans(cur, [rules.ScanRequest(staff, market, people[0], now=NOW, log=log)])
        row = cur.execute("SELECT outcome, message_key, checkin_id, received_at FROM door_scans WHERE scan_id = 'scan-0071'").fetchone()
        assert row == ("checked_in", "door.checked_in", outcome.checkin_id, NOW)
        cur.execute("UPDATE venues SET status = 'suspended' WHERE venue_id = ?", [market])
        refused_log = rules.ScanLog("scan-0072", NOW)
        [refusal] = batch.record_scans(cur, [rules.ScanRequest(staff, market, people[1], now=NOW, log=refused_log)])
        assert not hasattr(refusal, "kind")
        row = cur.execute("SELECT outcome, message_key, person_id, checkin_id FROM door_scans WHERE scan_id = 'scan-0072'").fetchone()
        assert row == ("refused", refusal.key, people[1], None)
