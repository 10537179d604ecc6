"""Demo generator: deterministic, believable, complete enough for every later page."""

from datetime import UTC, datetime

import pytest

from lib.access import accounts
from lib.demo import city
from lib.platform import db
from lib.platform.errors import ConflictError, InvalidInputError
from lib.venues.categories import CATEGORIES
from tests.conftest import SMALL_DEMO, _open

_NOW = datetime(2026, 11, 27, 5, 0, tzinfo=UTC)
FINGERPRINT = (
    "SELECT (SELECT sum(hash(venue_id, name, category, ward_code, address, capacity)) FROM venues),"
    " (SELECT sum(hash(person_id, household_id, full_name, birth_year, gender, phone, id_last4)) FROM people),"
    " (SELECT sum(hash(person_id, venue_id, epoch(checked_in_at)::BIGINT, epoch(checked_out_at)::BIGINT)) FROM checkins),"
    " (SELECT sum(hash(person_id, risk_level)) FROM declarations)"
)


def _fingerprint(folder, seed):
    database = _open(folder)
    try:
        with database.cursor() as cur:
            city.generate(cur, "fixed-secret", **{**SMALL_DEMO, "seed": seed}, now=_NOW)
            return cur.execute(FINGERPRINT).fetchone()
    finally:
        db.close_database(database.settings.db_path)


def test_same_seed_same_data_other_seed_other_data(tmp_path):
    first = _fingerprint(tmp_path / "a", 5)
    assert _fingerprint(tmp_path / "b", 5) == first
    assert _fingerprint(tmp_path / "c", 6) != first


def test_content_is_believable(demo_db):
    with demo_db.cursor() as cur:
        q = lambda sql: cur.execute(sql).fetchall()  # noqa: E731
        assert q("SELECT count(*) FROM people")[0][0] == SMALL_DEMO["people"]
        assert q("SELECT count(*) FROM venues")[0][0] == SMALL_DEMO["venues"]
        assert {r[0] for r in q("SELECT DISTINCT ward_code FROM venues")} <= {
            "29905",
            "29911",
            "29902",
            "29908",
            "29919",
            "29917",
            "29914",
            "29920",
            "29923",
        }
        # households with relatives declared on their behalf, some without a phone
        assert q("SELECT count(*) FROM people WHERE relationship <> 'self'")[0][0] > 100
        assert q("SELECT count(*) FROM declarations WHERE declared_by IS NOT NULL")[0][0] > 100
        assert q("SELECT count(*) FROM people WHERE phone IS NULL")[0][0] > 0
        # names in capitals with diacritics kept
        assert all(name == name.upper() for (name,) in q("SELECT full_name FROM people LIMIT 50"))
        # a few percent risky, each with a follow-up item
        share = q("SELECT avg(CASE WHEN risk_level <> 'green' THEN 1 ELSE 0 END) FROM declarations")[0][0]
        assert 0.01 < share < 0.1
        assert q("SELECT count(*) FROM risk_followups")[0][0] == q("SELECT count(*) FROM declarations WHERE risk_level <> 'green'")[0][0]
        # no visit in the future, some open, a few cases
        assert q("SELECT count(*) FROM checkins WHERE checked_in_at > now()")[0][0] == 0
        assert q("SELECT count(*) FROM checkins WHERE checked_out_at IS NULL")[0][0] > 0
        assert q("SELECT count(*) FROM checkins WHERE checked_out_at < checked_in_at")[0][0] == 0
        assert 1 <= q("SELECT count(*) FROM cases")[0][0] <= 3
        # citizen ids are never stored in clear: a 64-hex keyed hash and the last four digits
        assert q("SELECT count(*) FROM people WHERE id_hash IS NOT NULL AND length(id_hash) <> 64")[0][0] == 0


def test_rhythms_follow_the_category(demo_db):
    with demo_db.cursor() as cur:
        hours = dict(
            cur.execute(
                "SELECT v.category, median(hour(timezone('Asia/Ho_Chi_Minh', c.checked_in_at)))"
                " FROM checkins c JOIN venues v USING (venue_id) GROUP BY ALL"
            ).fetchall()
        )
    assert hours["market"] < 8
    assert hours["karaoke"] >= 19
    assert 8 <= hours["office"] <= 14


def test_every_category_present_at_default_share(tmp_path):
    database = _open(tmp_path)
    try:
        with database.cursor() as cur:
            city.generate(cur, "s", people=200, venues=1500, days=2, seed=3, checkins=100)
            present = {r[0] for r in cur.execute("SELECT DISTINCT category FROM venues").fetchall()}
            assert present == {c.code for c in CATEGORIES}
            temporary = cur.execute(
                "SELECT count(*) FROM venues WHERE category IN ('meeting', 'wedding_funeral')"
                " AND (starts_at IS NULL OR ends_at <= starts_at)"
            ).fetchone()[0]
            assert temporary == 0
            codes = [r[0] for r in cur.execute("SELECT venue_id FROM venues").fetchall()]
            assert len(set(codes)) == len(codes)
            assert all(len(c) == 6 and not set(c) & set("01ILO") for c in codes)
    finally:
        db.close_database(database.settings.db_path)


