"""Contact tracing on a hand-built day whose answer was worked out by hand (times are Sa Đéc local).

Market M (default stay 60 min), shop S (default stay 20 min). The case (person 1) was at M 08:00-09:00,
at S from 10:00 without checking out (ends 10:20 by the default stay), and at M again 23:30-00:30 across
midnight. Person 2 is in the case's household and went nowhere.
"""

from datetime import UTC, date, datetime, timedelta

import pytest

from lib.checkins import batch
from lib.platform.errors import FormErrors, InvalidInputError, PermissionDeniedError
from lib.platform.times import LOCAL_TZ
from lib.tracing import cases, contacts, stays
from tests import builders as build

DAY = date(2026, 11, 20)
NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=LOCAL_TZ) + timedelta(days=days)


@pytest.fixture
def place_and_people(fresh_db):
    with fresh_db.cursor() as cur:
        office, health = build.office(cur), build.health(cur)
        market, shop = build.venue(cur, office, "Chợ", "market"), build.venue(cur, office, "Tạp hoá", "essential_shop")
        for pid in (1, 2, 10, 11, 12, 13, 14, 15, 16, 17, 18, 30):
            build.person(cur, pid, household_id=1 if pid in (1, 2) else pid, phone=None if pid == 2 else "")
        visits = [  # person, venue, in, out (None: open)
            (1, market, at(8), at(9)),
            (1, shop, at(10), None),
            (1, market, at(23, 30), at(0, 30, 1)),
            (1, market, at(8, days=-10), at(9, days=-10)),
            (30, market, at(8, days=-10), at(9, days=-10)),
            (10, market, at(7), at(8)),
            (11, market, at(8, 46), at(10)),
            (12, market, at(8, 45), at(9, 30)),
            (13, market, at(9), None),
            (14, market, at(10, 1), at(10, 30)),
            (15, shop, at(9, 55), None),
            (16, market, at(23, 50), at(1, days=1)),
            (18, market, at(9, 30), at(9, 40)),
            (18, shop, at(10), at(10, 20)),
        ]
        for n, (pid, venue, start, end) in enumerate(visits):
            build.checkin(cur, 1000 + n, pid, venue, start, end)
        # person 17 was at the market from 08:00 but checked in at the shop at 08:10, which closed that visit
        batch.record_scan(cur, office, market, 17, now=at(8))
        batch.record_scan(cur, office, shop, 17, now=at(8, 10))
        case_id = cases.create_case(cur, health, cases.CaseInput(1, DAY, isolated_at=at(6, days=1)), now=NOW)
    return fresh_db, health, office, case_id, market, shop


@pytest.fixture(params=["pruned scans", "day buckets"])
def scenario(request, place_and_people, monkeypatch):
    """Every answer must be the same whichever way the stays are found (few source visits or many)."""
    if request.param == "day buckets":
        monkeypatch.setattr(stays, "PRUNED_SCANS_UP_TO", 0)
    return place_and_people


def test_f1_contacts_match_the_hand_count(scenario):
    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        trace = contacts.trace_case(cur, health, case_id, contacts.TraceRules(15, 60), now=NOW, reason="Truy vết ca bệnh")
    got = {row.person_id: (row.level, row.overlap_minutes) for row in trace.contacts.itertuples()}
    assert got == {
        2: ("household", 0),
        12: ("overlap", 15),
        15: ("overlap", 15),
        16: ("overlap", 40),
        18: ("overlap", 20),
        13: ("after", 0),
    }
    # 10 touched (left as the case arrived), 11 was one minute short, 14 came 61 min after, 17's market visit
    # was closed by the check-in elsewhere, 30 met the case before the window
    row18 = trace.contacts.set_index("person_id").loc[18]
    assert row18["visits"] == 2 and row18["where"] == "Chợ 20/11/2026 09:30; Tạp hoá 20/11/2026 10:00"  # local time
    assert trace.contacts["level"].tolist()[0] == "household"
    assert len(trace.visits) == 3  # the three visits in the window, not the one ten days before
    assert trace.since == datetime(2026, 11, 18, tzinfo=LOCAL_TZ) and trace.until == at(6, days=1)


