"""Analytics on a hand-built town whose answers were counted by hand (times are Sa Đéc local).

Wards (2021): Phường 1 (29905), Phường 2 (29911), Tân Phú Đông (29923), Phường 4 (29908, no venues).
In 2025 the first three Phường roll into Phường Sa Đéc (29905), Tân Phú Đông into Xã Tân Dương (30214).

Venues: A market in P1 (capacity 2, stay 60, poster printed and checked), E shop in P1 (code rotated, new one
not printed, never scanned), B shop in P2 (capacity 10, stay 20, poster last checked 40 days ago), D closed
venue in P2, C restaurant in Tân Phú Đông (never scanned, not printed). All registered 60 days before NOW.

Thursday 19/11/2026 (DAY): at A, 1 08:00-09:00, 2 08:30 open (ends 09:30 by the stay), 3 08:45-08:50 — three
present at 08:45 against a capacity of 2; 4 23:30-00:30 across midnight. At B, 1 10:00 open (ends 10:20), 5
10:05-10:10 (present at no quarter hour). At D, 6 12:00-12:30. Friday 20/11: at B, 2 07:10-07:40. NOW is
Friday 12:00.
"""

from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest

from lib.access import audit
from lib.access.scope import CITY, WARD, Scope, scope_for
from lib.analytics import charts, compliance, footfall, home, hourly_totals, targets
from lib.platform import spreadsheets
from lib.platform.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from lib.platform.times import LOCAL_TZ
from lib.tracing import risk_queue
from tests import builders as build

DAY = date(2026, 11, 19)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=LOCAL_TZ).astimezone(UTC)
CITY_SCOPE = Scope(CITY)
P2_CHAIR = Scope(WARD, "2021", "29911")
SA_DEC_CHAIR = Scope(WARD, "2025", "29905")


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    return datetime(DAY.year, DAY.month, DAY.day, hour, minute, tzinfo=LOCAL_TZ) + timedelta(days=days)


VENUES = [  # id, ward, category, capacity, stay, status, version, printed, checked days ago
    ("AAAAAA", "29905", "market", 2, 60, "active", 1, True, 3),
    ("EEEEEE", "29905", "essential_shop", 5, 20, "active", 2, False, None),
    ("BBBBBB", "29911", "essential_shop", 10, 20, "active", 1, True, 40),
    ("DDDDDD", "29911", "restaurant", 30, 60, "closed", 1, True, 3),
    ("CCCCCC", "29923", "restaurant", 30, 60, "active", 1, False, None),
]
VISITS = [  # person, venue, in, out
    (1, "AAAAAA", at(8), at(9)),
    (2, "AAAAAA", at(8, 30), None),
    (3, "AAAAAA", at(8, 45), at(8, 50)),
    (4, "AAAAAA", at(23, 30), at(0, 30, 1)),
    (1, "BBBBBB", at(10), None),
    (5, "BBBBBB", at(10, 5), at(10, 10)),
    (6, "DDDDDD", at(12), at(12, 30)),
    (2, "BBBBBB", at(7, 10, 1), at(7, 40, 1)),
]


