"""Staff sign-in sessions on a real migrated DuckDB: one-time tickets, signed cookies, idle timeout,
revocation, a new record at every sign-in, and the account changes an administrator makes."""

from datetime import timedelta

import pytest

from lib.access import accounts, sessions
from lib.access.users import User
from lib.platform.errors import AuthError, InvalidInputError, NotFoundError, PermissionDeniedError
from lib.platform.times import now_utc

PASSWORD = "correct horse battery"
SECRET = "test-secret"


def _account(cur, username: str = "office1", role: str = "office") -> User:
    return accounts.load_user(cur, accounts.create_user(cur, username, PASSWORD, role, "Cán bộ"))


def _signed_in(cur, user: User, now=None) -> str:
    return sessions.claim_ticket(cur, sessions.open_session(cur, user, now=now), now=now)


def test_ticket_is_traded_once_for_a_token_that_names_the_user(fresh_db):
    with fresh_db.cursor() as cur:
        user = _account(cur)
        ticket = sessions.open_session(cur, user)
        token = sessions.claim_ticket(cur, ticket)
        assert sessions.user_for_token(cur, token, 30).username == "office1"
        with pytest.raises(AuthError, match="Sign-in could not be completed"):
            sessions.claim_ticket(cur, ticket)
        stored = cur.execute("SELECT token_hash, ticket_hash FROM staff_sessions").fetchall()
    assert stored[0][1] is None
    assert token not in stored[0][0] and ticket not in str(stored)  # only hashes are kept


def test_ticket_expires_after_a_minute(fresh_db):
    with fresh_db.cursor() as cur:
        user = _account(cur)
        start = now_utc()
        ticket = sessions.open_session(cur, user, now=start)
        with pytest.raises(AuthError):
            sessions.claim_ticket(cur, ticket, now=start + timedelta(seconds=sessions.TICKET_SECONDS + 1))


def test_cookie_is_signed_and_tampering_is_refused():
    value = sessions.seal(SECRET, "abc")
    assert sessions.unseal(SECRET, value) == "abc"
    assert sessions.unseal("other secret", value) is None
    assert sessions.unseal(SECRET, "abd" + value[3:]) is None
    assert sessions.unseal(SECRET, "abc") is None
    assert sessions.unseal(SECRET, None) is None


def test_idle_session_expires_and_stays_revoked(fresh_db):
    with fresh_db.cursor() as cur:
        user = _account(cur)
        start = now_utc() - timedelta(minutes=40)
        token = _signed_in(cur, user, now=start)
        assert sessions.user_for_token(cur, token, 30, now=start + timedelta(minutes=29)).user_id == user.user_id
        # used at minute 29, so idle only from then on
        assert sessions.user_for_token(cur, token, 30, now=start + timedelta(minutes=58)).user_id == user.user_id
        with pytest.raises(AuthError, match="expired after 30 idle minutes"):
            sessions.user_for_token(cur, token, 30, now=start + timedelta(minutes=89))
        with pytest.raises(AuthError, match="session has ended"):
            sessions.user_for_token(cur, token, 30, now=start + timedelta(minutes=90))
        assert cur.execute("SELECT revoked_reason FROM staff_sessions").fetchone()[0] == "idle"


def test_sign_out_revokes_and_is_audited(fresh_db):
    with fresh_db.cursor() as cur:
        user = _account(cur)
        token = _signed_in(cur, user)
        other_tab = sessions.user_for_token(cur, token, 30)  # a second tab shares the cookie
        assert other_tab.user_id == user.user_id
        sessions.end_session(cur, token)
        with pytest.raises(AuthError):
            sessions.user_for_token(cur, token, 30)
        assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'sign_out'").fetchone()[0] == 1


def test_each_sign_in_is_a_new_record_and_revokes_the_browsers_previous_one(fresh_db):
    with fresh_db.cursor() as cur:
        user = _account(cur)
        first = _signed_in(cur, user)
        second = sessions.claim_ticket(cur, sessions.open_session(cur, user), previous_token=first)
        assert first != second
        with pytest.raises(AuthError):
            sessions.user_for_token(cur, first, 30)
        assert sessions.user_for_token(cur, second, 30).user_id == user.user_id
        assert cur.execute("SELECT count(*) FROM staff_sessions").fetchone()[0] == 2