def test_a_case_who_went_nowhere_and_lives_alone_has_no_contacts(scenario):
    database, health, _, _, *_ = scenario
    with database.cursor() as cur:
        lonely = cases.create_case(cur, health, cases.CaseInput(30, DAY), now=NOW)  # last seen ten days earlier
        trace = contacts.trace_case(cur, health, lonely, contacts.TraceRules(), now=NOW, reason="Truy vết ca bệnh")
        ring = contacts.second_ring(cur, health, trace, [], contacts.TraceRules())
    assert trace.visits.empty and trace.contacts.empty and ring.empty
    assert list(trace.contacts.columns) == list(contacts.SUMMARY_COLUMNS)


def test_threshold_is_a_setting(scenario):
    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        trace = contacts.trace_case(cur, health, case_id, contacts.TraceRules(14, 60), now=NOW, reason="Truy vết ca bệnh")
    assert trace.contacts.set_index("person_id").loc[11, "level"] == "overlap"


def test_second_ring_repeats_neither_f1_nor_the_case(scenario):
    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        trace = contacts.trace_case(cur, health, case_id, contacts.TraceRules(), now=NOW, reason="Truy vết ca bệnh")
        f1 = trace.contacts.loc[trace.contacts["level"].isin(["overlap", "household"]), "person_id"].tolist()
        f2 = contacts.second_ring(cur, health, trace, f1, contacts.TraceRules())
    assert {row.person_id: (row.level, row.overlap_minutes) for row in f2.itertuples()} == {
        11: ("overlap", 44),
        13: ("overlap", 30),
        14: ("after", 0),
    }


def test_ward_chair_and_staff_cannot_trace(scenario):
    database, _, office, case_id, *_ = scenario
    with database.cursor() as cur:
        chair = build.ward_chair(cur)
        for user in (chair, office):
            with pytest.raises(PermissionDeniedError):
                contacts.trace_case(cur, user, case_id, contacts.TraceRules(), now=NOW, reason="Truy vết ca bệnh")
            with pytest.raises(PermissionDeniedError):
                cases.list_cases(cur, user)


def test_every_trace_is_audited(scenario):
    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        contacts.trace_case(cur, health, case_id, contacts.TraceRules(), now=NOW, reason="Truy vết ca bệnh")
        rows = cur.execute("SELECT username, target, row_count FROM audit_log WHERE action = 'trace_case'").fetchall()
    assert rows == [("yte1", str(case_id), 6)]


def test_case_validation_and_lifecycle(scenario):
    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        with pytest.raises(FormErrors) as err:
            cases.create_case(cur, health, cases.CaseInput(2, DAY + timedelta(days=5), onset_date=DAY - timedelta(days=40)), now=NOW)
        assert set(err.value.fields) == {"test_date", "onset_date"}
        cases.update_case(cur, health, case_id, cases.CaseInput(1, DAY, onset_date=DAY - timedelta(days=1)), now=NOW)
        case = cases.get_case(cur, health, case_id)
        assert isinstance(case, cases.Case) and (case.person_id, case.status, case.onset_date) == (1, "open", DAY - timedelta(days=1))
        assert cases.default_window(case, NOW)[0] == datetime(2026, 11, 17, tzinfo=LOCAL_TZ)
        cases.close_case(cur, health, case_id, now=NOW)
        assert cases.list_cases(cur, health, "closed")["case_id"].tolist() == [case_id]
        actions = [r[0] for r in cur.execute("SELECT action FROM audit_log WHERE target = ? ORDER BY audit_id", [str(case_id)]).fetchall()]
    assert actions == ["create_case", "update_case", "close_case"]


def test_marking_f1_brake_confirmation_and_undo(scenario):
    from lib.checkins import door_status
    from lib.tracing import marks as actions

    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        other = build.health(cur, "yte2")
        small = actions.mark_f1(cur, health, case_id, [12, 15], confirm_above=2)
        assert (small.status, small.created) == ("applied", 2)
        assert door_status.status_of(cur, 12).risk_level == "red" and "exposure" in door_status.status_of(cur, 12).reasons
        big = actions.mark_f1(cur, health, case_id, [12, 15, 16, 18], confirm_above=2)
        assert (big.status, big.created) == ("pending", 0)
        assert door_status.status_of(cur, 16).risk_level != "red"
        with pytest.raises(PermissionDeniedError):
            actions.confirm_mark(cur, health, big.mark_id)  # not the officer who asked
        confirmed = actions.confirm_mark(cur, other, big.mark_id)
        assert confirmed.created == 2  # 12 and 15 already had one for this case
        assert door_status.status_of(cur, 16).risk_level == "red"
        assert actions.undo_mark(cur, other, big.mark_id) == 2
        assert door_status.status_of(cur, 16).risk_level != "red" and door_status.status_of(cur, 12).risk_level == "red"
        marks = actions.list_marks(cur, health, case_id)
    assert marks.set_index("mark_id").loc[big.mark_id, "status"] == "undone"


