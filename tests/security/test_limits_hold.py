"""What the red team did to the limits, done again: parallel wrong passwords, parallel household look-ups,
fresh browser sessions against the public limits, one client locking out others, and the answers that told
accounts apart. Every count is in the database, atomic, and no conflict reaches anybody as a traceback."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import accounts, rate_limits
from lib.people import declaration_form, declarations, households
from lib.platform.config import PROJECT_ROOT, load_settings
from lib.platform.errors import AppError, AuthError, NotFoundError
from tests.conftest import tally

NOW = datetime(2026, 11, 26, 3, 0, tzinfo=UTC)
PASSWORD = "the-right-password"


def _in_parallel(database, n: int, work) -> list[BaseException | None]:
    """Run `work(cur, i)` on n threads at once, each with its own cursor on the same real DuckDB file; what
    each raised (None when it returned)."""
    outcome: list[BaseException | None] = [None] * n
    start = threading.Barrier(n)

    def run(i: int) -> None:
        with database.cursor() as cur:
            start.wait()
            try:
                work(cur, i)
            except BaseException as exc:
                outcome[i] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


def test_parallel_wrong_passwords_check_no_more_than_the_limit(fresh_db, monkeypatch):
    checked = []
    real_verify = accounts.verify_password
    monkeypatch.setattr(accounts, "verify_password", lambda h, p: checked.append(p) or real_verify(h, p))
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "canbo1", PASSWORD, "office", "Cán bộ")
    checked.clear()
    outcomes = []
    for round_no in range(6):  # six rounds of 20 within the lock period
        outcomes += _in_parallel(
            fresh_db,
            20,
            lambda cur, i, r=round_no: accounts.authenticate(cur, "canbo1", f"guess-{r}-{i}", 5, 15, now=NOW + timedelta(seconds=r)),
        )
    crashed = [o for o in outcomes if not isinstance(o, AuthError)]
    with fresh_db.cursor() as cur, pytest.raises(AuthError):  # locked: even the right password is refused
        accounts.authenticate(cur, "canbo1", PASSWORD, 5, 15, now=NOW + timedelta(minutes=1))
    tally("sign-in 6 x 20 parallel guesses", tried=120, passwords_checked=len(checked), tracebacks=len(crashed))
    assert crashed == [] and len(checked) == 5


def test_sign_in_answers_alike_and_one_client_cannot_lock_the_account_for_others(fresh_db):
    attacker = rate_limits.client("s", "198.51.100.7")
    office = rate_limits.client("s", "203.0.113.20")
    with fresh_db.cursor() as cur:
        accounts.create_user(cur, "admin1", PASSWORD, "admin", "Quản trị")
        admin = accounts.authenticate(cur, "admin1", PASSWORD, 5, 15, now=NOW, client=office, secret="s")
        accounts.create_user(cur, "canbo1", PASSWORD, "office", "Cán bộ")
        accounts.create_user(cur, "tatca", PASSWORD, "office", "Đã nghỉ")
        cur.execute("UPDATE users SET active = FALSE WHERE username = 'tatca'")
        answers: dict[str, set[str]] = {}
        for name in ("canbo1", "khongco", "tatca"):  # a known, an unknown and a disabled account
            for n in range(8):  # wrong passwords, then the lock
                with pytest.raises(AuthError) as err:
                    accounts.authenticate(cur, name, f"guess-{n}", 5, 15, now=NOW, client=attacker, secret="s")
                answers.setdefault(name, set()).add(err.value.message("vi"))
        with pytest.raises(AuthError):  # the attacker's client is locked out, even with the right password
            accounts.authenticate(cur, "canbo1", PASSWORD, 5, 15, now=NOW, client=attacker, secret="s")
        owner_in = accounts.authenticate(cur, "canbo1", PASSWORD, 5, 15, now=NOW, client=office, secret="s").username == "canbo1"
        # the lock of the attacker's client doubles next time (back-off)
        for n in range(5):
            with pytest.raises(AuthError):
                accounts.authenticate(cur, "canbo1", f"again-{n}", 5, 15, now=NOW + timedelta(minutes=16), client=attacker, secret="s")
        with pytest.raises(AuthError):
            accounts.authenticate(cur, "canbo1", PASSWORD, 5, 15, now=NOW + timedelta(minutes=40), client=attacker, secret="s")
        canbo = cur.execute("SELECT user_id FROM users WHERE username = 'canbo1'").fetchone()[0]
        cleared = accounts.unlock(cur, admin, canbo)
        unlocked = accounts.authenticate(cur, "canbo1", PASSWORD, 5, 15, now=NOW + timedelta(minutes=40), client=attacker, secret="s")
        audited = cur.execute("SELECT count(*) FROM audit_log WHERE action = 'unlock_user'").fetchone()[0]
    distinct = set().union(*answers.values())
    tally("sign-in enumeration (known, unknown, disabled x 8)", tried=24, distinct_answers=len(distinct))
    tally("sign-in lock-out of others by one client", tried=1, locked_out=int(not owner_in))
    assert len(distinct) == 1 and owner_in and cleared >= 1 and unlocked.username == "canbo1" and audited == 1


def test_parallel_household_lookups_hold_the_limit_per_client(fresh_db):
    owner = declaration_form.PersonForm("Lê Văn Tám", "1990", "Nam", phone="0912000099", id_number="087090123456")
    address = declaration_form.Address("2021", "87", "867", "29905", "1 Hùng Vương")
    with fresh_db.cursor() as cur:
        declarations.declare_household(cur, "s", owner, [], address, True, now=NOW)
    guesser = rate_limits.client("s", "198.51.100.9")
    compared = []
    outcomes = []
    for _ in range(3):
        outcomes += _in_parallel(
            fresh_db,
            20,
            lambda cur, i: (
                compared.append(1)
                or households.find_household(cur, "s", "0912000099", id_last4=f"{i:04d}", birth_year="1990", now=NOW, client=guesser)
            ),
        )
    processed = sum(isinstance(o, NotFoundError) for o in outcomes)
    crashed = [o for o in outcomes if not isinstance(o, AppError)]
    with fresh_db.cursor() as cur:  # the household itself, from its own phone, is not locked out
        own = households.find_household(
            cur, "s", "0912000099", id_last4="3456", birth_year="1990", now=NOW, client=rate_limits.client("s", "203.0.113.5")
        )
    tally("household look-ups 3 x 20 parallel", tried=60, processed=processed, tracebacks=len(crashed), owner_locked_out=int(not own))
    assert crashed == [] and processed == households.MAX_FAILURES and own


def _declare_one(n: int, phone: str) -> AppTest:
    """One new browser session (a fresh AppTest) that files one declaration."""
    at = AppTest.from_file(str(PROJECT_ROOT / "views/declaration.py"), default_timeout=60).run()
    at.text_input(key="declaration.p0.full_name").input("Nguyễn Văn An")
    at.text_input(key="declaration.p0.birth_year").input("1985")
    at.selectbox(key="declaration.p0.gender").select("Nam")
    at.text_input(key="declaration.p0.phone").input(phone)
    at.selectbox(key="declaration.address.ward").select("29905")
    at.text_input(key="declaration.address.street").input(f"{n} Hùng Vương")
    at.checkbox(key="declaration.consent").check()
    return at


def test_new_browser_sessions_do_not_reset_the_declaration_limit(fresh_db, monkeypatch):
    monkeypatch.setattr(declarations, "now_utc", lambda: NOW)
    # typos first: a form with errors does not count as a declaration
    typo = _declare_one(0, "0912 3")
    for _ in range(12):
        typo.button(key="declaration.submit").click().run()
    with fresh_db.cursor() as cur:
        typos_counted = cur.execute("SELECT count(*) FROM limit_counters WHERE bucket LIKE 'declare:%'").fetchone()[0]
    sessions = 15
    for n in range(sessions):  # 15 new sessions from one address (AppTest: loopback), each a new phone
        at = _declare_one(n, f"09123400{n:02d}")
        at.button(key="declaration.submit").click().run()
        assert not at.exception
    with fresh_db.cursor() as cur:
        stored = cur.execute("SELECT count(*) FROM people").fetchone()[0]
    tally("declarations from 15 new sessions of one client", tried=sessions, stored=stored, typo_forms_counted=typos_counted)
    assert typos_counted == 0 and stored == rate_limits.LIMITS["declare"]["client"].count


def test_public_limits_count_the_forwarded_address_only_behind_a_trusted_proxy():
    trusted = ["127.0.0.1", "10.0.0.0/8"]
    assert rate_limits.client_address(None, "198.51.100.1", trusted) == "198.51.100.1"  # behind the local proxy
    assert rate_limits.client_address("10.1.2.3", "1.2.3.4, 198.51.100.2", trusted) == "198.51.100.2"  # the left part is the client's word
    assert rate_limits.client_address("203.0.113.9", "198.51.100.3", trusted) == "203.0.113.9"  # not a proxy: not believed


def _self_checkin_attempts(database, n: int, limits: dict[str, int], venue_of) -> list[BaseException | None]:
    """n self check-ins counted at once, each from its own client and phone (a script behind many addresses)."""
    return _in_parallel(
        database,
        n,
        lambda cur, i: rate_limits.allow(
            cur,
            "s",
            "self_checkin",
            client=rate_limits.client("s", f"10.1.0.{i}"),
            phone=f"0912{i:06d}",
            now=NOW,
            venue=venue_of(i),
            sized=limits,
        ),
    )


def test_parallel_self_checkins_hold_the_venue_and_the_global_limit_sized_from_settings(fresh_db):
    limits = load_settings(
        {"QRCHECKIN_SELF_CHECKIN_PER_MINUTE": "30", "QRCHECKIN_SELF_CHECKIN_PER_VENUE_MINUTE": "10"}
    ).self_checkin_limits()
    one_venue = _self_checkin_attempts(fresh_db, 20, limits, lambda i: "VVVVVV")
    spread = _self_checkin_attempts(fresh_db, 40, limits, lambda i: f"V{i:05d}")
    refused = [o for o in one_venue + spread if o is not None]
    crashed = [o for o in refused if not isinstance(o, rate_limits.LimitReached)]
    tally("self check-ins 20 at one venue + 40 spread, limits 10/venue 30/all", tried=60, let_through=60 - len(refused))
    assert crashed == []
    assert sum(o is None for o in one_venue) == 10 and {o.kind for o in one_venue if o is not None} == {"venue"}
    # refused at the venue, the first batch's extra ten were not counted for everybody: 20 more get through
    assert sum(o is None for o in spread) == 20 and {o.kind for o in spread if o is not None} == {"all"}


def test_the_default_limits_let_a_province_morning_peak_through(fresh_db):
    """80 self check-ins a second is 4,800 a minute; the old global limit (600) refused the 601st. 700 in one
    minute, 7 at each of 100 venues, from as many phones: none refused under the default settings."""
    limits = load_settings({}).self_checkin_limits()
    refused = 0
    with fresh_db.cursor() as cur:
        for i in range(700):
            try:
                rate_limits.allow(
                    cur, "s", "self_checkin", client=rate_limits.client("s", f"10.2.{i // 250}.{i % 250}"), phone=f"0913{i:06d}",
                    now=NOW, venue=f"V{i % 100:05d}", sized=limits,
                )  # fmt: skip
            except rate_limits.LimitReached:
                refused += 1
    tally("self check-ins in one minute at 100 venues, default limits", tried=700, refused=refused)
    assert limits["all"] >= 80 * 60 and refused == 0