@pytest.fixture
def town(fresh_db):
    with fresh_db.cursor() as cur:
        for vid, ward, cat, cap, stay, status, version, printed, checked in VENUES:
            cur.execute(
                "INSERT INTO venues (venue_id, name, category, scheme, province_code, district_code, ward_code, address,"
                " registrant_name, registrant_phone, capacity, default_stay_minutes, status, code_version,"
                " code_printed_at, code_checked_at, created_at) VALUES (?, ?, ?, '2021', '87', '867', ?, '1 Hùng Vương',"
                " 'Nguyễn Văn An', '0912000001', ?, ?, ?, ?, ?, ?, ?)",
                [
                    vid,
                    f"Nơi {vid[0]}",
                    cat,
                    ward,
                    cap,
                    stay,
                    status,
                    version,
                    NOW - timedelta(days=50) if printed else None,
                    NOW - timedelta(days=checked) if checked is not None else None,
                    NOW - timedelta(days=60),
                ],
            )
        for pid, ward in ((1, "29905"), (2, "29905"), (3, "29911"), (4, "29911"), (5, "29911"), (6, "29923")):
            build.person(cur, pid, full_name=f"NGƯỜI {pid}", ward_code=ward, gender="Nữ")
        for n, (pid, venue, start, end) in enumerate(VISITS):
            build.checkin(cur, n + 1, pid, venue, start, end)
        office, health = build.office(cur, "vanhoa1"), build.health(cur)
        chair = build.ward_chair(cur, build.PHUONG_2, "phuong2")
        cur.execute(
            "INSERT INTO expected_venues (scheme, ward_code, category, expected) VALUES"
            " ('2021', '29905', 'market', 4), ('2021', '29908', 'market', 3)"
        )
        cur.execute(
            "INSERT INTO risk_followups (followup_id, person_id, source, reasons, created_at) VALUES"
            " (1, 1, 'declaration', ['symptoms'], ?), (2, 5, 'exposure', ['f1_contact'], ?)",
            [at(9), at(11)],
        )
        cur.execute("UPDATE risk_followups SET status = 'contacted' WHERE followup_id = 2")
        hourly_totals.refresh(cur, NOW)
    return fresh_db, office, health, chair


WEEK = footfall.Filters(date(2026, 11, 16), date(2026, 11, 20))


def test_home_counts_days_and_hours_in_vietnam_time(town):
    database, *_ = town
    with database.cursor() as cur:
        build.checkin(cur, 99, 3, "AAAAAA", at(6, 30, days=1))  # 23:30 UTC the evening before
        days = home.checkins_per_day(cur, CITY_SCOPE, 2, at(20, days=1))
        hours = home.arrivals_per_hour(cur, CITY_SCOPE, at(20, days=1))
    assert [d.date() for d in days["day"]] == [DAY, DAY + timedelta(days=1)]
    assert days["checkins"].tolist() == [7, 2]
    assert {int(h): int(n) for h, n in zip(hours["hour"], hours["checkins"], strict=True) if n} == {6: 1, 7: 1}


def test_hourly_totals_count_every_visit_and_estimate_presence(town):
    database, *_ = town
    with database.cursor() as cur:
        rows = {
            (str(r[0]), r[1], r[2]): (r[3], r[4])
            for r in cur.execute("SELECT venue_id, day, hour, checkins, peak_present FROM venue_hour_totals").fetchall()
        }
    assert sum(c for c, _ in rows.values()) == len(VISITS)
    assert rows[("AAAAAA", DAY, 8)] == (3, 3)  # three present at 08:45
    assert rows[("AAAAAA", DAY, 9)] == (0, 1)  # 2 stays until 09:30 by the default stay
    assert rows[("AAAAAA", DAY + timedelta(days=1), 0)] == (0, 1)  # 4 is still there after midnight
    assert rows[("BBBBBB", DAY, 10)] == (2, 1)  # 5 was present at no quarter hour


def test_refresh_is_incremental_and_totals_outlive_the_checkins(town):
    database, *_ = town
    with database.cursor() as cur:
        assert hourly_totals.refresh(cur, NOW) == 1  # only today is counted again
        build.checkin(cur, 99, 3, "BBBBBB", NOW - timedelta(minutes=30))
        assert hourly_totals.ensure_fresh(cur, NOW + timedelta(minutes=1)) == NOW  # still fresh: not recounted
        hourly_totals.ensure_fresh(cur, NOW + timedelta(minutes=6))
        assert footfall.per_day(cur, CITY_SCOPE, WEEK)["checkins"].tolist() == [0, 0, 0, 7, 2]
        cur.execute("DELETE FROM checkins WHERE checked_in_at < ?", [at(0, days=1)])  # the purge of old visits
        hourly_totals.refresh(cur, NOW + timedelta(days=1))
        assert footfall.per_day(cur, CITY_SCOPE, WEEK)["checkins"].tolist() == [0, 0, 0, 7, 2]