def test_demo_accounts_one_per_role(demo_db):
    with demo_db.cursor() as cur:
        for username, role, _, _ in city.DEMO_ACCOUNTS:
            user = accounts.authenticate(cur, username, city.demo_password(username), 5, 15)
            assert user.role == role
        staff = accounts.authenticate(cur, "chosadec", city.demo_password("chosadec"), 5, 15)
        assert len(staff.venue_ids) == 1
        category = cur.execute("SELECT category FROM venues WHERE venue_id = ?", [staff.venue_ids[0]]).fetchone()[0]
        assert category == "market"


def test_refuses_non_empty_database_and_bad_sizes(demo_db):
    with demo_db.cursor() as cur:
        with pytest.raises(ConflictError, match="--replace"):
            city.generate(cur, "s", people=10, venues=2, days=1, seed=1)
        with pytest.raises(InvalidInputError, match="positive"):
            city.generate(cur, "s", people=0, venues=2, days=1, seed=1)


_BUSY = (
    "SELECT v.category, count(*) AS visits, count(*) / count(DISTINCT v.venue_id) AS per_venue"
    " FROM checkins c JOIN venues v USING (venue_id) GROUP BY ALL ORDER BY visits DESC"
)
_HOURS = (
    "SELECT v.category, hour(timezone('Asia/Ho_Chi_Minh', c.checked_in_at)) AS h,"
    " isodow(timezone('Asia/Ho_Chi_Minh', c.checked_in_at)) >= 6 AS weekend, count(*) AS n"
    " FROM checkins c JOIN venues v USING (venue_id) GROUP BY ALL"
)


def _small_city(folder):
    """A small city of its own (200 venues: every category has a few), and its visits per category and hour."""
    database = _open(folder)
    try:
        with database.cursor() as cur:
            city.generate(cur, "s", people=3000, venues=200, days=14, seed=4, now=_NOW)
            busy = cur.execute(_BUSY).fetchall()
            hours: dict[str, dict[tuple[int, bool], int]] = {}
            for category, hour, weekend, n in cur.execute(_HOURS).fetchall():
                hours.setdefault(category, {})[(hour, weekend)] = n
            return busy, hours
    finally:
        db.close_database(database.settings.db_path)


def _per_hour(hours: dict[tuple[int, bool], int], weekend: bool | None = None) -> list[int]:
    return [sum(n for (h, w), n in hours.items() if h == hour and weekend in (None, w)) for hour in range(24)]


def test_crowded_places_are_the_busy_ones_with_their_daily_rhythm(tmp_path):
    busy, hours = _small_city(tmp_path)
    ranking = [category for category, _, _ in busy]
    per_venue = {category: per for category, _, per in busy}
    # markets, hospitals and schools draw the most visits; households, though many, the fewest
    assert set(ranking[:3]) == {"market", "hospital", "school"}
    assert ranking.index("household") >= len(ranking) - 2
    assert max(per_venue, key=per_venue.__getitem__) == "market"
    assert per_venue["market"] > 20 * per_venue["household"]

    def peak(category: str, weekend: bool | None = None) -> int:
        counts = _per_hour(hours[category], weekend)
        return counts.index(max(counts))

    assert 5 <= peak("market") <= 8
    school = _per_hour(hours["school"], weekend=False)
    assert school[7] > 3 * school[12] and school[17] > 3 * school[12]
    assert sum(_per_hour(hours["school"], weekend=True)) < 0.05 * sum(school)
    assert 8 <= peak("hospital") <= 15
    restaurant = _per_hour(hours["restaurant"])
    assert restaurant[12] > 2 * restaurant[15] and restaurant[18] > 2 * restaurant[15]
    assert 19 <= peak("karaoke") <= 22
    office_weekday = sum(_per_hour(hours["office"], weekend=False))
    assert sum(_per_hour(hours["office"], weekend=True)) < 0.1 * office_weekday
    assert 8 <= peak("office", weekend=False) <= 16


@pytest.mark.parametrize("hour", [3, 10, 20])  # UTC: 10:00, 17:00, 03:00 in Vietnam
def test_nobody_is_left_inside_twice(tmp_path, hour):
    """Independent draws left a person "inside" twice, once at the same market: the door's list of who is inside
    said one more than its counter (which counts people), at some hours the demo city was made and not at others.
    A visit the person followed with another is closed at that one's start, as the door does."""
    database = _open(tmp_path / "d")
    try:
        with database.cursor() as cur:
            now = _NOW.replace(hour=hour)
            city.generate(cur, "fixed-secret", **SMALL_DEMO, now=now)
            twice = cur.execute(
                """
                SELECT count(*)
                FROM (
                    SELECT person_id
                    FROM checkins
                    WHERE checked_out_at IS NULL AND checked_in_at > ?::TIMESTAMPTZ - INTERVAL 25 HOUR
                    GROUP BY person_id
                    HAVING count(*) > 1
                )
                """,
                [now],
            ).fetchone()
            closed = cur.execute("SELECT count(*) FROM checkins WHERE closed_by = 'checkin_elsewhere'").fetchone()
    finally:
        db.close_database(database.settings.db_path)
    assert twice == (0,) and closed[0] > 0
