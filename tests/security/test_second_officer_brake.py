"""The second-officer brake cannot be split: the red team marked 40 contacts as 20 + 20 and both applied at
once. The threshold counts the people of one case marked in one Vietnam day without a second officer, in the
database (lib.tracing.marks), so two marks in a row, two officers in parallel, or many small marks all stop at
the limit; the next day the count starts again, and another case has its own."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from lib.tracing import cases, marks
from tests import builders as build
from tests.conftest import tally

NOW = datetime(2026, 11, 25, 3, 0, tzinfo=UTC)  # 10:00 in Sa Đéc
LIMIT = 20


def _case_and_contacts(database, contacts: int = 80):
    with database.cursor() as cur:
        health, other = build.health(cur, "yte1"), build.health(cur, "yte2")
        for pid in range(1, contacts + 2):
            build.person(cur, pid)
        first = cases.create_case(cur, health, cases.CaseInput(1, NOW.date()), now=NOW)
        second = cases.create_case(cur, health, cases.CaseInput(2, NOW.date()), now=NOW)
    return health, other, first, second


def _applied_people(cur, case_id: int) -> int:
    return int(
        cur.execute(
            "SELECT count(DISTINCT p) FROM exposure_marks, unnest(person_ids) t(p) WHERE case_id = ? AND status = 'applied'", [case_id]
        ).fetchone()[0]
    )


def test_twenty_and_twenty_in_a_row_needs_a_second_officer(fresh_db):
    health, other, case_id, _ = _case_and_contacts(fresh_db)
    with fresh_db.cursor() as cur:
        first = marks.mark_f1(cur, health, case_id, list(range(3, 23)), LIMIT, now=NOW)
        second = marks.mark_f1(cur, health, case_id, list(range(23, 43)), LIMIT, now=NOW + timedelta(minutes=1))
        small = [marks.mark_f1(cur, health, case_id, [p], LIMIT, now=NOW + timedelta(minutes=2)) for p in range(43, 48)]
        alone = _applied_people(cur, case_id)
        confirmed = marks.confirm_mark(cur, other, second.mark_id)  # the second officer lets it through
    tally("second-officer brake split (20 + 20, then 5 x 1)", tried=45, applied_without_second_officer=alone - LIMIT)
    assert (first.status, second.status) == (marks.APPLIED, marks.PENDING)
    assert {m.status for m in small} == {marks.PENDING}
    assert alone == LIMIT and confirmed.created == 20


def test_two_officers_marking_twenty_each_at_once(fresh_db):
    health, other, case_id, _ = _case_and_contacts(fresh_db)
    results: dict[int, marks.Mark] = {}
    start = threading.Barrier(2)

    def mark(n: int, officer) -> None:
        with fresh_db.cursor() as cur:
            start.wait()
            results[n] = marks.mark_f1(cur, officer, case_id, list(range(3 + 20 * n, 23 + 20 * n)), LIMIT, now=NOW)

    threads = [threading.Thread(target=mark, args=(n, officer)) for n, officer in enumerate((health, other))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    with fresh_db.cursor() as cur:
        alone = _applied_people(cur, case_id)
    tally("second-officer brake split (2 officers x 20 in parallel)", tried=40, applied_without_second_officer=alone - LIMIT)
    assert sorted(m.status for m in results.values()) == [marks.APPLIED, marks.PENDING]
    assert alone == LIMIT


def test_the_count_is_per_case_and_per_vietnam_day(fresh_db):
    health, _, case_id, other_case = _case_and_contacts(fresh_db)
    late = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)  # 23:30 in Sa Đéc
    with fresh_db.cursor() as cur:
        today = marks.mark_f1(cur, health, case_id, list(range(3, 23)), LIMIT, now=late)
        other = marks.mark_f1(cur, health, other_case, list(range(23, 43)), LIMIT, now=late)
        after_midnight = marks.mark_f1(cur, health, case_id, list(range(43, 63)), LIMIT, now=late + timedelta(minutes=31))
    assert (today.status, other.status, after_midnight.status) == (marks.APPLIED, marks.APPLIED, marks.APPLIED)