def test_footfall_figures_match_the_hand_count(town):
    database, *_ = town
    with database.cursor() as cur:
        assert footfall.per_day(cur, CITY_SCOPE, WEEK)["checkins"].tolist() == [0, 0, 0, 7, 1]
        hours = footfall.per_hour(cur, CITY_SCOPE, WEEK).set_index("hour")["checkins"]
        assert hours[hours > 0].to_dict() == {7: 1, 8: 3, 10: 2, 12: 1, 23: 1}
        grid = footfall.weekday_hour(cur, CITY_SCOPE, WEEK)
        assert grid.shape == (7, 24) and grid.loc[4, 8] == 3 and grid.loc[5, 7] == 1 and grid.to_numpy().sum() == 8
        top = footfall.top_venues(cur, CITY_SCOPE, WEEK)
        assert top[["venue_id", "checkins", "peak_present"]].values.tolist() == [["AAAAAA", 4, 3], ["BBBBBB", 3, 1], ["DDDDDD", 1, 1]]
        # Phường 1 and 2 (2021) are Phường Sa Đéc since 2025: their visits are counted under it
        by_ward = footfall.by_ward(cur, CITY_SCOPE, WEEK)
        assert by_ward[["ward_code", "ward_name", "checkins"]].values.tolist() == [["29905", "Phường Sa Đéc", 8]]
        assert dict(footfall.by_category(cur, CITY_SCOPE, WEEK).values.tolist()) == {"market": 4, "essential_shop": 3, "restaurant": 1}
        over = footfall.over_capacity(cur, CITY_SCOPE, WEEK)
        assert over[["venue_id", "peak_present", "hours_over"]].values.tolist() == [["AAAAAA", 3, 1]]
        assert over["first_over"][0] == datetime(2026, 11, 19, 8, 0)
        filtered = footfall.Filters(WEEK.since, WEEK.until, category="market", venue_id="AAAAAA")
        assert footfall.per_day(cur, CITY_SCOPE, filtered)["checkins"].sum() == 4
        presence = footfall.presence(cur, CITY_SCOPE, filtered)
        assert presence["peak_present"].max() == 3 and set(presence["capacity"]) == {2}


def test_footfall_of_a_ward_chair_and_ward_filter_stay_in_the_ward(town):
    database, *_ = town
    with database.cursor() as cur:
        assert footfall.per_day(cur, P2_CHAIR, WEEK)["checkins"].tolist() == [0, 0, 0, 3, 1]
        assert set(footfall.top_venues(cur, P2_CHAIR, WEEK)["venue_id"]) == {"BBBBBB", "DDDDDD"}
        assert footfall.over_capacity(cur, P2_CHAIR, WEEK).empty
        # the ward filter offers the unit valid now, whose filter reads the old wards' data
        assert footfall.wards_in_scope(cur, P2_CHAIR) == [("2025", "29905", "Phường Sa Đéc")]
        assert footfall.wards_in_scope(cur, CITY_SCOPE) == [("2025", "29905", "Phường Sa Đéc"), ("2025", "30214", "Xã Tân Dương")]
        # a 2025 ward includes the old wards merged into it; the filter cannot widen a chair's scope
        merged = footfall.Filters(WEEK.since, WEEK.until, ward=("2025", "29905"))
        assert footfall.per_day(cur, CITY_SCOPE, merged)["checkins"].sum() == 8
        assert footfall.per_day(cur, P2_CHAIR, merged)["checkins"].sum() == 4
        other = footfall.Filters(WEEK.since, WEEK.until, venue_id="AAAAAA")
        assert footfall.per_day(cur, P2_CHAIR, other)["checkins"].sum() == 0


def _by_ward(frame):
    return frame.set_index("ward_code")


def test_compliance_by_old_wards(town):
    database, *_ = town
    with database.cursor() as cur:
        wards = _by_ward(compliance.ward_summary(cur, CITY_SCOPE, compliance.Options("2021"), NOW))
    cols = ["registered", "printed", "active", "silent", "needs_check", "outdated"]
    assert wards.loc["29905", cols].tolist() == [2, 1, 1, 1, 0, 1]
    assert wards.loc["29911", cols].tolist() == [1, 1, 1, 0, 1, 0]  # the closed venue is not counted
    assert wards.loc["29923", cols].tolist() == [1, 0, 0, 1, 0, 0]
    assert wards.loc["29908", cols].tolist() == [0, 0, 0, 0, 0, 0]  # expected venues, none registered
    assert wards.loc["29905", "adoption"] == 0.5 and wards.loc["29908", "adoption"] == 0
    assert wards["rank"].tolist() == [1, 2, 3, 4] and wards.index[0] == "29905"