def test_call_list_exports_sms_and_pdf(scenario):
    import io

    import pypdfium2

    from lib.platform import spreadsheets
    from lib.tracing import marks as actions

    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        trace = contacts.trace_case(cur, health, case_id, contacts.TraceRules(), now=NOW, reason="Truy vết ca bệnh")
        with pytest.raises(InvalidInputError):
            actions.call_list_file(cur, health, case_id, 6, "  ", "xlsx", lambda: b"never made")
        made = actions.call_list_file(cur, health, case_id, 6, "Gọi F1 ca số 1", "xlsx", lambda: b"file")
        audited = cur.execute("SELECT reason, row_count FROM audit_log WHERE action = 'export_call_list'").fetchall()
    frame = actions.call_list(trace.contacts, "vi")
    assert list(frame.columns)[:3] == ["Họ và tên", "Năm sinh", "Điện thoại"]
    assert spreadsheets.xlsx_bytes(frame)[:2] == b"PK"
    assert audited == [("Gọi F1 ca số 1", 6)] and made == b"file"
    text = actions.sms_text(trace.visits, "1900 9095", "UBND thành phố Sa Đéc")
    assert "Chợ (20/11/2026 08:00 - 09:00)" in text and "NGƯỜI SỐ 1" not in text and "1900 9095" in text
    pdf = pypdfium2.PdfDocument(io.BytesIO(actions.call_list_pdf(frame, "Danh sách gọi - ca 1")))
    assert "NGƯỜI SỐ 12" in pdf[0].get_textpage().get_text_range() and "Họ và tên" in pdf[0].get_textpage().get_text_range()


def test_undoing_one_of_two_overlapping_marks_keeps_the_follow_up_the_other_needs(scenario):
    from lib.checkins import door_status
    from lib.tracing import marks as actions

    database, health, _, case_id, *_ = scenario
    with database.cursor() as cur:
        first = actions.mark_f1(cur, health, case_id, [12, 15], confirm_above=10)
        second = actions.mark_f1(cur, health, case_id, [15, 16], confirm_above=10)
        assert (first.created, second.created) == (2, 1)  # 15 already had the first mark's follow-up
        assert actions.undo_mark(cur, health, first.mark_id) == 1  # only 12's
        assert door_status.status_of(cur, 15).risk_level == "red" and door_status.status_of(cur, 12).risk_level != "red"
        assert actions.undo_mark(cur, health, second.mark_id) == 2  # now 15's goes with 16's
        left = cur.execute("SELECT count(*) FROM risk_followups WHERE case_id = ? AND source = 'exposure'", [case_id]).fetchone()[0]
    assert left == 0


def test_visits_and_contacts_name_each_ward_in_its_own_scheme(scenario):
    """Code 29905 is Phường 1 in 2021 and Phường Sa Đéc in 2025: once the city has venues in both schemes, a
    code alone read "Phường 1 / Phường Sa Đéc" in the trace's tables; each row now carries its scheme."""
    from lib.access.scope import scope_for
    from lib.platform import presentation
    from lib.venues import lookup, registry

    db, health, office, case_id, _market, _shop = scenario
    with db.cursor() as cur:
        registry.create_venue(
            cur,
            office,
            registry.VenueInput("Chợ mới", "market", "2025", "82", None, "29905", "2 Hùng Vương", build.REGISTRANT, build.REGISTRANT_PHONE),
        )
        trace = contacts.trace_case(cur, health, case_id, contacts.TraceRules(), at(0), at(0, days=2), reason="điều tra")
        wards = presentation.ward_names(cur)
        listed = lookup.list_venues(cur, scope_for(office))[list(lookup.LIST_COLUMNS)]
    assert sorted(presentation.for_screen(listed, "vi", wards)["Phường/xã"]) == ["Phường 1", "Phường 1", "Phường Sa Đéc"]
    assert set(presentation.for_screen(trace.visits, "vi", wards)["Phường/xã"]) == {"Phường 1"}
    assert set(presentation.for_screen(trace.contacts, "vi", wards)["Phường/xã"]) == {"Phường 1"}
