"""A venue after registration, as printed and listed: the poster's hotline and an event's dates, bulk printing
without closed venues or ended events, an event past its end (refused without confirmation, shown "ended"),
the list's diacritics-insensitive search, and reissuing a lost personal card."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from lib.access.scope import scope_for
from lib.checkins import door
from lib.codes import tokens
from lib.platform.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from lib.platform.times import now_utc
from lib.venues import lookup, posters, registry
from tests import builders as build

SECRET = "sec"


def _event(cur, office, name="Tiệc cưới Minh – Lan", ends_in=timedelta(hours=6)):
    """A wedding whose end is `ends_in` from now (negative: already over)."""
    end = now_utc() + ends_in
    return build.venue(cur, office, name, "wedding_funeral", starts_at=end - timedelta(hours=6), ends_at=end)


def test_poster_carries_the_settings_hotline_in_both_languages_and_an_events_dates_in_vietnam_time(fresh_db):
    settings = replace(fresh_db.settings, health_hotline="0277 3861 234")
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        start = datetime(2027, 1, 9, 9, 0, tzinfo=UTC)  # 16:00 in Vietnam
        wedding = build.venue(cur, office, "Tiệc cưới", "wedding_funeral", starts_at=start, ends_at=start + timedelta(hours=17))
        market = build.venue(cur, office, "Chợ Phường 1")
        event_poster = posters.poster_for(cur, settings, lookup.get_venue(cur, scope_for(office), wedding))
        market_poster = posters.poster_for(cur, settings, lookup.get_venue(cur, scope_for(office), market))
    assert event_poster.hotline == ("Đường dây nóng y tế: 0277 3861 234", "Health hotline: 0277 3861 234")
    assert event_poster.event_dates == "Sự kiện từ 09/01/2027 16:00 đến 10/01/2027 09:00"
    assert market_poster.event_dates == "" and market_poster.hotline == event_poster.hotline


def test_bulk_printing_leaves_out_closed_venues_and_ended_events_and_counts_them(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        open_one, closed_one, closed_two = (build.venue(cur, office, f"Chợ {n}") for n in (1, 2, 3))
        for venue_id in (closed_one, closed_two):
            registry.set_status(cur, office, venue_id, "closed")
        ended, coming = _event(cur, office, "Đám tang", -timedelta(hours=1)), _event(cur, office)
        bulk = posters.posters_for(cur, fresh_db.settings, scope_for(office), [open_one, closed_one, ended, coming, closed_two])
    assert [p.venue_id for p in bulk.posters] == [open_one, coming]
    assert bulk.left_out == {"closed": 2, "ended": 1}


def test_an_event_already_over_is_refused_without_confirmation_then_reads_ended(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        end = now_utc() - timedelta(hours=2)
        data = build.venue_input("Hội nghị", "meeting", starts_at=end - timedelta(hours=3), ends_at=end)
        before = cur.execute("SELECT count(*) FROM venues").fetchone()[0]
        with pytest.raises(ConflictError, match="has already passed"):
            registry.create_venue(cur, office, data)
        assert cur.execute("SELECT count(*) FROM venues").fetchone()[0] == before
        past = registry.create_venue(cur, office, data, confirm_past_end=True)
        coming = _event(cur, office)
        venue = lookup.get_venue(cur, scope_for(office), past)
        assert venue.status == "active" and lookup.shown_status(venue, now_utc()) == lookup.ENDED
        listed = lookup.list_venues(cur, scope_for(office)).set_index("venue_id")["status"]
        assert (listed[past], listed[coming]) == ("ended", "active")
        assert lookup.list_venues(cur, scope_for(office), shown="ended")["venue_id"].tolist() == [past]
        assert past not in lookup.list_venues(cur, scope_for(office), shown="active")["venue_id"].tolist()
        assert past in lookup.list_venues(cur, scope_for(office), status="active")["venue_id"].tolist()  # the door's view


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("quan an", ["Quán ăn Tân Khánh"]),
        ("quan khanh", ["Quán ăn Tân Khánh"]),
        ("QUÁN ĂN", ["Quán ăn Tân Khánh"]),
        ("duong thap", ["Nhà thờ"]),
        ("  ", None),
        ("xyz", []),
    ],
)
def test_venue_search_ignores_diacritics_case_and_finds_name_address_or_code(fresh_db, typed, found):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        build.venue(cur, office, "Quán ăn Tân Khánh", "restaurant", address="5 Lê Lợi")
        build.venue(cur, office, "Nhà thờ", "religious", address="7 Đường Đồng Tháp")
        market = build.venue(cur, office, "Chợ Sa Đéc")
        names = lookup.list_venues(cur, scope_for(office), text=typed)["name"].tolist()
        assert sorted(names) == (found if found is not None else ["Chợ Sa Đéc", "Nhà thờ", "Quán ăn Tân Khánh"])
        assert lookup.list_venues(cur, scope_for(office), text=market.lower())["venue_id"].tolist() == [market]


def test_reissued_card_revokes_the_old_code_at_the_door_and_the_new_one_works(fresh_db):
    from lib.people import cards  # here, so each test of this file fails on its own where the module is missing

    with fresh_db.cursor() as cur:
        office, health = build.office(cur), build.health(cur)
        market = build.venue(cur, office, "Chợ Phường 1")
        guard = build.staff(cur, (market,))
        build.person(cur, 7, full_name="LÊ THỊ BA")
        old = tokens.sign(SECRET, tokens.PERSON, "7", 1)
        card = cards.reissue_card(cur, health, SECRET, 7, "Mất thẻ, bà đến trạm y tế")
        assert card.version == 2 and card.masked_name != "LÊ THỊ BA"
        refused = door.handle_payload(cur, guard, SECRET, market, old)
        assert (refused.kind, refused.message_key) == ("refused", "code.revoked")
        assert door.handle_payload(cur, guard, SECRET, market, card.token).kind != "refused"
        audit = cur.execute("SELECT action, target, reason FROM audit_log WHERE action = 'reissue_card'").fetchall()
        assert audit == [("reissue_card", "7", "Mất thẻ, bà đến trạm y tế")]


def test_a_card_is_reissued_only_by_a_role_that_may_with_a_reason_for_a_known_person(fresh_db):
    from lib.people import cards

    with fresh_db.cursor() as cur:
        office, health, other_chair = build.office(cur), build.health(cur), build.ward_chair(cur, build.PHUONG_2, "ward2")
        build.person(cur, 7)
        with pytest.raises(PermissionDeniedError):
            cards.reissue_card(cur, office, SECRET, 7, "mất thẻ")
        with pytest.raises(NotFoundError):  # a chair of another ward: the person is not theirs
            cards.reissue_card(cur, other_chair, SECRET, 7, "mất thẻ")
        with pytest.raises(InvalidInputError):
            cards.reissue_card(cur, health, SECRET, 7, " ")
        with pytest.raises(NotFoundError):
            cards.reissue_card(cur, health, SECRET, 999, "mất thẻ")
        assert cur.execute("SELECT code_version FROM people WHERE person_id = 7").fetchone()[0] == 1


def test_a_ward_chair_reissues_the_card_of_a_household_of_their_ward_and_the_chair_of_another_is_refused(fresh_db):
    from lib.people import cards

    with fresh_db.cursor() as cur:
        chair, other_chair = build.ward_chair(cur), build.ward_chair(cur, build.PHUONG_2, "ward2")
        build.person(cur, 7, full_name="LÊ THỊ BA")  # the household owner, who declared in Phường 1
        build.person(cur, 8, household_id=7, full_name="LÊ VĂN TƯ", ward_code=build.PHUONG_2, phone=None)  # a child's own row elsewhere
        with pytest.raises(NotFoundError):  # the household's ward decides, not the member's own row
            cards.reissue_card(cur, other_chair, SECRET, 8, "mất thẻ")
        card = cards.reissue_card(cur, chair, SECRET, 8, "Cháu mất thẻ, mẹ đến UBND phường")
        assert card.version == 2
        assert cards.reissue_card(cur, chair, SECRET, 7, "Bà mất thẻ").version == 2
        versions = cur.execute("SELECT person_id, code_version FROM people ORDER BY person_id").fetchall()
        audit = cur.execute("SELECT username, target, reason FROM audit_log WHERE action = 'reissue_card' ORDER BY audit_id").fetchall()
    assert versions == [(7, 2), (8, 2)]
    assert audit == [("ward1", "8", "Cháu mất thẻ, mẹ đến UBND phường"), ("ward1", "7", "Bà mất thẻ")]


def test_an_end_edited_into_the_past_waits_for_confirmation_and_other_edits_of_an_ended_event_do_not(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        wedding = _event(cur, office)
        shown = registry.venue_input_of(lookup.get_venue(cur, scope_for(office), wedding))
        over = replace(shown, starts_at=now_utc() - timedelta(hours=5), ends_at=now_utc() - timedelta(hours=1))
        with pytest.raises(ConflictError, match="has already passed"):
            registry.update_venue(cur, office, wedding, over, base=shown)
        assert lookup.shown_status(lookup.get_venue(cur, scope_for(office), wedding), now_utc()) == "active"  # nothing saved
        registry.update_venue(cur, office, wedding, over, base=shown, confirm_past_end=True)
        ended = lookup.get_venue(cur, scope_for(office), wedding)
        assert lookup.shown_status(ended, now_utc()) == lookup.ENDED
        renamed = replace(registry.venue_input_of(ended), name="Tiệc cưới Minh – Lan (đã tổ chức)")
        registry.update_venue(cur, office, wedding, renamed, base=registry.venue_input_of(ended))  # the end unchanged: no question
        assert lookup.get_venue(cur, scope_for(office), wedding).name == "Tiệc cưới Minh – Lan (đã tổ chức)"


def test_an_import_with_an_event_already_over_names_its_lines_and_waits_for_confirmation(fresh_db):
    from lib.venues import importer

    yesterday = (now_utc() + timedelta(hours=7) - timedelta(days=1)).strftime("%d/%m/%Y")
    tomorrow = (now_utc() + timedelta(hours=7) + timedelta(days=1)).strftime("%d/%m/%Y")
    raw = "\n".join(
        [
            "Tên cơ sở,Loại hình,Phường/Xã,Địa chỉ,Người đăng ký,Số điện thoại,Bắt đầu,Kết thúc",
            f"Đám cưới Lan,wedding_funeral,29905,3 Hùng Vương,Trần Thị Mai,0912000001,{yesterday} 08:00,{yesterday} 12:00",
            f"Hội nghị Y tế,meeting,29905,5 Hùng Vương,Lê Văn Bình,0912000002,{tomorrow} 08:00,{tomorrow} 12:00",
        ]
    ).encode()
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        frame = importer.read_table("su-kien.csv", raw)
        results = importer.preview(cur, office, frame, "87", "867")
        assert [r.reason for r in results] == [None, None]
        assert importer.report_frame(frame, results)["trang_thai"].tolist() == ["Đã kết thúc", "Hợp lệ"]
        with pytest.raises(ConflictError) as refused:
            importer.import_rows(cur, office, results)
        assert refused.value.message("vi").startswith("1 sự kiện trong tệp đã kết thúc (dòng 2)")
        assert not cur.execute("SELECT count(*) FROM venues").fetchone()[0]
        assert len(importer.import_rows(cur, office, results, confirm_past_end=True)) == 2