def test_compliance_rolls_old_wards_into_new_ones(town):
    database, *_ = town
    with database.cursor() as cur:
        wards = _by_ward(compliance.ward_summary(cur, CITY_SCOPE, compliance.Options("2025"), NOW))
        chair = compliance.ward_summary(cur, SA_DEC_CHAIR, compliance.Options("2025"), NOW)
    assert set(wards.index) == {"29905", "30214"}
    assert wards.loc["29905", ["registered", "active", "silent", "needs_check", "outdated", "expected"]].tolist() == [3, 2, 1, 1, 1, 7]
    assert wards.loc["29905", "ward_name"] == "Phường Sa Đéc" and wards.loc["29905", "adoption"] == round(3 / 7, 3)
    assert wards.loc["30214", ["registered", "silent"]].tolist() == [1, 1]
    assert chair["ward_code"].tolist() == ["29905"] and chair["registered"][0] == 3


def test_follow_up_list_categories_and_trend(town):
    database, *_ = town
    with database.cursor() as cur:
        follow = compliance.follow_up(cur, CITY_SCOPE, compliance.Options("2021"), NOW)
        chair_follow = compliance.follow_up(cur, P2_CHAIR, compliance.Options("2021"), NOW)
        cats = compliance.by_category(cur, CITY_SCOPE, compliance.Options("2021"), NOW)
        trend = compliance.weekly_trend(cur, CITY_SCOPE, compliance.Options("2021"), 4, NOW)
        longer = compliance.follow_up(cur, CITY_SCOPE, compliance.Options("2021", silent_days=1), NOW)
    assert follow.set_index("venue_id")[["silent", "needs_check", "outdated"]].to_dict("index") == {
        "EEEEEE": {"silent": True, "needs_check": False, "outdated": True},
        "BBBBBB": {"silent": False, "needs_check": True, "outdated": False},
        "CCCCCC": {"silent": True, "needs_check": False, "outdated": False},
    }
    assert follow.set_index("venue_id").loc["CCCCCC", "registrant_phone"] == "0912000001"
    assert chair_follow["venue_id"].tolist() == ["BBBBBB"]
    assert cats.set_index(["ward_code", "category"]).loc[("29905", "market"), ["registered", "expected"]].tolist() == [1, 4]
    this_week = trend[trend["week"] == datetime(2026, 11, 16)].set_index("ward_code")
    assert this_week["active"].to_dict() == {"29905": 1, "29911": 1}
    assert this_week.loc["29905", "active_share"] == 0.5
    # with one silent day, A (last scan yesterday) is silent too
    assert "AAAAAA" in set(longer["venue_id"])


def test_expected_counts_grid_and_import(town):
    database, office, _health, chair = town
    with database.cursor() as cur:
        grid = targets.grid(cur, "2021")
        assert grid.set_index("ward_code").loc["29905", "market"] == 4
        grid.loc[grid["ward_code"] == "29911", "market"] = 2
        targets.save_grid(cur, office, "2021", grid)
        assert targets.grid(cur, "2021").set_index("ward_code").loc["29911", "market"] == 2
        with pytest.raises(PermissionDeniedError):
            targets.save_grid(cur, chair, "2021", grid)
        good = b"phuong_xa,loai_hinh,so_du_kien\n29923,restaurant,5\n29905,market,6\n"
        assert targets.import_file(cur, office, "2021", "du-kien.csv", good) == 2
        for bad in ("29923,restaurant,-1", "29923,quan_xyz,3", "99999,market,2", "29923,market,=1+1"):
            with pytest.raises(InvalidInputError):
                targets.import_file(cur, office, "2021", "x.csv", f"phuong_xa,loai_hinh,so_du_kien\n{bad}\n".encode())
        saved = cur.execute(
            "SELECT ward_code, category, expected FROM expected_venues WHERE ward_code IN ('29923', '29905')"
            " AND category IN ('restaurant', 'market') ORDER BY 1"
        ).fetchall()
        audited = cur.execute("SELECT action, row_count FROM audit_log WHERE action LIKE '%expected%' ORDER BY audit_id").fetchall()
    assert saved == [("29905", "market", 6), ("29923", "restaurant", 5)]
    assert audited[-1] == ("import_expected_venues", 2)


