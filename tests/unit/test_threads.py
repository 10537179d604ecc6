"""DuckDB's threads (lib.platform.threads): one for the door's small statements, every configured one while
heavy work runs, also when several heavy works overlap on different threads and one ends first."""

from __future__ import annotations

import threading

from lib.platform import threads


def _threads(database) -> int:
    with database.cursor() as cur:
        return int(cur.execute("SELECT current_setting('threads')").fetchone()[0])


def test_a_database_runs_on_one_thread_and_heavy_work_on_the_configured_ones(fresh_db):
    assert fresh_db.settings.db_threads == 2
    assert _threads(fresh_db) == 1

    @threads.parallel_work
    def heavy(cur, add: int) -> tuple[int, int]:
        return int(cur.execute("SELECT current_setting('threads')").fetchone()[0]), add

    with fresh_db.cursor() as cur:
        assert heavy(cur, 5) == (2, 5)
        with threads.parallel(cur):
            assert heavy(cur, 1) == (2, 1)  # nested: still every thread, and after the inner one
            assert _threads(fresh_db) == 2
    assert _threads(fresh_db) == 1


def test_overlapping_heavy_works_keep_every_thread_until_the_last_ends(fresh_db):
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    seen: dict[str, int] = {}

    def first() -> None:
        with fresh_db.cursor() as cur, threads.parallel(cur):
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second() -> None:
        with fresh_db.cursor() as cur, threads.parallel(cur):
            first_in.wait(5)
            second_in.set()
            first_out.wait(5)
            seen["after the first ended"] = _threads(fresh_db)

    workers = [threading.Thread(target=first), threading.Thread(target=second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(10)
    assert seen == {"after the first ended": 2}
    assert _threads(fresh_db) == 1


def test_a_cursor_the_database_module_did_not_open_is_left_alone(fresh_db):
    raw = fresh_db.root.cursor()
    try:
        with threads.parallel(raw):
            assert _threads(fresh_db) == 1
    finally:
        raw.close()


def test_a_desk_users_page_run_has_every_thread_and_the_door_and_residents_one(fresh_db, monkeypatch):
    from lib.access.users import Role, User
    from lib.ui import resources

    monkeypatch.setattr(resources, "root", lambda: fresh_db.root)  # not the app's, whose maintenance jobs start
    seen = {}
    for role in (Role.OFFICE, Role.WARD, Role.HEALTH, Role.ADMIN, Role.STAFF, None):
        user = User(1, "u", "U", role) if role else None
        with resources.desk_run(user):
            seen[role] = _threads(fresh_db)
    assert seen == {Role.OFFICE: 2, Role.WARD: 2, Role.HEALTH: 2, Role.ADMIN: 2, Role.STAFF: 1, None: 1}
    assert _threads(fresh_db) == 1
