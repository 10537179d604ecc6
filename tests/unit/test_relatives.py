"""Relatives going in with a household owner (lib.checkins.relatives): recorded at the owner's venue as entries
whatever the door's mode, only those offered with the owner, a red one held for the guard."""

from datetime import timedelta

from lib.checkins import door, relatives
from lib.platform.times import now_utc
from tests import builders as build

SECRET = "sec"


def test_relatives_go_in_as_entries_only_if_offered_and_a_red_one_is_held(fresh_db):
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ", "market", address="1 Lê Lợi")
        other = build.venue(cur, office, "Chợ Hai", "market", address="2 Lê Lợi")
        staff = build.staff(cur, (market, other))
        owner_id = build.person(cur, 2001)
        inside = build.person(cur, 2002, household_id=owner_id, full_name="NGUYỄN VĂN AN")
        arriving = build.person(cur, 2003, household_id=owner_id, full_name="NGUYỄN THỊ BÉ")
        stranger = build.person(cur, 2004)
        build.checkin(cur, 91, inside, market, now_utc() - timedelta(minutes=20))  # never checked out
        owner = door.record(cur, staff, market, owner_id, "auto", "staff_scan")
        assert owner.kind == "checked_in" and {r.person_id for r in owner.relatives} == {inside, arriving}
        went = relatives.check_in(cur, staff, market, owner, [inside, arriving, stranger], 120)
        assert [(r.person_id, r.kind, r.venue_id, r.mode) for r in went] == [
            (inside, "already_in", market, "in"),  # on "Tự động vào/ra" the tick box checked them out
            (arriving, "checked_in", market, "in"),
        ]
        open_rows = cur.execute("SELECT person_id FROM checkins WHERE checked_out_at IS NULL ORDER BY person_id").fetchall()
        assert open_rows == [(owner_id,), (inside,), (arriving,)]  # the stranger's id was not offered: nothing

        family = build.household(cur, SECRET)  # the owner red, the son green
        son = door.record(cur, staff, other, family[1].person_id, "auto", "staff_scan")
        red_owner = door.Relative(family[0].person_id, "HỒ V** T**", "red")
        [held] = relatives.check_in(
            cur, staff, other, door.DoorResult("checked_in", "", relatives=(red_owner,)), [family[0].person_id], 120
        )
        assert son.kind == "checked_in" and held.kind == "red_hold"
