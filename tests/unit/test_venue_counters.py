"""A venue's door counters (lib.checkins.venue_counters): counted once for all the venue's doors, moved by each
scan this process records, and never kept one arrival short by a scan committed while they were being counted."""

from datetime import timedelta

from lib.checkins import rules, venue_counters, visits
from lib.platform import db
from lib.platform.times import now_utc
from lib.venues import lookup
from tests import builders as build


def test_a_scan_committed_while_the_venue_is_counted_is_not_lost(fresh_db, monkeypatch):
    """The count read the check-ins before a door's scan committed, the scan moved the counts kept before, and
    the count then replaced them: one arrival short for every answer of the next 5 s (an idle scanner, 30 s)."""
    with fresh_db.cursor() as cur:
        office = build.office(cur)
        market = build.venue(cur, office, "Chợ", "market", address="1 Lê Lợi")
        build.person(cur, 3001)
        here = lookup.venue_scope(cur, office, market)
    real = visits.count_checkins
    committed = []

    def count_then_a_scan_commits(cur, *args):
        counted = real(cur, *args)
        if not committed:  # another door's scan, committed and recorded between the count's reads and its keeping
            with fresh_db.cursor() as other:
                build.checkin(other, 1, 3001, market, now_utc() - timedelta(seconds=5))
            venue_counters.recorded(db.root_of(cur), market, rules.CHECKED_IN)
            committed.append(1)
        return counted

    monkeypatch.setattr(visits, "count_checkins", count_then_a_scan_commits)
    with fresh_db.cursor() as cur:
        assert venue_counters.counters(cur, market, here) == (1, 1)
        assert venue_counters.counters(cur, market, here) == (1, 1)  # kept, not one short