def test_risk_queue_scope_filters_and_audited_update(town):
    database, office, health, chair = town
    with database.cursor() as cur:
        everyone = risk_queue.queue(cur, scope_for(health), risk_queue.QueueFilters())
        assert everyone["followup_id"].tolist() == [1, 2] and everyone["reasons"][0].tolist() == ["symptoms"]
        mine = risk_queue.queue(cur, scope_for(chair), risk_queue.QueueFilters())
        assert mine["followup_id"].tolist() == [2]
        # the filter offers today's ward (Phường 1 and 2 went into Phường Sa Đéc), which holds both residents
        assert risk_queue.wards(cur, scope_for(chair)) == {("2025", "29905"): "Phường Sa Đéc"}
        assert risk_queue.wards(cur, scope_for(health)) == {("2025", "29905"): "Phường Sa Đéc"}
        sa_dec = risk_queue.QueueFilters(ward=("2025", "29905"))
        assert risk_queue.queue(cur, scope_for(health), sa_dec)["followup_id"].tolist() == [1, 2]
        assert risk_queue.queue(cur, scope_for(health), risk_queue.QueueFilters(ward=("2021", "29905")))["followup_id"].tolist() == [1]
        assert risk_queue.queue(cur, scope_for(health), risk_queue.QueueFilters(source="exposure"))["followup_id"].tolist() == [2]
        counts = risk_queue.counts(cur, scope_for(health), risk_queue.QueueFilters())
        assert counts[["ward_code", "status", "items"]].values.tolist() == [["29905", "new", 1], ["29911", "contacted", 1]]
        with pytest.raises(NotFoundError):
            risk_queue.update(cur, chair, 1, "cleared", None, "không phải phường tôi")
        with pytest.raises(InvalidInputError):
            risk_queue.update(cur, health, 1, "done", None, None)
        with pytest.raises(PermissionDeniedError):
            risk_queue.update(cur, office, 1, "cleared", None, None)
        risk_queue.update(cur, health, 1, "referred", health.user_id, "Đã hẹn xét nghiệm 21/11", now=NOW)
        row = cur.execute("SELECT status, assignee, notes FROM risk_followups WHERE followup_id = 1").fetchone()
        audit = cur.execute("SELECT username, details FROM audit_log WHERE action = 'update_followup'").fetchall()
        assert risk_queue.open_count(cur, scope_for(health)) == 0
        assert risk_queue.queue(cur, scope_for(health), risk_queue.QueueFilters(assignee=health.user_id))["followup_id"].tolist() == [1]
    assert row == ("referred", health.user_id, "Đã hẹn xét nghiệm 21/11")
    assert audit[0][0] == "yte1" and '"from": "new", "to": "referred"' in audit[0][1]


def test_exports_neutralise_formulas_and_personal_exports_need_a_reason(town):
    database, office, *_ = town
    cells = ['=HYPERLINK("http://x","y")', "=1+1", "@SUM(A1)", "+84 912 345 678", "a@b.vn", "Nguyễn Văn Ánh"]
    assert [spreadsheets.safe_cell(c) for c in cells] == [
        '\'=HYPERLINK("http://x","y")',
        "'=1+1",
        "'@SUM(A1)",
        "+84 912 345 678",
        "a@b.vn",
        "Nguyễn Văn Ánh",
    ]
    with database.cursor() as cur:
        with pytest.raises(InvalidInputError):
            audit.record_export(cur, office, "export", "dia-diem-can-lien-he", 3, "  ", "csv")
        audit.record_export(cur, office, "export", "dia-diem-can-lien-he", 3, "Gọi nhắc các địa điểm", "xlsx")
        row = cur.execute("SELECT username, target, row_count, reason FROM audit_log WHERE action = 'export'").fetchone()
    assert row == ("vanhoa1", "dia-diem-can-lien-he", 3, "Gọi nhắc các địa điểm")