def test_disabled_account_is_refused_at_its_next_run(fresh_db):
    with fresh_db.cursor() as cur:
        admin = _account(cur, "admin1", "admin")
        user = _account(cur)
        token = _signed_in(cur, user)
        accounts.change_role(cur, admin, user.user_id, "office", active=False)
        with pytest.raises(NotFoundError, match="disabled"):
            sessions.user_for_token(cur, token, 30)
        assert cur.execute("SELECT revoked_reason FROM staff_sessions WHERE user_id = ?", [user.user_id]).fetchone()[0] == "disabled"


def test_reset_password_forces_a_change_and_ends_sessions(fresh_db):
    with fresh_db.cursor() as cur:
        admin = _account(cur, "admin1", "admin")
        user = _account(cur)
        token = _signed_in(cur, user)
        with pytest.raises(PermissionDeniedError):
            accounts.reset_password(cur, user, admin.user_id)
        temporary = accounts.reset_password(cur, admin, user.user_id)
        with pytest.raises(AuthError):
            sessions.user_for_token(cur, token, 30)
        with pytest.raises(AuthError, match="Wrong username or password"):
            accounts.authenticate(cur, "office1", PASSWORD, 5, 15)
        forced = accounts.authenticate(cur, "office1", temporary, 5, 15)
        assert forced.must_change_password
        with pytest.raises(AuthError, match="current password is wrong"):
            accounts.change_own_password(cur, forced, "not it", "a brand new password")
        with pytest.raises(InvalidInputError, match="must differ"):
            accounts.change_own_password(cur, forced, temporary, temporary)
        changed = accounts.change_own_password(cur, forced, temporary, "a brand new password")
        assert not changed.must_change_password
        assert accounts.authenticate(cur, "office1", "a brand new password", 5, 15).user_id == user.user_id
        actions = [r[0] for r in cur.execute("SELECT action FROM audit_log ORDER BY audit_id").fetchall()]
    assert "reset_password" in actions and "change_password" in actions


def test_password_change_ends_the_other_sessions_only(fresh_db):
    with fresh_db.cursor() as cur:
        user = _account(cur)
        here, laptop = _signed_in(cur, user), _signed_in(cur, user)
        assert sessions.end_other_sessions(cur, user.user_id, here, "password_changed") == 1
        assert sessions.user_for_token(cur, here, 30).user_id == user.user_id
        with pytest.raises(AuthError):
            sessions.user_for_token(cur, laptop, 30)


def test_unlock_lifts_a_lock_out(fresh_db):
    with fresh_db.cursor() as cur:
        admin = _account(cur, "admin1", "admin")
        user = _account(cur)
        for _ in range(3):
            with pytest.raises(AuthError):
                accounts.authenticate(cur, "office1", "wrong password!", 3, 15)
        with pytest.raises(AuthError, match="locked"):
            accounts.authenticate(cur, "office1", PASSWORD, 3, 15)
        accounts.unlock(cur, admin, user.user_id)
        assert accounts.authenticate(cur, "office1", PASSWORD, 3, 15).user_id == user.user_id
        assert cur.execute("SELECT count(*) FROM audit_log WHERE action = 'unlock_user'").fetchone()[0] == 1


def test_first_admin_with_a_printed_password_must_change_it(tmp_path, monkeypatch, capsys):
    from lib import cli

    monkeypatch.setenv("QRCHECKIN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("QRCHECKIN_DB_PATH", str(tmp_path / "first.duckdb"))
    monkeypatch.delenv("QRCHECKIN_ADMIN_PASSWORD", raising=False)
    assert cli.main(["init"]) == 0
    from lib.platform import db
    from lib.platform.config import load_settings

    settings = load_settings()
    with db.cursor(db.open_database(settings)) as cur:
        assert cur.execute("SELECT must_change_password FROM users WHERE username = 'admin'").fetchone()[0] is True
    db.close_database(settings.db_path)