def test_chart_builders_return_the_expected_traces(town):
    database, *_ = town
    with database.cursor() as cur:
        grid = footfall.weekday_hour(cur, CITY_SCOPE, WEEK)
        top = footfall.top_venues(cur, CITY_SCOPE, WEEK)
        presence = footfall.presence(cur, CITY_SCOPE, footfall.Filters(WEEK.since, WEEK.until, venue_id="AAAAAA"))
        trend = compliance.weekly_trend(cur, CITY_SCOPE, compliance.Options("2021"), 4, NOW)
        counts = risk_queue.counts(cur, CITY_SCOPE, risk_queue.QueueFilters())
    heat = charts.weekday_heatmap(grid, list("1234567"), "giờ", "lượt")
    assert heat.data[0].type == "heatmap" and len(heat.data[0].z) == 7 and len(heat.data[0].z[0]) == 24
    bars = charts.ranked_bars(top, "checkins", "name", "lượt", "địa điểm")
    assert bars.data[0].type == "bar" and list(bars.data[0].x) == [1, 3, 4]  # largest on top
    line = charts.presence_against_capacity(presence, "có mặt", "sức chứa")
    assert max(line.data[0].y) == 3 and line.layout.shapes[0].y0 == 2
    lines = charts.weekly_trend(trend, "tuần", "tỉ lệ", "phường")
    assert {trace.name for trace in lines.data} == {"Phường 1", "Phường 2"}
    stacked = charts.stacked_per_day(counts, "status", "ngày", "mục", "trạng thái")
    assert {trace.name for trace in stacked.data} == {"new", "contacted"}


def test_two_venues_of_the_same_name_are_two_bars():
    names = ["Quán ăn Tân Khánh", "Quán ăn Tân Khánh", "Chợ Sa Đéc"]
    top = pd.DataFrame({"venue_id": ["AAAAAA", "BBBBBB", "CCCCCC"], "name": names, "checkins": [5, 7, 9]})
    bars = charts.ranked_bars(top, "checkins", "name", "lượt", "địa điểm", key="venue_id")
    assert list(bars.data[0].x) == [5, 7, 9] and len(set(bars.data[0].y)) == 3
    assert list(bars.layout.yaxis.ticktext) == ["Quán ăn Tân Khánh", "Quán ăn Tân Khánh", "Chợ Sa Đéc"]


def test_share_bars_read_as_percent_and_the_timeline_legend_is_in_the_page_language():
    """The walk: the compliance ranking's axis ran 0.1 … 0.9, the tracing timeline's legend was titled "venue"
    and its minute ticks repeated ("21:05 21:05 21:06")."""
    shares = pd.DataFrame({"ward_code": ["29905", "30214"], "ward_name": ["Phường Sa Đéc", "Xã Tân Dương"], "active_share": [0.82, 0.4]})
    bars = charts.ranked_bars(shares, "active_share", "ward_name", "tỉ lệ", "phường", key="ward_code", percent=True)
    assert bars.layout.xaxis.tickformat == ".0%"
    start = datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    visits = pd.DataFrame(
        {"venue_id": ["AAAAAA"], "venue_name": ["Chợ Sa Đéc"], "started": [start], "ended": [start + timedelta(minutes=2)]}
    )
    exposures = pd.DataFrame({"person_id": [7], "venue_id": ["AAAAAA"], "started": [start], "ended": [start + timedelta(minutes=1)]})
    timeline = charts.trace_timeline(visits, exposures, {7: "NGUYỄN VĂN AN"}, "Ca bệnh", "Địa điểm")
    assert timeline.layout.legend.title.text == "Địa điểm"
    stops = {tuple(s.dtickrange): s.value for s in timeline.layout.xaxis.tickformatstops}
    assert stops[(None, 60_000)] == "%H:%M:%S"
